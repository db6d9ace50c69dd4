"""manage.py profile_pages: see benchmark/profile.py."""

import json
from pathlib import Path

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.management.base import BaseCommand, CommandError
from django.test import override_settings

from benchmark.corpus import load_source
from benchmark.mix import CLASSES, query_mix
from benchmark.profile import VIEW_TIMER, hot_functions, profile_class, summarize
from speeches.models import Statement

SHARES = ["sql", "python", "template", "wsgi"]


class Command(BaseCommand):
    help = (
        "Split the time of each page of the benchmark's mix, built with no page cache, into SQL "
        "(query by query), Python, template rendering and the WSGI layer, on the database DATABASE_URL "
        "names (a benchmark-sized archive: keep one with `benchmark --corpus` and import_statements)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=20, help="Requests of each class (default 20).")
        parser.add_argument("--classes", nargs="*", choices=CLASSES, help="Only these classes.")
        parser.add_argument("--json", type=Path, help="Write every figure to this file as JSON.")
        parser.add_argument("--queries", type=int, default=3, help="Slowest queries shown a class (3).")
        parser.add_argument("--functions", type=int, default=0, help="Hot Python functions shown a class.")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options):
        if not Statement.objects.exists():
            raise CommandError("No statements to search: import a corpus first.")
        mix = query_mix(load_source(settings.BASE_DIR / "sample"), seed=options["seed"])
        names = options["classes"] or CLASSES
        figures = {}
        with override_settings(
            PAGE_CACHE_SECONDS=0,
            MIDDLEWARE=[*settings.MIDDLEWARE, VIEW_TIMER],
            ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "127.0.0.1"],
        ):
            application = WSGIHandler()
            for name in names:
                figures[name] = summarize(profile_class(application, mix[name], runs=options["runs"]))
                if options["functions"]:
                    figures[name]["functions"] = hot_functions(
                        application, mix[name], runs=options["runs"], top=options["functions"]
                    )
                self.report(name, figures[name], options)
        if options["json"]:
            options["json"].write_text(json.dumps(figures, indent=2) + "\n")
            self.stdout.write(f"figures written to {options['json']}")

    def report(self, name: str, figures: dict, options) -> None:
        shares = "  ".join(f"{s} {figures[f'{s}_ms']:6.2f} ms ({figures[f'{s}_share']:5.1%})" for s in SHARES)
        self.stdout.write(
            f"{name:<20} {figures['total_ms']:7.2f} ms  {shares}  {figures['queries_per_request']} queries"
        )
        for query in figures["queries"][: options["queries"]]:
            self.stdout.write(f"    {query['ms']:7.2f} ms  x{query['per_request']:<5} {query['sql']}")
        for function in figures.get("functions", []):
            self.stdout.write(
                f"    {function['own_ms']:7.3f} ms own  {function['cumulative_ms']:8.3f} cum  "
                f"x{function['calls_per_request']:<7} {function['function']}"
            )
