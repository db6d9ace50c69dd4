"""Large imports in worker processes, one per core, each taking whole meetings.

PostgreSQL's share of an import (building each search vector) is as large as
Python's, so two processes, each parsing and writing its own meetings on its
own connection, keep both cores busy. The plan gives each meeting to one part
(speeches.importing.plan), so no two workers write the same debate.
"""

import multiprocessing
import os
import time
import traceback

from django.db import connection, connections

from speeches.importing.plan import Plan
from speeches.importing.report import ImportReport

# Imports at least this large run in one worker process per core.
PARALLEL_MIN_STATEMENTS = 5_000
WORKERS = min(2, os.cpu_count() or 1)
# How often the parent reports its workers' progress.
POLL_SECONDS = 0.2
# The workers' CPU priority below the web processes' (os.nice): on a machine whose cores an
# import keeps busy, readers' pages are built first and the import takes the rest. With no one
# reading there is nothing to give way to; an idle import measured the same within the machine's
# noise (docs/PERFORMANCE.md, "Searches of more than 500 matches kept; import workers below readers").
NICENESS = 10


def parallel(plan: Plan) -> bool:
    """Whether the plan is worth worker processes. Inside a transaction (a dry run,
    a test) everything stays on one connection; archive members live in this process."""
    return (
        not connection.in_atomic_block
        and plan.count >= PARALLEL_MIN_STATEMENTS
        and WORKERS > 1
        and plan.on_disk
        and "fork" in multiprocessing.get_all_start_methods()
    )


def run_in_workers(importer, plan: Plan) -> None:
    """Run `importer` (a speeches.importing.run.Importer) over the plan's parts, one
    forked process each, and merge their reports into its own."""
    context = multiprocessing.get_context("fork")
    importer.shared_done = context.Value("l", 0)
    results = context.SimpleQueue()
    connections.close_all()  # each worker opens its own connection
    processes = [
        context.Process(target=_work, args=(importer, plan, part, results), daemon=True)
        for part in range(plan.parts)
    ]
    for process in processes:
        process.start()
    reports: list[ImportReport | str] = []
    while len(reports) < len(processes):
        while not results.empty():
            reports.append(results.get())
        if importer.progress:
            importer.progress(importer.done + importer.shared_done.value, importer.total)
        if len(reports) < len(processes):
            if not any(process.is_alive() for process in processes) and results.empty():
                raise RuntimeError("an import worker died without a report")
            time.sleep(POLL_SECONDS)
    for process in processes:
        process.join()
    for report in reports:
        if isinstance(report, str):
            raise RuntimeError(f"an import worker failed:\n{report}")
        importer.report.merge(report)
    importer.done += importer.shared_done.value


def _work(importer, plan: Plan, part: int, results) -> None:
    """In a worker process: this part's jobs, and the report of them back to the parent."""
    try:
        os.nice(NICENESS)
        importer.report = ImportReport(dry_run=importer.report.dry_run)
        with connection.cursor() as cursor:
            # Batches commit without waiting for the disk. A crash can lose
            # the last moment's batches, never leave one half-written, and
            # the same import run again writes them.
            cursor.execute("SET synchronous_commit = off")
        importer.process(plan.jobs(part))
        results.put(importer.report)
    except BaseException:
        results.put(traceback.format_exc())
    finally:
        connections.close_all()
