import datetime as dt
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from speeches.importing.queue import run_now
from speeches.models import ImportJob
from speeches.models.imports import MAX_SPEECH_NUMBER
from speeches.parsing.symbols import NotAMeeting, require_meeting


class Command(BaseCommand):
    help = (
        "Import Security Council statements from speech files, full verbatim meeting records (S/PV, "
        "recognised by their cover page), folders (read recursively) and .zip/.tar/.tar.gz archives, "
        "with the corpus's speaker.tsv/meta.tsv tables found beside them. "
        "Each import is recorded, and listed with the admin's uploads. "
        "Exits with status 1 when any file was refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", type=Path)
        parser.add_argument("--meeting", help='For files that carry none: the meeting, e.g. "S/PV.7704".')
        parser.add_argument("--date", help="For files that carry none: the meeting date, YYYY-MM-DD.")
        parser.add_argument("--topic", default="", help="For files that carry none: the agenda item.")
        parser.add_argument("--speech-number", type=int, help="For a single file that carries none.")
        parser.add_argument(
            "--records",
            action="store_true",
            help="Read every text file as a full verbatim record; refuse those that are not one.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Parse and report; write nothing.")

    def handle(self, *args, **options):
        meeting = None
        if options["meeting"]:
            try:
                meeting = require_meeting(options["meeting"])
            except NotAMeeting as exc:
                raise CommandError(f"--meeting: {exc}") from None
        date = None
        if options["date"]:
            try:
                date = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"--date {options['date']!r} is not a date (YYYY-MM-DD)") from None
        if options["speech_number"] is not None and not 0 <= options["speech_number"] <= MAX_SPEECH_NUMBER:
            raise CommandError(f"--speech-number must be from 0 to {MAX_SPEECH_NUMBER:,}")

        started = time.monotonic()
        show_progress = sys.stderr.isatty() and options["verbosity"] > 0
        _, report = run_now(
            progress=self._progress if show_progress else None,
            waiting=self.stderr.write,
            origin=ImportJob.Origin.COMMAND,
            uploads=[
                {"name": str(path), "size": path.stat().st_size if path.is_file() else None}
                for path in options["paths"]
            ],
            meeting=meeting.symbol if meeting else "",
            date=date,
            topic=options["topic"],
            speech_number=options["speech_number"],
            records=options["records"],
            dry_run=options["dry_run"],
        )
        if show_progress:
            sys.stderr.write("\n")
        for refusal in report.refused:
            self.stderr.write(f"refused {refusal}")
        for statement in report.unattributed:
            self.stdout.write(f"to review {statement}")
        for statement in report.attributed:
            self.stdout.write(f"attributed {statement}")
        for row in report.unread_rows:
            self.stderr.write(f"not read {row}")
        elapsed = time.monotonic() - started
        style = self.style.SUCCESS if report.ok else self.style.WARNING
        self.stdout.write(style(f"{report.summary()} in {elapsed:.1f}s"))
        if options["verbosity"] > 1 and report.phases:
            self.stdout.write(f"time: {report.timing()}")
        if not report.ok:
            raise CommandError(f"{len(report.refused)} refused (listed above)", returncode=1)

    def _progress(self, done: int, total: int) -> None:
        width = 30
        filled = width * done // total if total else width
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        sys.stderr.flush()
