"""The corpus's metadata tables: speaker.tsv (a row per speech), meta.tsv (a
row per meeting document) and the 2020 table whose `content` column holds
the speech text; and the two tables of Sakamoto & Matsuoka's "UNSC Meetings and
Speeches" (1946-2024): speeches.tsv (a row per speech, with its text) and
meetings.tsv (a row per meeting record).

Traps, as published (../shared/corpus/FORMATS.md): the Dataverse tables must
be read with no quoting, since fields hold R-style doubled apostrophes
("D''Affaires"); a newline inside a field splits a row over two physical
lines; the first column may be an unnamed row index; dates are ISO or
"15 March 2014"; some files are cp1252 with CRLF line ends. The 2020 table
with `content` was written by pandas and uses ordinary CSV quoting, and so are
Sakamoto & Matsuoka's tables (their speech text is quoted and may hold
newlines; booleans are True / False; missing values NA).
"""

import csv
import datetime as dt
import io
import re
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
    council_status: str = ""  # one of COUNCIL_STATUSES, where the table says


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


# A speaker's standing on the Council at the time of a statement.
P5, ELECTED, NOT_A_MEMBER, UNITED_NATIONS, OTHER = "p5", "elected", "non_member", "un", "other"
COUNCIL_STATUSES = [
    (P5, "Permanent member"),
    (ELECTED, "Elected member"),
    (NOT_A_MEMBER, "Not a member"),
    (UNITED_NATIONS, "United Nations"),
    (OTHER, "Other"),
]
# Sakamoto & Matsuoka's tables, by the columns that only they have.
SM_SPEECHES = {"speech_id", "record_id", "order", "speech", "permanent_member", "elected_member"}
SM_MEETINGS = {"record_id", "record", "meeting_num", "pres_country"}


def table_kind(header: list[str]) -> str | None:
    names = {h.strip().lower() for h in header}
    if SM_SPEECHES <= names:
        return "sm_speeches"
    if SM_MEETINGS <= names:
        return "sm_meetings"
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
        # A quoted field may hold newlines: a row is named by the line it starts on.
        reader = csv.reader(lines, delimiter="\t")
        start = 2
        for row in reader:
            if row:
                yield start, row
            start = reader.line_num + 2
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
    quoted = "content" in header or kind in ("sm_speeches", "sm_meetings")
    reader = _READERS[kind]
    try:
        for line, fields in _physical_rows(first, lines, name, quoted):
            source = f"{name} line {line}"
            if len(fields) != len(header):
                yield TableError(source, f"has {len(fields)} fields, the header has {len(header)}")
                continue
            values = dict(zip(header, fields, strict=True))
            try:
                yield reader(values, source)
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


# Sakamoto & Matsuoka's tables ----------------------------------------------------------------

_BOOLEANS = {"true": True, "false": False, "1": True, "0": False, "": False, "na": False}


def _flag(values: dict[str, str], name: str) -> bool:
    value = (values.get(name) or "").strip().lower()
    if value not in _BOOLEANS:
        raise ValueError(f"{name} {values[name]!r} is not True or False")
    return _BOOLEANS[value]


def _sm_date(values: dict[str, str]) -> dt.date | None:
    year, month, day = (_int(values.get(k, ""), k) for k in ("year", "month", "day"))
    if year is None or month is None or day is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{year}-{month}-{day} is not a date") from None


def _sm_symbol(doc_name: str) -> str:
    """ "S_PV.1" -> "S/PV.1"; "S_PV.5916_Resumption1" -> "S/PV.5916 (Resumption 1)"."""
    text = doc_name.strip().replace("_", "/", 1)
    if match := _SM_RESUMPTION.match(text):
        return f"{match[1]} (Resumption {int(match[2])})"
    return text.replace("_", "/")


_SM_RESUMPTION = re.compile(r"^(S/PV\.\d+)[\s_(]*Resumption[\s_]*(\d+)\)?$", re.IGNORECASE)


def council_status(values: dict[str, str]) -> str:
    """The speaker's standing from the table's flags: a permanent or elected member of the
    Council, a State that is not, the United Nations (its Secretary-General and organs), or other."""
    if _flag(values, "permanent_member"):
        return P5
    if _flag(values, "elected_member"):
        return ELECTED
    if _flag(values, "secretary_general") or _flag(values, "un_org"):
        return UNITED_NATIONS
    if _flag(values, "state"):
        return NOT_A_MEMBER
    return OTHER


def _sm_participant(values: dict[str, str], status: str) -> str:
    if _flag(values, "president"):
        return "president"
    return "member" if status in (P5, ELECTED) else "invited"


def _sm_speech_row(values: dict[str, str], source: str) -> SpeechRow:
    speech_id = _clean(values.get("speech_id"))
    if not speech_id:
        raise ValueError("has no speech_id")
    symbol = _sm_symbol(values.get("doc_name") or "")
    if not symbol.startswith("S/"):
        raise ValueError(f"doc_name {values.get('doc_name')!r} is not a meeting record (S_PV.1)")
    status = council_status(values)
    _flag(values, "procedural")  # read, so that a value that is not a boolean is refused
    speaker = _clean(values.get("speaker"))
    # "The President" is a role, as a record's turn prints it, not a name.
    role = speaker if speaker.lower() == "the president" else _clean(values.get("position"))
    return SpeechRow(
        source=source,
        filename=f"{speech_id}.txt",
        basename=_clean(values.get("record_id")),
        spv=symbol,
        speech_number=_int(values.get("order", ""), "order"),
        speaker="" if speaker.lower() == "the president" else speaker,
        country=_clean(values.get("affiliation")),
        participant_type=_sm_participant(values, status),
        role=role,
        date=_sm_date(values),
        topic=_clean(values.get("topic")) or _clean(values.get("agenda")),
        content=values.get("speech") or "",
        council_status=status,
    )


def _sm_meeting_row(values: dict[str, str], source: str) -> MeetingRow:
    return MeetingRow(
        source=source,
        basename=_clean(values.get("record_id")),
        spv=_clean(values.get("record")),
        date=_sm_date(values),
        topic=_clean(values.get("topic")) or _clean(values.get("agenda")),
        outcome=_clean(values.get("outcome")).strip("- "),
    )


_READERS = {
    "speaker": _speech_row,
    "meta": _meeting_row,
    "sm_speeches": _sm_speech_row,
    "sm_meetings": _sm_meeting_row,
}
