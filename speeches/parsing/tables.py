"""The corpus's metadata tables: speaker.tsv (a row per speech), meta.tsv (a
row per meeting document) and the 2020 table whose `content` column holds
the speech text.

Traps, as published (../shared/corpus/FORMATS.md): the Dataverse tables must
be read with no quoting, since fields hold R-style doubled apostrophes
("D''Affaires"); a newline inside a field splits a row over two physical
lines; the first column may be an unnamed row index; dates are ISO or
"15 March 2014"; some files are cp1252 with CRLF line ends. The 2020 table
with `content` was written by pandas and uses ordinary CSV quoting.
"""

import csv
import datetime as dt
import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import BinaryIO

from speeches.parsing.text import NotText, first_line, text_lines

csv.field_size_limit(sys.maxsize)


class TableError(ValueError):
    def __init__(self, source: str, message: str):
        super().__init__(f"{source}: {message}")
        self.source = source


@dataclass(slots=True)
class SpeechRow:
    """One speech's metadata, as a speaker table gives it."""

    source: str  # "speaker.tsv line 12"
    filename: str
    basename: str = ""
    spv: str = ""
    speech_number: int | None = None
    speaker: str = ""
    country: str = ""
    participant_type: str = ""
    role: str = ""
    date: dt.date | None = None
    topic: str = ""
    agenda_region: str = ""
    agenda_subitems: list[str] = field(default_factory=list)
    outcome: str = ""
    speech_format: str = ""
    content: str | None = None


@dataclass(slots=True)
class MeetingRow:
    source: str
    basename: str
    spv: str = ""
    date: dt.date | None = None
    topic: str = ""
    outcome: str = ""


_PARTICIPANT_TYPES = {
    "the president": "president",
    "president": "president",
    "mentioned": "member",
    "guest": "invited",
}


def participant_type(value: str) -> str:
    """The sources' participanttype as the archive's: president, member, invited."""
    return _PARTICIPANT_TYPES.get(value.strip().lower(), "")


@cache
def parse_date(value: str) -> dt.date | None:
    """A date as the tables write it. Cached: a table repeats each meeting's date."""
    value = value.strip()
    if not value or value.upper() in {"NA", "NAN", "NONE"}:
        return None
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"date {value!r} is not a date (expected 2016-04-15 or 15 April 2016)")


def _clean(value: str | None) -> str:
    """A field's value; interned, since a table repeats its speakers, countries
    and topics on thousands of rows and an import may hold 170,000 rows."""
    if not value:
        return ""
    value = value.strip()
    if len(value) <= 3 and value.upper() in {"NA", "NAN"}:
        return ""
    return sys.intern(value)


def table_kind(header: list[str]) -> str | None:
    names = {h.strip().lower() for h in header}
    if "filename" in names and names & {"speaker", "speech", "speech_number", "content"}:
        return "speaker"
    if "basename" in names and names & {"num_speeches", "spv", "topic", "outcome"}:
        return "meta"
    return None


def read_header(data: bytes | BinaryIO) -> list[str]:
    """A table's column names; a stream is left where it was."""
    return first_line(io.BytesIO(data) if isinstance(data, bytes) else data).split("\t")


def _physical_rows(
    header: str, lines: Iterator[str], name: str, quoted: bool
) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) for each logical row after the header."""
    if quoted:
        reader = csv.reader(lines, delimiter="\t")
        for row in reader:
            if row:
                yield reader.line_num + 1, row
        return
    width = header.count("\t")
    pending, start = "", 0
    for number, line in enumerate(lines, start=2):
        line = line.removesuffix("\n")
        if not pending:
            if not line.strip():
                continue
            pending, start = line, number
        else:
            # A literal newline inside a field: re-join until the row is whole.
            pending = f"{pending} {line}"
        tabs = pending.count("\t")
        if tabs == width:
            yield start, [f.replace("''", "'") for f in pending.split("\t")]
            pending = ""
        elif tabs > width:
            raise TableError(f"{name} line {start}", f"has {tabs + 1} fields, the header has {width + 1}")
    if pending:
        raise TableError(
            f"{name} line {start}", f"ends inside a row ({pending.count(chr(9)) + 1} of {width + 1} fields)"
        )


def read_table(data: bytes | BinaryIO, name: str) -> Iterator[SpeechRow | MeetingRow | TableError]:
    """Rows of a corpus table, read from a stream as they are needed. A bad row
    yields a TableError naming its line; reading goes on with the next row."""
    lines = text_lines(io.BytesIO(data) if isinstance(data, bytes) else data)
    try:
        first = next(lines, "").rstrip("\n")
    except NotText as exc:
        yield TableError(name, str(exc))
        return
    header = [h.strip().lower() for h in first.split("\t")]
    kind = table_kind(header)
    if kind is None:
        yield TableError(name, "is not a corpus table (no filename or basename column)")
        return
    quoted = "content" in header
    try:
        for line, fields in _physical_rows(first, lines, name, quoted):
            source = f"{name} line {line}"
            if len(fields) != len(header):
                yield TableError(source, f"has {len(fields)} fields, the header has {len(header)}")
                continue
            values = dict(zip(header, fields, strict=True))
            try:
                yield _speech_row(values, source) if kind == "speaker" else _meeting_row(values, source)
            except ValueError as exc:
                yield TableError(source, str(exc))
    except TableError as exc:
        yield exc


def _int(value: str, what: str) -> int | None:
    value = _clean(value)
    if not value:
        return None
    try:
        return int(float(value))
    except ValueError:
        raise ValueError(f"{what} {value!r} is not a number") from None


def _speech_row(values: dict[str, str], source: str) -> SpeechRow:
    filename = _clean(values.get("filename"))
    if not filename:
        raise ValueError("has no filename")
    subitems = [_clean(values.get(f"agenda_item{i}")) for i in (2, 3, 4)]
    return SpeechRow(
        source=source,
        filename=filename,
        basename=_clean(values.get("basename")),
        spv=_clean(values.get("spv") or values.get("meeting_symbol")),
        speech_number=_int(values.get("speech_number") or values.get("speech", ""), "speech number"),
        speaker=_clean(values.get("speaker")),
        country=_clean(values.get("country") or values.get("country_org")),
        participant_type=participant_type(values.get("participanttype", "")),
        role=_clean(values.get("role_in_un") or values.get("role")),
        date=parse_date(values.get("date", "")),
        topic=_clean(values.get("topic")),
        agenda_region=_clean(values.get("agenda_item1")),
        agenda_subitems=[s for s in subitems if s],
        outcome=_clean(values.get("decision") or values.get("outcome")),
        speech_format=_clean(values.get("speech_format")),
        content=values.get("content"),
    )


def _meeting_row(values: dict[str, str], source: str) -> MeetingRow:
    return MeetingRow(
        source=source,
        basename=_clean(values.get("basename")),
        spv=_clean(values.get("spv")),
        date=parse_date(values.get("date", "")),
        topic=_clean(values.get("topic")),
        outcome=_clean(values.get("outcome")),
    )
