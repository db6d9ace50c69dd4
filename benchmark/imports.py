"""The import measured: import_statements in a process of its own, on the benchmark's database.

Its figures come from the ImportJob the command records, as a curator sees them
in the admin; the process itself gives the wall time and the peak memory.
"""

import os
import subprocess
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from benchmark.databases import benchmark_env, fetch, manage
from speeches.models import ImportJob


def measure_import(corpus: Path, url: str) -> dict:
    env = benchmark_env(url)
    subprocess.run(manage("migrate", "--no-input", "-v0"), env=env, check=True)
    jobs = ImportJob.objects.filter(origin=ImportJob.Origin.COMMAND).order_by("-pk")
    before = fetch(url, jobs[:1])
    # Its output goes to a file, not a pipe: statements listed for review can be more
    # than a pipe holds, and the import would wait for a reader that waits for it.
    with tempfile.TemporaryFile("w+") as output:
        started = time.monotonic()
        process = subprocess.Popen(manage("import_statements", str(corpus)), env=env, stdout=output)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.monotonic() - started
        output.seek(0)
        lines = output.read().strip().splitlines()
    returncode = os.waitstatus_to_exitcode(status)
    recorded = fetch(url, jobs.filter(pk__gt=before[0].pk if before else 0)[:1])
    job = recorded[0] if recorded else None
    if returncode or job is None or job.status != ImportJob.Status.DONE:
        said = (job.error or job.summary) if job else (lines[-1] if lines else "no output")
        raise CommandError(f"import_statements failed ({returncode}): {said}")
    return {
        "import_seconds": round(elapsed, 2),
        "import_statements_per_second": round(job.created / elapsed, 1),
        "import_job_seconds": round((job.finished_at - job.started_at).total_seconds(), 2),
        "import_created": job.created,
        "import_refused": job.refused,
        # ru_maxrss is in kilobytes on Linux.
        "import_peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "import_summary": job.summary,
    }


def import_register(url: str) -> float:
    """The Council's register (the UN library's tables in sample/register, 1946-2022, and its veto
    list) imported into the benchmark's archive after its statements, so that the resolution and
    veto pages have the real record's decisions: the import's wall time, in seconds."""
    started = time.monotonic()
    subprocess.run(
        manage("import_statements", str(settings.BASE_DIR / "sample" / "register")),
        env=benchmark_env(url),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return round(time.monotonic() - started, 2)
