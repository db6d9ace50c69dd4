"""The one import path, used by the import_statements command and the admin's uploads
(both through speeches.importing.queue): paths in, an ImportReport out.

An import goes in three steps, each a module of this package:

1. planning: every file and table row is entered in the import's plan (a
   temporary SQLite file, speeches.importing.plan), with the meeting it belongs
   to, so that the import's memory does not grow with its input;
2. parsing: each planned statement or record is read by speeches.parsing
   before anything of it is written, so a refused file writes nothing;
3. writing: statements in batches, a record whole in a transaction of its own
   (speeches.importing.writing), by this process or, for large imports, by
   worker processes that each take whole meetings (speeches.importing.workers).

A large import drops the search index and builds it once at the end
(speeches.search.index); after a real import the searched tables' statistics
are brought up to date.
"""

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path

from django.db import transaction

from speeches.importing import meetings, register, workers
from speeches.importing.debates import Debates
from speeches.importing.delegations import Delegations
from speeches.importing.plan import Plan, PlannedJob
from speeches.importing.planning import Planner
from speeches.importing.report import ImportReport, Refusal
from speeches.importing.writing import StatementWriter
from speeches.parsing.pdf import NotReadablePdf
from speeches.parsing.records import NotARecord, looks_like_record, parse_record
from speeches.parsing.register import VETOES, NotARegisterPage, read_meetings, read_vetoes
from speeches.parsing.sources import BadInput, iter_collections
from speeches.parsing.speech import (
    Options,
    ParsedRecord,
    ParsedStatement,
    Unplaceable,
    build_statement,
    record_statements,
)
from speeches.parsing.symbols import parse_filename
from speeches.parsing.text import NotText
from speeches.register_check import disagreements
from speeches.search import index

# Statements written in one transaction.
BATCH_SIZE = 400
# An import's plan lives in a temporary folder named by this prefix and the import's process id.
PLAN_PREFIX = "unsc-import-"


def import_paths(
    paths: Iterable[Path | str],
    *,
    options: Options | None = None,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    import_job_id: int | None = None,
) -> ImportReport:
    """Import speech files, folders and archives; return what happened.

    `progress(done, total)` is called as statements are processed. Statements
    created or changed point to the ImportJob `import_job_id` (their last_import).
    A dry run takes the same code path as a real import, rolled back at the end,
    so that its report says exactly what a real import would do.
    """
    importer = Importer(
        options=options or Options(), dry_run=dry_run, progress=progress, import_job_id=import_job_id
    )
    if dry_run:
        with transaction.atomic():
            importer.run([Path(p) for p in paths])
            transaction.set_rollback(True)
    else:
        importer.run([Path(p) for p in paths])
        with importer.timed("statistics and change log"):
            index.after_import()
    return importer.report


class Importer:
    def __init__(
        self,
        *,
        options: Options,
        dry_run: bool,
        progress: Callable[[int, int], None] | None,
        import_job_id: int | None = None,
    ):
        self.options = options
        self.report = ImportReport(dry_run=dry_run)
        self.progress = progress
        self.done = 0
        self.total = 0
        self.writer = StatementWriter(
            debates=Debates(), delegations=Delegations(), import_job_id=import_job_id
        )
        self.pending: list[ParsedStatement] = []
        self.shared_done = None  # the workers' count of statements done, while they run
        self.register_pages: list[tuple[str, str, str]] = []  # (name, kind, text)

    @contextmanager
    def timed(self, phase: str):
        """Record how long the block took as the report's `phase`."""
        started = time.monotonic()
        try:
            yield
        finally:
            self.report.phases[phase] = time.monotonic() - started

    def run(self, paths: list[Path]) -> None:
        forget_plans_of_dead_imports()
        with tempfile.TemporaryDirectory(prefix=f"{PLAN_PREFIX}{os.getpid()}-") as folder:
            plan = Plan(Path(folder), parts=workers.WORKERS)
            try:
                self._plan(plan, paths)
                self._parse_and_write(plan)
            finally:
                plan.close()
            self._write_register()

    def _plan(self, plan: Plan, paths: list[Path]) -> None:
        with self.timed("read and plan"):
            planner = Planner(plan, options=self.options, report=self.report)
            self.register_pages = planner.register_pages
            for collection, (path, entries) in enumerate(iter_collections(paths)):
                if isinstance(entries, BadInput):
                    self.report.refused.append(Refusal(str(path), str(entries).removeprefix(f"{path}: ")))
                    continue
                planner.add_collection(collection, entries)
            plan.finish()
            self.total = plan.count + len(self.report.refused)
            self.done = len(self.report.refused)

    def _parse_and_write(self, plan: Plan) -> None:
        parallel = workers.parallel(plan)
        # A large import drops the search index and builds it once at the end.
        # One killed before the end leaves no index: whatever import comes next builds it.
        if parallel:
            deferred = index.defer_for(plan.count)
        else:
            deferred = not self.report.dry_run and not index.exists()
        try:
            with self.timed("parse and write"):
                if parallel:
                    workers.run_in_workers(self, plan)
                else:
                    self.process(plan.jobs())
        finally:
            if deferred:
                with self.timed("search index built"):
                    index.rebuild()
                with self.timed("statistics"):
                    index.analyze()

    def _write_register(self) -> None:
        """The register's pages, after the statements (speeches.importing.register)."""
        if not self.register_pages:
            return
        with self.timed("register"):
            tables: list[tuple[str, list]] = []
            for name, kind, text in self.register_pages:
                if kind == VETOES:
                    vetoes, problems = read_vetoes(text, source=name)
                    self.report.vetoes.add(register.write_vetoes(vetoes, self.writer.delegations))
                else:
                    try:
                        _, listed, problems = read_meetings(text, source=name)
                    except NotARegisterPage as exc:
                        self.report.refused.append(Refusal(name, str(exc).removeprefix(f"{name}: ")))
                        continue
                    tables.append((name, listed))
                self.report.unread_rows.extend(problems)
            if tables:
                written = meetings.write_meetings(tables)
                self.report.meetings.add(written.meetings)
                self.report.resolutions.add(written.resolutions)
                self.report.unread_rows.extend(written.problems)
                self.report.disagreements = len(disagreements(debate_ids=written.debate_ids))

    def process(self, jobs: Iterable[PlannedJob]) -> None:
        """Parse and write the jobs, in order."""
        for job in jobs:
            parsed = self._parse(job)
            if isinstance(parsed, Refusal):
                self.report.refused.append(parsed)
                self._tick()
            elif isinstance(parsed, ParsedRecord):
                self._flush()  # a record is written on its own, whole or not at all
                self.report.add(self.writer.write_record(parsed))
                self._tick()
            else:
                self.pending.append(parsed)
                if len(self.pending) >= BATCH_SIZE:
                    self._flush()
        self._flush()

    def _parse(self, job: PlannedJob) -> ParsedStatement | ParsedRecord | Refusal:
        try:
            text = job.row.content or "" if job.entry is None else job.entry.text()
            if job.entry is not None and (job.record or (job.row is None and looks_like_record(text))):
                return record_statements(parse_record(text), source=job.filename)
            return build_statement(
                text,
                source=job.filename,
                file_meta=parse_filename(job.filename),
                row=job.row,
                meeting_row=job.meeting_row,
                options=self.options,
            )
        except (NotText, NotReadablePdf, NotARecord, Unplaceable, BadInput, OSError) as exc:
            return Refusal(job.source, str(exc))

    def _flush(self) -> None:
        batch, self.pending = self.pending, []
        if batch:
            self.report.add(self.writer.write_batch(batch))
            self._tick(len(batch))

    def _tick(self, n: int = 1) -> None:
        self.done += n
        if self.shared_done is not None:
            with self.shared_done.get_lock():
                self.shared_done.value += n
        elif self.progress:
            self.progress(self.done, self.total)


def forget_plans_of_dead_imports() -> list[Path]:
    """An import killed before its end (kill -9, a machine lost) leaves its plan's folder
    behind: remove those whose process is gone; return them."""
    removed = []
    for folder in Path(tempfile.gettempdir()).glob(f"{PLAN_PREFIX}*-*"):
        pid = folder.name.removeprefix(PLAN_PREFIX).split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's
    return True
