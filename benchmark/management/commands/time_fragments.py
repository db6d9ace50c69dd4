"""manage.py time_fragments: see benchmark/fragments.py."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import override_settings

from benchmark.fragments import pages, time_fragments
from speeches.models import Statement


class Command(BaseCommand):
    help = (
        "Time the HTML fragments the archive builds in Python against the templates they replace, "
        "on the statements of the database (import sample/ first), and check that both give the same HTML."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--repeat", type=int, default=7, help="Timed runs of each; the fastest counts (7)."
        )

    def handle(self, *args, **options):
        if not Statement.objects.exists():
            raise CommandError("No statements: run `manage.py import_statements sample/` first.")
        # The search's kept answers and pages are not what is timed here.
        with override_settings(PAGE_CACHE_SECONDS=0, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            timings = time_fragments(repeat=options["repeat"])
            whole = pages()
        self.stdout.write(f"{'fragment':<28}{'python ms':>11}{'template ms':>13}  data")
        for t in timings:
            self.stdout.write(f"{t.fragment:<28}{t.python_ms:>11.3f}{t.template_ms:>13.3f}  {t.size}")
        self.stdout.write(f"\n{'whole page':<40}{'ms':>9}")
        for url, ms in whole.items():
            self.stdout.write(f"{url:<40}{ms:>9.3f}")
