"""Run imports: the queue of uploads the worker works through, and the command's imports.

Any number of workers can share the queue: each claims the oldest queued job
with SELECT ... FOR UPDATE SKIP LOCKED, so no two take the same one. While a
job runs, its worker holds a PostgreSQL advisory lock on it through a
connection of the job's own, which also writes the job's progress (outside
the import's transactions, so progress shows even during a dry run, which is
one transaction rolled back at the end). PostgreSQL drops the lock with the
connection, so a job left "running" whose lock is free belongs to a worker
that died: fail_abandoned() says so in its record.

One import writes at a time: a job also holds the archive's lock (ARCHIVE) while it
runs, so that two imports of the same files cannot race on the same meetings or on
the search index; a second import says that it waits, and waits.
"""

import os
import socket
import time
import traceback
from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone

from speeches.importing.report import ImportReport
from speeches.importing.run import import_paths
from speeches.locks import ARCHIVE, IMPORTS
from speeches.models import ImportJob

PROGRESS_EVERY_SECONDS = 0.5
ABANDONED = (
    "The worker running this import stopped before the end (it was killed or lost its database connection)."
)
STOPPED = "The worker was stopped during this import."


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class JobConnection:
    """A database connection of a running job's own: holds its lock, writes its progress."""

    def __init__(self, *, also: Callable[[int, int], None] | None = None):
        self.db = connections.create_connection(DEFAULT_DB_ALIAS)
        self.also = also
        self.job_id: int | None = None
        self.done = self.total = 0
        self.written_at = 0.0

    def lock(self, job_id: int) -> None:
        self.job_id = job_id
        with self.db.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [IMPORTS, job_id])

    def hold_archive(self, waiting: Callable[[str], None] | None = None) -> None:
        """Take the archive's lock: at once when no other import runs, else after `waiting`
        was told which one runs, when it ends (or its process dies, which frees the lock)."""
        with self.db.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [IMPORTS, ARCHIVE])
            if cursor.fetchone()[0]:
                return
            if waiting:
                waiting(_another_import(self.job_id))
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [IMPORTS, ARCHIVE])

    def progress(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        if self.also:
            self.also(done, total)
        now = time.monotonic()
        if done < total and now - self.written_at < PROGRESS_EVERY_SECONDS:
            return
        self.written_at = now
        with self.db.cursor() as cursor:
            cursor.execute(
                f"UPDATE {ImportJob._meta.db_table} SET progress_done = %s, progress_total = %s WHERE id = %s",  # noqa: S608 (table names from the models; the values are parameters)
                [done, total, self.job_id],
            )

    def close(self) -> None:
        self.db.close()  # and with it the lock


def claim_next() -> tuple[ImportJob, JobConnection] | None:
    """The oldest queued job, now running and locked by this process; None when none waits."""
    if not ImportJob.objects.filter(status=ImportJob.Status.QUEUED).exists():
        return None
    job_connection = JobConnection()
    try:
        with transaction.atomic():
            job = (
                ImportJob.objects.select_for_update(skip_locked=True)
                .filter(status=ImportJob.Status.QUEUED)
                .order_by("created_at", "id")
                .first()
            )
            if job is None:
                job_connection.close()
                return None
            # Locked before "running" is committed, so no one can take it for abandoned.
            job_connection.lock(job.pk)
            job.status = ImportJob.Status.RUNNING
            job.started_at = timezone.now()
            job.worker = worker_name()
            job.save(update_fields=["status", "started_at", "worker"])
    except BaseException:
        job_connection.close()
        raise
    return job, job_connection


def _another_import(job_id: int | None) -> str:
    running = (
        ImportJob.objects.filter(status=ImportJob.Status.RUNNING)
        .exclude(pk=job_id)
        .order_by("started_at")
        .first()
    )
    which = (
        f"import #{running.pk}, started {running.started_at:%Y-%m-%d %H:%M} UTC"
        if running
        else "another import"
    )
    return f"Another import is running ({which}); this one waits for it to finish."


def run(
    job: ImportJob, job_connection: JobConnection, *, waiting: Callable[[str], None] | None = None
) -> ImportReport:
    """Import what the job names through import_paths, the one import path, and record the report:
    once no other import runs (`waiting` is told when another does).

    A failure is recorded before it is raised again; so is a stop (Ctrl-C, SIGTERM).
    """
    try:
        job_connection.hold_archive(waiting)
        report = import_paths(
            job.paths(),
            options=job.import_options(),
            dry_run=job.dry_run,
            progress=job_connection.progress,
            import_job_id=job.pk,
        )
        job.progress_done, job.progress_total = job_connection.done, job_connection.total
        job.record_report(report)
        return report
    except KeyboardInterrupt:
        job.record_failure(STOPPED)
        raise
    except Exception:
        job.record_failure(traceback.format_exc())
        raise
    finally:
        job_connection.close()


def run_now(
    *,
    progress: Callable[[int, int], None] | None = None,
    waiting: Callable[[str], None] | None = None,
    **fields,
) -> tuple[ImportJob, ImportReport]:
    """Record an import and run it at once, in this process (the import_statements command).
    An earlier import whose process died (kill -9) is recorded as failed first."""
    fail_abandoned()
    job_connection = JobConnection(also=progress)
    try:
        with transaction.atomic():
            job = ImportJob.objects.create(
                status=ImportJob.Status.RUNNING, started_at=timezone.now(), worker=worker_name(), **fields
            )
            job_connection.lock(job.pk)
    except BaseException:
        job_connection.close()
        raise
    return job, run(job, job_connection, waiting=waiting)


def fail_abandoned() -> int:
    """Record as failed the running jobs whose worker is gone; return how many."""
    failed = 0
    for pk in ImportJob.objects.filter(status=ImportJob.Status.RUNNING).values_list("pk", flat=True):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [IMPORTS, pk])
            if not cursor.fetchone()[0]:
                continue  # its worker is at work
            try:
                # Still running? It may have finished since the list was read.
                failed += ImportJob.objects.filter(pk=pk, status=ImportJob.Status.RUNNING).update(
                    status=ImportJob.Status.FAILED, finished_at=timezone.now(), error=ABANDONED
                )
            finally:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [IMPORTS, pk])
    return failed
