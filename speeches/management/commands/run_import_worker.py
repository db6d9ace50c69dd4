import logging
import signal
import threading
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connection
from django.template.defaultfilters import pluralize

from speeches.importing import queue as import_queue
from speeches.search import sorts
from speeches.search.service import concordance_source

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Run the imports curators upload in the admin: take the oldest queued one, run it, record its "
        "report, and so on; between imports, sort the concordances readers ask for sorted that are too "
        "long to sort while the page waits; wait when both queues are empty. Any number of workers can "
        "share the queues."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run what is queued now, then exit.")
        parser.add_argument(
            "--sleep", type=float, default=1.0, help="Seconds to wait between looks at an empty queue."
        )

    def handle(self, *args, **options):
        if options["sleep"] <= 0:
            raise CommandError("--sleep must be more than 0")
        if threading.current_thread() is not threading.main_thread():  # (a test's)
            return self.work(once=options["once"], sleep=options["sleep"])
        # docker stop sends SIGTERM: stop as on Ctrl-C, recording an interrupted import as failed.
        previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
        try:
            self.work(once=options["once"], sleep=options["sleep"])
        finally:
            signal.signal(signal.SIGTERM, previous)

    def work(self, *, once: bool, sleep: float) -> None:
        ran = failed = sorted_ = 0
        if not once:
            self.stdout.write("Import worker waiting for uploads (Ctrl-C stops)")
        try:
            while True:
                if not connection.in_atomic_block:  # (it is under a test)
                    close_old_connections()  # a connection the database dropped is replaced
                abandoned = import_queue.fail_abandoned()
                if abandoned:
                    self.stderr.write(f"{abandoned} import(s) left running by a stopped worker marked failed")
                claimed = import_queue.claim_next()
                if claimed is None:
                    if self.sort_one():
                        sorted_ += 1
                        continue
                    if once:
                        break
                    time.sleep(sleep)
                    continue
                job, job_connection = claimed
                ran += 1
                try:
                    report = import_queue.run(
                        job,
                        job_connection,
                        waiting=lambda message, job=job: self.stderr.write(f"{job}: {message}"),
                    )
                except Exception:
                    failed += 1
                    logger.exception("%s failed", job)
                    self.stderr.write(f"{job} failed; the traceback is in its record")
                else:
                    self.stdout.write(f"{job}: {report.summary()}")
        except KeyboardInterrupt:
            pass
        sorts_done = f"; {sorted_} concordance{pluralize(sorted_)} sorted" if sorted_ else ""
        self.stdout.write(f"Import worker stopped: {ran} imports run, {failed} failed{sorts_done}")

    def sort_one(self) -> bool:
        """Sort the oldest concordance waiting to be sorted (speeches.search.sorts), if one waits."""
        sort = sorts.claim_next(worker=import_queue.worker_name())
        if sort is None:
            return False
        started = time.monotonic()
        if sorts.run(sort, concordance_source):
            self.stdout.write(f"{sort}: sorted in {time.monotonic() - started:.1f} s")
        else:
            self.stderr.write(f"{sort}: not stored (failed, or asked for again meanwhile)")
        return True
