import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from speeches.benchmark.corpus import load_source, write_corpus


class Command(BaseCommand):
    help = (
        "Build a synthetic corpus of N statements from the sample's real text, import it into a database "
        "of its own (created and dropped here) through import_statements, and report the figures."
    )

    def add_arguments(self, parser):
        parser.add_argument("--statements", type=int, default=170_000, help="Corpus size (default 170000).")
        parser.add_argument("--json", type=Path, help="Write all figures to this file as JSON.")
        parser.add_argument("--corpus", type=Path, help="Keep the generated corpus in this folder.")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options):
        n = options["statements"]
        if n < 1:
            raise CommandError("--statements must be at least 1")
        results = {"statements": n, "machine": machine()}
        with tempfile.TemporaryDirectory(prefix="unsc-benchmark-") as tmp:
            corpus = options["corpus"] or Path(tmp) / "corpus"
            started = time.monotonic()
            source = load_source(settings.BASE_DIR / "sample")
            for written in write_corpus(corpus, n, source, seed=options["seed"]):
                self.stderr.write(f"\rwriting corpus: {written}/{n}", ending="")
            self.stderr.write(f"\rwrote {n} statements in {time.monotonic() - started:.0f}s")
            with benchmark_database() as url:
                results.update(self.measure_import(corpus, url))
        self.print_table(results)
        if options["json"]:
            options["json"].write_text(json.dumps(results, indent=2) + "\n")
            self.stdout.write(f"figures written to {options['json']}")

    def measure_import(self, corpus: Path, url: str) -> dict:
        env = {**os.environ, "DATABASE_URL": url}
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        subprocess.run([*manage, "migrate", "--no-input", "-v0"], env=env, check=True)
        started = time.monotonic()
        process = subprocess.Popen(
            [*manage, "import_statements", str(corpus)], env=env, stdout=subprocess.PIPE, text=True
        )
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.monotonic() - started
        summary = process.stdout.read().strip()
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            raise CommandError(f"import_statements failed ({process.returncode}): {summary}")
        self.stderr.write(f"\nimport: {summary}")
        created = int(summary.split("statements: ")[1].split(" created")[0])
        return {
            "import_seconds": round(elapsed, 2),
            "import_statements_per_second": round(created / elapsed, 1),
            # ru_maxrss is in kilobytes on Linux.
            "import_peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        }

    def print_table(self, results: dict) -> None:
        self.stdout.write(f"\n{'statements':<32}{results['statements']:>12}")
        for key in ("import_seconds", "import_statements_per_second", "import_peak_rss_mb"):
            self.stdout.write(f"{key:<32}{results[key]:>12}")


class benchmark_database:
    """A database of the benchmark's own on the archive's server, dropped on exit."""

    def __enter__(self) -> str:
        settings_dict = connection.settings_dict
        self.name = f"{settings_dict['NAME']}_benchmark_{os.getpid()}"
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{self.name}"')
        host = settings_dict["HOST"]
        user = quote(settings_dict["USER"] or "")
        password = quote(settings_dict["PASSWORD"] or "")
        netloc = f"{user}:{password}@" if user else ""
        if host.startswith("/"):
            return f"postgresql://{netloc}/{self.name}?host={quote(host)}"
        port = f":{settings_dict['PORT']}" if settings_dict["PORT"] else ""
        return f"postgresql://{netloc}{host}{port}/{self.name}"

    def __exit__(self, *exc):
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def machine() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    return {
        "cpus": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3, 1),
        "python": platform.python_version(),
        "postgresql": server,
        "platform": platform.platform(),
    }
