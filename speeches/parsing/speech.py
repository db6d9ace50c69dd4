"""One statement, assembled from its text and whatever places it in a meeting:
the corpus file name, a row of a speaker table, a row of a meeting table, and
the curator's options, in that order of precedence. A full verbatim record
gives a whole meeting's statements at once (record_statements)."""

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from speeches.parsing.citations import ResolutionCitation, cited_documents, cited_resolutions
from speeches.parsing.records import MONTHS, Record
from speeches.parsing.symbols import FileMetadata, Meeting, parse_basename, parse_meeting
from speeches.parsing.tables import MeetingRow, SpeechRow
from speeches.parsing.text import paragraphs, word_count
from speeches.parsing.turns import joined_turn, split_turn


class Unplaceable(ValueError):
    """Nothing says which meeting (or which place in it) a statement belongs to."""


@dataclass(frozen=True)
class Options:
    """What the curator says about files that carry no metadata."""

    meeting: Meeting | None = None
    date: dt.date | None = None
    topic: str = ""
    speech_number: int | None = None
    records: bool = False  # read every text file as a full verbatim record


@dataclass
class MeetingInfo:
    meeting: Meeting
    year: int | None = None
    date: dt.date | None = None
    topic: str = ""
    agenda_region: str = ""
    agenda_subitems: list[str] = field(default_factory=list)
    outcome: str = ""
    speech_format: str = ""


@dataclass
class ParsedStatement:
    source: str
    meeting: MeetingInfo
    speech_number: int | None  # None: the meeting's next number, unless the text is already there
    speaker: str
    role: str
    delegation: str  # as printed
    participant_type: str
    language: str
    text: str
    word_count: int
    checksum: str
    resolutions: list[ResolutionCitation]
    documents: list[str]
    # Why the statement's speaker needs review: no delegation could be attributed (records),
    # or its text holds another speaker's turn (speech files whose source joined two speeches).
    attribution_note: str = ""
    # The speaker's standing on the Council at the time, where the source says
    # (speeches.parsing.tables.COUNCIL_STATUSES); "" when it does not.
    council_status: str = ""


def _meeting_from_row(row: SpeechRow | MeetingRow | None) -> tuple[Meeting, int] | None:
    if row is None:
        return None
    if row.basename and (parsed := parse_basename(row.basename)):
        return parsed
    if row.spv and (meeting := parse_meeting(row.spv)):
        return meeting, row.date.year if row.date else None
    return None


# A 2020-2021 letter circulating a meeting held by videoconference names its day: "the
# statements delivered ... in connection with the video- teleconference convened on Tuesday,
# 12 May 2020" (hyphens broken by line wrapping, "videoconference", "held on").
_LETTER_MEETING_DATE = re.compile(
    r"video[-\s]*(?:tele)?conference\s+(?:convened|held)\s+on\s+(?:[A-Z][a-z]+day,?\s+)?"
    r"(?P<day>\d{1,2})\s+(?P<month>[A-Z][a-z]+)\s+(?P<year>20\d\d)\b"
)


def letter_meeting_date(text: str) -> dt.date | None:
    """The day of the meeting by videoconference that a letter's opening says it records."""
    match = _LETTER_MEETING_DATE.search(text[:3000])
    if not match or (month := MONTHS.get(match["month"].lower())) is None:
        return None
    try:
        return dt.date(int(match["year"]), month, int(match["day"]))
    except ValueError:
        return None


def build_statement(
    raw_text: str,
    *,
    source: str,
    file_meta: FileMetadata | None = None,
    row: SpeechRow | None = None,
    meeting_row: MeetingRow | None = None,
    options: Options | None = None,
) -> ParsedStatement:
    options = options or Options()
    placed = (
        ((file_meta.meeting, file_meta.year) if file_meta else None)
        or _meeting_from_row(row)
        or _meeting_from_row(meeting_row)
    )
    if placed is None and options.meeting:
        placed = (options.meeting, None)
    if placed is None:
        raise Unplaceable(
            "cannot be placed in a meeting: its name is not a corpus file name "
            "(UNSC_2016_SPV.7704_spch012.txt), no speaker table row names it, and no meeting was given "
            "(--meeting S/PV.7704)"
        )
    meeting, year = placed

    date = (row and row.date) or (meeting_row and meeting_row.date) or options.date
    if date is None and meeting.meeting_number is None:
        date = letter_meeting_date(raw_text)
    info = MeetingInfo(
        meeting=meeting,
        year=date.year if date else year,
        date=date,
        topic=(row and row.topic) or (meeting_row and meeting_row.topic) or options.topic,
        agenda_region=row.agenda_region if row else "",
        agenda_subitems=row.agenda_subitems if row else [],
        outcome=(row and row.outcome) or (meeting_row and meeting_row.outcome) or "",
        speech_format=row.speech_format if row else "",
    )

    speech_number = file_meta.speech_number if file_meta else None
    if speech_number is None and row is not None:
        speech_number = row.speech_number
    if speech_number is None:
        speech_number = options.speech_number

    turn, body = split_turn(raw_text)
    paras = paragraphs(body)
    if not paras:
        raise Unplaceable("has a speaker turn but no text after it")
    text = "\n\n".join(paras)

    delegation = (row and row.country) or (turn.delegation if turn else "")
    joined = joined_turn(paras, delegation=delegation)
    speaker = (row and row.speaker) or (turn.speaker if turn else "")
    role = (turn.role if turn else "") or (row.role if row else "")
    participant = (row.participant_type if row else "") or ("president" if role == "The President" else "")
    return ParsedStatement(
        source=source,
        meeting=info,
        speech_number=speech_number,
        speaker=speaker,
        role=role,
        delegation=delegation,
        participant_type=participant,
        language=turn.language if turn else "",
        text=text,
        word_count=word_count(text),
        checksum=hashlib.sha256(text.encode()).hexdigest(),
        resolutions=cited_resolutions(text),
        documents=cited_documents(text),
        attribution_note=joined.note() if joined else "",
        council_status=row.council_status if row else "",
    )


@dataclass
class ParsedRecord:
    """A full verbatim record: the meeting, its statements in order, and the record itself."""

    source: str
    meeting: MeetingInfo
    record: Record
    statements: list[ParsedStatement]


def record_statements(record: Record, *, source: str) -> ParsedRecord:
    cover = record.cover
    info = MeetingInfo(
        meeting=cover.meeting,
        year=cover.date.year if cover.date else None,
        date=cover.date,
        topic=cover.topic,
        agenda_subitems=cover.agenda[1:],
    )
    statements = []
    for turn in record.turns:
        text = "\n\n".join(turn.paragraphs)
        who = turn.attribution
        statements.append(
            ParsedStatement(
                source=source,
                meeting=info,
                speech_number=turn.number,
                speaker=who.speaker,
                role=who.role,
                delegation=who.delegation,
                participant_type=who.participant_type,
                language=who.language,
                text=text,
                word_count=word_count(text),
                checksum=hashlib.sha256(text.encode()).hexdigest(),
                resolutions=cited_resolutions(text),
                documents=cited_documents(text),
                attribution_note=who.note,
            )
        )
    return ParsedRecord(source=source, meeting=info, record=record, statements=statements)
