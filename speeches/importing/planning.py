"""Planning an import: every speech file and table row of the paths given, entered in
the import's plan (speeches.importing.plan) with the meeting it belongs to.

A file whose corpus name places it in a meeting is placed at once; others once
the collection's tables are read (a speaker.tsv row names the file's meeting);
a file that neither places may be a full verbatim record, whose first lines
name the meeting. A PDF is always a full record. Table rows that hold the text itself are statements of their own.
"""

from collections.abc import Iterable
from typing import BinaryIO

from speeches.importing.plan import Placement, Plan
from speeches.importing.report import ImportReport, Refusal
from speeches.parsing.pdf import NotReadablePdf
from speeches.parsing.records import looks_like_record, sniff_meeting
from speeches.parsing.register import page_kind
from speeches.parsing.sources import BadInput, Entry
from speeches.parsing.speech import Options
from speeches.parsing.symbols import parse_filename
from speeches.parsing.tables import MeetingRow, SpeechRow, TableError, read_header, read_table, table_kind
from speeches.parsing.text import NotText, decode

# Table rows sent to the plan at a time.
ROWS_AT_ONCE = 400
# How much of a file tells a record from a speech.
HEAD_BYTES = 4096


class Planner:
    def __init__(self, plan: Plan, *, options: Options, report: ImportReport):
        self.plan, self.options, self.report = plan, options, report
        # The register's veto lists (speeches.parsing.register) among the files: (name, text).
        self.register_pages: list[tuple[str, str, str]] = []  # (name, kind, text)

    def add_collection(self, collection: int, entries: Iterable[Entry]) -> None:
        """Add a collection's speech files and table rows to the plan."""
        tables = []
        for position, entry in enumerate(entries):
            kind = entry.kind
            if kind == "table":
                tables.append(entry)
            elif kind in ("text", "pdf"):
                self.report.files_read += 1
                sort = entry.inner if entry.on_disk else f"{position:012d}"
                by_name = kind == "text" and not self.options.records
                file_meta = parse_filename(entry.filename) if by_name else None
                placement = (file_meta.basename, file_meta.meeting.symbol, False) if file_meta else None
                self.plan.add_file(collection, entry, sort, placement)
            elif kind == "page":
                self._add_page(entry)
            else:
                self.report.skipped += 1
        if all(table.on_disk for table in tables):
            tables.sort(key=lambda table: table.inner)  # a folder is listed in no particular order
        for entry in tables:
            with entry.open() as stream:
                self._read_table(collection, entry.name, stream)
        self.plan.place_files(collection, self._place_file)

    def _place_file(self, filename: str, entry: Entry, row: SpeechRow | None) -> Placement:
        """Where a file goes that its name alone did not place. With no corpus name
        and no table row it may be a full record: its first lines say so, and name
        the meeting (which keeps the record in the same worker as the meeting's speech files)."""
        basename, key, record = placement(filename, row)
        if entry.kind == "pdf" or self.options.records or (row is None and parse_filename(filename) is None):
            try:
                head = _head(entry)
            except (OSError, BadInput, NotReadablePdf):
                return basename, key, record  # parsing reports it
            if entry.kind == "pdf" or self.options.records or looks_like_record(head):
                record = True
                meeting = sniff_meeting(head)
                if meeting is not None:
                    key = meeting.symbol
        return basename, key, record

    def _add_page(self, entry: Entry) -> None:
        """A page of the register (a yearly table of meetings, the veto list), recognised by its
        content; any other page is skipped."""
        try:
            text = decode(entry.read())
        except (NotText, OSError, BadInput) as exc:
            self.report.refused.append(Refusal(entry.name, str(exc)))
            return
        if kind := page_kind(text):
            self.report.files_read += 1
            self.register_pages.append((entry.name, kind, text))
        else:
            self.report.skipped += 1

    def _read_table(self, collection: int, name: str, stream: BinaryIO) -> None:
        try:
            if table_kind(read_header(stream)) is None:
                self.report.skipped += 1  # some other .tsv
                return
        except NotText as exc:
            self.report.refused.append(Refusal(name, str(exc)))
            return
        speech_rows: list[SpeechRow] = []
        meeting_rows: list[MeetingRow] = []
        for row in read_table(stream, name):
            if isinstance(row, TableError):
                self.report.refused.append(Refusal(row.source, str(row).removeprefix(f"{row.source}: ")))
            elif isinstance(row, MeetingRow):
                meeting_rows.append(row)
            elif row.content is not None:
                self.plan.add_content_row(collection, row, placement(row.filename, row))
            else:
                speech_rows.append(row)
            if len(speech_rows) + len(meeting_rows) >= ROWS_AT_ONCE:
                self.plan.add_rows(collection, speech_rows, meeting_rows)
                speech_rows, meeting_rows = [], []
        self.plan.add_rows(collection, speech_rows, meeting_rows)


def placement(filename: str, row: SpeechRow | None) -> Placement:
    """Where a file or row goes by its corpus name and table row alone."""
    file_meta = parse_filename(filename)
    basename = (file_meta.basename if file_meta else "") or (row.basename if row else "")
    # A row that names its meeting by symbol (Sakamoto & Matsuoka's "S/PV.7138") goes with the
    # meeting's other sources; speaker.tsv's `spv` is a number, its basename the corpus's name.
    named = row.spv if row and row.spv.startswith("S/") else ""
    key = file_meta.meeting.symbol if file_meta else named or basename or (row.spv if row else "")
    return basename, key, False


def _head(entry: Entry) -> str:
    """A file's first characters, to tell a record from a speech without reading it all
    (a PDF is read whole: its text is kept for the parsing, speeches.parsing.pdf)."""
    if entry.kind == "pdf":
        return entry.text()[:HEAD_BYTES]
    with entry.open() as f:
        return f.read(HEAD_BYTES).decode("utf-8", errors="ignore")
