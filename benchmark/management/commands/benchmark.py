"""manage.py benchmark: see the benchmark package's docstring."""

import json
import os
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Max

from benchmark.corpus import load_source, write_corpus
from benchmark.databases import benchmark_database, benchmark_env, database_url, disk, machine, manage
from benchmark.floor import measure_floor
from benchmark.freshness import import_later
from benchmark.imports import import_register, measure_import
from benchmark.load import run_load, serve
from benchmark.mix import CLASSES, QUERIES_PER_CLASS, query_mix
from benchmark.pages import measure_pages
from benchmark.report import print_readers, print_table
from speeches.models import Debate, Statement


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
        parser.add_argument(
            "--during-import",
            action="store_true",
            help="Measure only readers while an import runs, on the archive DATABASE_URL names as it is "
            "(it imports a sixth of its statements again, as new meetings): every page of the mix asked "
            "once, then the load test at rest, then while the import writes.",
        )

    def handle(self, *args, **options):
        if options["during_import"]:
            results = self.measure_readers_during_import(options)
            print_readers(self.stdout.write, results)
        elif options["search_only"]:
            results = self.measure_search(options)
            print_table(self.stdout.write, results)
        else:
            results = self.run_all(options)
            print_table(self.stdout.write, results)
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
                results.update(measure_import(corpus, url))
                self.stderr.write(f"\nimport: {results['import_summary']}")
                # Right after the import, so that both see the machine in the same state.
                self.stderr.write("the same statements stored by PostgreSQL alone")
                results["import_floor"] = measure_floor(url)
                self.stderr.write("the Council's register, for the resolution and veto pages")
                results["register_import_seconds"] = import_register(url)
                results.update(self.measure_search_in(url, Path(tmp) / "search.json", options))
        return results

    def measure_search_in(self, url: str, output: Path, options) -> dict:
        """This command with --search-only, in a process whose default database is the benchmark's."""
        command = manage(
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
        )
        subprocess.run(command, env=benchmark_env(url), check=True, stdout=subprocess.DEVNULL)
        return json.loads(output.read_text())

    def measure_search(self, options) -> dict:
        results = {"load_average_before_search": os.getloadavg(), "disk": disk()}
        source = load_source(settings.BASE_DIR / "sample")
        mix = query_mix(source, seed=options["seed"])
        results["classes"] = measure_pages(
            mix, runs=options["runs"], naive_runs=options["naive_runs"], log=lambda m: self.stderr.write(m)
        )
        overlaps = [figures["overlap_at_20"] for figures in results["classes"].values()]
        results["mean_overlap_at_20"] = round(sum(overlaps) / len(overlaps), 2)
        paths = mix_paths(mix)
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
                    f"http_error_statuses{suffix}": load["error_statuses"],
                    f"http_requests{suffix}": load["requests"],
                    f"http_latency_p50_ms{suffix}": load["latency_p50_ms"],
                    f"http_latency_p95_ms{suffix}": load["latency_p95_ms"],
                }
            )
        # Then the archive changes: readers' pages while an import writes, then a later import.
        self.stderr.write(f"load: {options['http_concurrency']} clients while an import runs")
        results["load_during_import"] = self.measure_http_during_import(paths, source, options)
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

    def measure_http_during_import(self, paths: list[str], source, options) -> dict:
        """The load test (pages kept, as deployed) while import_statements writes new meetings
        (a sixth of the archive again, in worker processes) in a process of its own."""
        statements = max(300, Statement.objects.count() // 6)
        first = (Debate.objects.aggregate(last=Max("meeting_number"))["last"] or 0) + 5000
        with tempfile.TemporaryDirectory(prefix="unsc-busy-import-") as tmp:
            corpus = Path(tmp) / "corpus"
            for _ in write_corpus(corpus, statements, source, seed=options["seed"] + 2, first_meeting=first):
                pass
            started = time.monotonic()
            importer = subprocess.Popen(
                manage("import_statements", str(corpus), "-v", "0"),
                env=benchmark_env(database_url()),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            ended = []
            waiter = threading.Thread(
                target=lambda: ended.append((importer.communicate()[1], time.monotonic()))
            )
            waiter.start()
            try:
                load = self.measure_http(paths, options, cached=True)
            finally:
                waiter.join()
        errors, finished_at = ended[0]
        return {
            "statements": statements,
            "import_seconds": round(finished_at - started, 2),
            "import_exit_status": importer.returncode,
            "import_errors": errors.strip()[-2000:],
            **load,
        }

    def measure_readers_during_import(self, options) -> dict:
        """Readers of an archive (the pages of the mix, each asked once before, as readers had
        asked them) at rest, then while an import writes."""
        source = load_source(settings.BASE_DIR / "sample")
        paths = mix_paths(query_mix(source, seed=options["seed"]))
        results = {"statements": Statement.objects.count(), "load_average_before": os.getloadavg()}
        self.stderr.write(f"each of the {len(paths)} pages of the mix, once")
        results["first_requests"] = self.measure_http(paths, options, cached=True, requests=len(paths))
        self.stderr.write(f"load: {options['http_concurrency']} clients for {options['http_seconds']}s")
        results["load_at_rest"] = self.measure_http(paths, options, cached=True)
        self.stderr.write(f"load: {options['http_concurrency']} clients while an import runs")
        results["load_during_import"] = self.measure_http_during_import(paths, source, options)
        return results

    def measure_http(self, paths: list[str], options, *, cached: bool, requests: int | None = None) -> dict:
        """Pages per second through gunicorn, with whole pages kept (as deployed) or built every time;
        `requests` pages, one after the other, when given."""
        env = benchmark_env(database_url())
        # One client address sends every request: the API's limit for anonymous clients
        # (API_ANON_RATE, 120 a minute) would answer most of its share 429.
        env["API_ANON_RATE"] = "1000000/minute"
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
                    concurrency=1 if requests else options["http_concurrency"],
                    seconds=3600 if requests else options["http_seconds"],
                    max_requests=requests or int(options["http_seconds"] * 1000),
                )


def mix_paths(mix: dict) -> list[str]:
    """Readers' requests: the mix's pages, classes interleaved."""
    return [mix[name][i % len(mix[name])].url for i in range(QUERIES_PER_CLASS) for name in CLASSES]
