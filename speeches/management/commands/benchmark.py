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
from speeches.benchmark.floor import measure_floor
from speeches.benchmark.freshness import import_later
from speeches.benchmark.load import run_load, serve
from speeches.benchmark.mix import CLASSES, QUERIES_PER_CLASS, query_mix
from speeches.benchmark.pages import measure_pages
from speeches.models import Statement

CLASS_COLUMNS = ["p50_ms", "p95_ms", "p99_ms", "limit_p50_ms", "naive_p50_ms", "overlap_at_20", "count_error"]


class Command(BaseCommand):
    help = (
        "Build a synthetic corpus of N statements from the sample's real text, import it into a database "
        "of its own (created and dropped here) through import_statements, store the same statements again "
        "with PostgreSQL alone (the import's floor), measure its search pages "
        "(through Django, then through gunicorn under load), and report the figures."
    )

    def add_arguments(self, parser):
        parser.add_argument("--statements", type=int, default=170_000, help="Corpus size (default 170000).")
        parser.add_argument("--json", type=Path, help="Write all figures to this file as JSON.")
        parser.add_argument("--corpus", type=Path, help="Keep the generated corpus in this folder.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--runs", type=int, default=40, help="Timed runs of each query class (default 40)."
        )
        parser.add_argument(
            "--naive-runs", type=int, default=1, help="Runs of the naive search per class (slow; default 1)."
        )
        parser.add_argument(
            "--http-seconds", type=float, default=30, help="Length of the load test (default 30)."
        )
        parser.add_argument("--http-concurrency", type=int, default=16)
        parser.add_argument(
            "--http-workers", type=int, default=5, help="gunicorn worker processes (default 5)."
        )
        parser.add_argument(
            "--http-threads", type=int, default=1, help="Threads per gunicorn worker (default 1)."
        )
        parser.add_argument(
            "--search-only",
            action="store_true",
            help="Measure the search of the database DATABASE_URL names as it is: no corpus, no import "
            "(the benchmark runs itself this way on its own database).",
        )

    def handle(self, *args, **options):
        if options["search_only"]:
            results = self.measure_search(options)
        else:
            results = self.run_all(options)
        self.print_table(results)
        if options["json"]:
            options["json"].write_text(json.dumps(results, indent=2) + "\n")
            self.stdout.write(f"figures written to {options['json']}")

    def run_all(self, options) -> dict:
        n = options["statements"]
        if n < 1:
            raise CommandError("--statements must be at least 1")
        results = {"statements": n, "machine": machine(), "load_average_before": os.getloadavg()}
        with tempfile.TemporaryDirectory(prefix="unsc-benchmark-") as tmp:
            corpus = options["corpus"] or Path(tmp) / "corpus"
            started = time.monotonic()
            source = load_source(settings.BASE_DIR / "sample")
            for written in write_corpus(corpus, n, source, seed=options["seed"]):
                self.stderr.write(f"\rwriting corpus: {written}/{n}", ending="")
            self.stderr.write(f"\rwrote {n} statements in {time.monotonic() - started:.0f}s")
            with benchmark_database() as url:
                results.update(self.measure_import(corpus, url))
                # Right after the import, so that both see the machine in the same state.
                self.stderr.write("the same statements stored by PostgreSQL alone")
                results["import_floor"] = measure_floor(url)
                results.update(self.measure_search_in(url, Path(tmp) / "search.json", options))
        return results

    def measure_search_in(self, url: str, output: Path, options) -> dict:
        """This command with --search-only, in a process whose default database is the benchmark's."""
        command = [
            sys.executable,
            str(settings.BASE_DIR / "manage.py"),
            "benchmark",
            "--search-only",
            f"--json={output}",
            f"--seed={options['seed']}",
            f"--runs={options['runs']}",
            f"--naive-runs={options['naive_runs']}",
            f"--http-seconds={options['http_seconds']}",
            f"--http-concurrency={options['http_concurrency']}",
            f"--http-workers={options['http_workers']}",
            f"--http-threads={options['http_threads']}",
        ]
        subprocess.run(command, env=benchmark_env(url), check=True, stdout=subprocess.DEVNULL)
        return json.loads(output.read_text())

    def measure_search(self, options) -> dict:
        results = {"load_average_before_search": os.getloadavg()}
        source = load_source(settings.BASE_DIR / "sample")
        mix = query_mix(source, seed=options["seed"])
        results["classes"] = measure_pages(
            mix, runs=options["runs"], naive_runs=options["naive_runs"], log=lambda m: self.stderr.write(m)
        )
        overlaps = [figures["overlap_at_20"] for figures in results["classes"].values()]
        results["mean_overlap_at_20"] = round(sum(overlaps) / len(overlaps), 2)
        # Readers' requests, classes interleaved.
        paths = [mix[name][i % len(mix[name])].url for i in range(QUERIES_PER_CLASS) for name in CLASSES]
        for cached in (True, False):
            kept = "kept" if cached else "built every time"
            self.stderr.write(
                f"load: {options['http_concurrency']} clients for {options['http_seconds']}s, pages {kept}"
            )
            load = self.measure_http(paths, options, cached=cached)
            suffix = "" if cached else "_uncached"
            results.update(
                {
                    f"http_pages_per_second{suffix}": load["pages_per_second"],
                    f"http_errors{suffix}": load["errors"],
                    f"http_requests{suffix}": load["requests"],
                    f"http_latency_p50_ms{suffix}": load["latency_p50_ms"],
                    f"http_latency_p95_ms{suffix}": load["latency_p95_ms"],
                }
            )
        # Last, as it changes the archive: an import with every answer and page kept.
        self.stderr.write("a later import, and searches right after it")
        results["later_import"] = import_later(
            source, statements=max(20, Statement.objects.count() // 170), seed=options["seed"]
        )
        results.update(
            {
                "http_concurrency": options["http_concurrency"],
                "http_server": f"gunicorn, {options['http_workers']} workers x {options['http_threads']} threads",
                "load_average_after_search": os.getloadavg(),
            }
        )
        return results

    def measure_import(self, corpus: Path, url: str) -> dict:
        env = benchmark_env(url)
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        subprocess.run([*manage, "migrate", "--no-input", "-v0"], env=env, check=True)
        # Its output goes to a file, not a pipe: statements listed for review can be more
        # than a pipe holds, and the import would wait for a reader that waits for it.
        with tempfile.TemporaryFile("w+") as output:
            started = time.monotonic()
            process = subprocess.Popen([*manage, "import_statements", str(corpus)], env=env, stdout=output)
            _, status, usage = os.wait4(process.pid, 0)
            elapsed = time.monotonic() - started
            output.seek(0)
            lines = output.read().strip().splitlines()
        summary = lines[-1] if lines else ""
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

    def measure_http(self, paths: list[str], options, *, cached: bool) -> dict:
        """Pages per second through gunicorn, with whole pages kept (as deployed) or built every time."""
        env = benchmark_env(database_url())
        if not cached:
            env["PAGE_CACHE_SECONDS"] = "0"
        with tempfile.TemporaryDirectory(prefix="unsc-gunicorn-") as tmp:
            with serve(
                env=env,
                workers=options["http_workers"],
                threads=options["http_threads"],
                log=Path(tmp) / "gunicorn.log",
            ) as port:
                return run_load(
                    port=port,
                    paths=paths,
                    concurrency=options["http_concurrency"],
                    seconds=options["http_seconds"],
                    max_requests=int(options["http_seconds"] * 1000),
                )

    def print_table(self, results: dict) -> None:
        self.stdout.write("")
        for key in ("statements", "import_seconds", "import_statements_per_second", "import_peak_rss_mb"):
            if key in results:
                self.stdout.write(f"{key:<32}{results[key]:>12}")
        if floor := results.get("import_floor"):
            self.stdout.write(
                f"{'import floor (PostgreSQL alone)':<32}{floor['seconds']:>12} s, {floor['statements_per_second']}/s "
                f"(rows {floor['rows_seconds']} s, GIN index {floor['index_seconds']} s, "
                f"statistics {floor['statistics_seconds']} s)"
            )
        if "classes" not in results:
            return
        self.stdout.write("\n" + f"{'class':<22}" + "".join(f"{c:>15}" for c in CLASS_COLUMNS))
        for name, figures in results["classes"].items():
            cells = ["-" if figures[c] is None else figures[c] for c in CLASS_COLUMNS]
            self.stdout.write(f"{name:<22}" + "".join(f"{c:>15}" for c in cells))
        self.stdout.write("")
        for key in (
            "mean_overlap_at_20",
            "http_pages_per_second",
            "http_errors",
            "http_latency_p95_ms",
            "http_pages_per_second_uncached",
            "http_errors_uncached",
        ):
            self.stdout.write(f"{key:<32}{results[key]:>12}")
        later = results["later_import"]
        self.stdout.write(
            f"{'later import':<32}{later['statements']:>12} statements, {later['statements_per_second']}/s; "
            f"a search right after it sees them: {later['sees_new_statements']}"
        )


class benchmark_database:
    """A database of the benchmark's own on the archive's server, dropped on exit."""

    def __enter__(self) -> str:
        settings_dict = connection.settings_dict
        self.name = f"{settings_dict['NAME']}_benchmark_{os.getpid()}"
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{self.name}"')
        return _url(settings_dict, self.name)

    def __exit__(self, *exc):
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def database_url() -> str:
    """The default database's settings as a DATABASE_URL, for another process."""
    settings_dict = connection.settings_dict
    return _url(settings_dict, settings_dict["NAME"])


def _url(settings_dict: dict, name: str) -> str:
    host = settings_dict["HOST"]
    user = quote(settings_dict["USER"] or "")
    password = quote(settings_dict["PASSWORD"] or "")
    netloc = f"{user}:{password}@" if user else ""
    if host.startswith("/"):
        return f"postgresql://{netloc}/{name}?host={quote(host)}"
    port = f":{settings_dict['PORT']}" if settings_dict["PORT"] else ""
    return f"postgresql://{netloc}{host}{port}/{name}"


def benchmark_env(url: str) -> dict:
    """The environment of the benchmark's own processes: its database, production settings."""
    return {**os.environ, "DATABASE_URL": url, "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1,localhost"}


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
