"""Full verbatim records of a meeting (S/PV.NNNN), as text extracted from the UN's PDF.

A record is a cover page, then the meeting in order:

    United Nations S/ PV.8698                         (the symbol; "(Resumption 1)" on a resumption)
    Security Council / Seventy-fifth year
    8698th meeting
    Wednesday, 8 January 2020, 10 a.m.
    President: Mr. Dang ........ (Viet Nam)
    Members: Belgium ........ Mr. Pecsteen de Buytswerve
    China ........ Mr. Wu Haitao                      (one line per member)
    Agenda
    Peace consolidation in West Africa               (the item, then its sub-items and documents)
    This record contains the text of speeches ...    (boilerplate), 20-00526 (E), *2000526*
    ------ form feed; every later page opens with a running header and a page number:
    S/ PV. 8698 Peace consolidation in West Africa 08/01/2020
    2/18 20-00526
    The meeting was called to order at 10 a.m.
    The President: ...                                (speaker turns, each opening a paragraph)

Page furniture, paragraphs and turns are found by record_layout.py.

Everything between two turns belongs to the first of them, procedural lines
included ("The agenda was adopted.", a vote, "The meeting rose at ..."): the
published corpus splits records the same way. Text before the first turn (the
opening time, the agenda headings) belongs to no statement.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from speeches.parsing.attribution import Attribution, Invitation, attribute, invitations
from speeches.parsing.decisions import Decision, MeetingTimes, decisions, meeting_times, parse_time
from speeches.parsing.record_layout import (
    BARCODE,
    HEADER_DATE,
    JOB_NUMBER,
    RECORD_SYMBOL,
    digits,
    names_meeting,
    rebuild_paragraphs,
    remove_furniture,
    spaced,
    speaker_key,
    speaker_turn,
    symbol_numbers,
)
from speeches.parsing.symbols import Meeting, meeting_symbol
from speeches.parsing.turns import Turn


class NotARecord(ValueError):
    """The text cannot be read as a verbatim record; the message says what is missing."""


@dataclass(frozen=True)
class Member:
    delegation: str  # as printed on the cover page: "United Kingdom of Great Britain and Northern Ireland"
    representative: str  # "Mr. Roscoe", "Mr. Nebenzia/Ms. Evstigneeva"


@dataclass
class CoverPage:
    meeting: Meeting
    date: dt.date | None
    time: dt.time | None
    president: str  # "Mr. Dang"
    president_delegation: str  # "Viet Nam"
    members: list[Member]  # the Council as listed, the President's delegation first
    agenda: list[str]  # the item, then its sub-items as printed
    document_number: str  # "20-00526", the record's job number

    @property
    def topic(self) -> str:
        return self.agenda[0] if self.agenda else ""


@dataclass
class RecordTurn:
    """One speaker turn of the meeting with everything said until the next turn."""

    number: int  # speech number, from 1, in the order of the record
    turn: Turn  # as printed
    attribution: Attribution
    paragraphs: list[str]


@dataclass
class Record:
    cover: CoverPage
    turns: list[RecordTurn]
    decisions: list[Decision]
    times: MeetingTimes
    invitations: list[Invitation] = field(default_factory=list)

    @property
    def meeting(self) -> Meeting:
        return self.cover.meeting


# Recognising a record ------------------------------------------------------

# The cover's lines as pypdf may break them: "870 0th meeting", "Presi dent:".
_MEETING_LINE = re.compile(
    rf"^\s*(?P<number>\d(?:\s?\d){{0,4}})\s*(?:st|nd|rd|th)\s+{spaced('meeting')}\b", re.M
)
_PRESIDENT_LINE = re.compile(rf"^\s*{spaced('President')}\s*:", re.M)
_MEMBERS_LINE = re.compile(rf"^\s*{spaced('Members')}\s*:", re.M)
HEAD = 3000  # a cover page fits in the first 3,000 characters


def looks_like_record(text: str) -> bool:
    """Does the text open like a verbatim record (or one missing its cover page)?

    A cover page names the Security Council, the meeting ("8698th meeting"),
    the President and the members; a record without one still opens with its
    symbol or a running header ("S/ PV. 8698 <agenda item> 08/01/2020").
    """
    head = text[:HEAD]
    if "Security Council" in head and _MEETING_LINE.search(head) and _PRESIDENT_LINE.search(head):
        return True
    first_lines = head.lstrip().split("\n", 3)[:3]
    return any(
        RECORD_SYMBOL.search(line)
        and (line.lstrip().startswith(("United Nations", "S/")) or HEADER_DATE.search(line))
        for line in first_lines
    )


def sniff_meeting(text: str) -> Meeting | None:
    """The meeting a record's first lines name, without parsing the rest.

    The cover's "8700th meeting" line says which number a symbol broken by
    extraction stands for ("S/ PV.870 0"); whether the two agree is parse_cover's
    to check."""
    head = text[:HEAD]
    symbol = RECORD_SYMBOL.search(head)
    meeting_line = _MEETING_LINE.search(head)
    stated = digits(meeting_line.group("number")) if meeting_line else None
    if symbol:
        candidates = symbol_numbers(symbol)
        number = stated if stated in candidates else candidates[0]
        resumption = digits(symbol.group("resumption")) if symbol.group("resumption") else 0
    elif stated is not None:
        number, resumption = stated, 0
    else:
        return None
    if not resumption:
        # "(Resumption 1)" wrapped away from the symbol, or beside the meeting's number.
        lines = "\n".join(head.lstrip().split("\n")[:6])
        wrapped = _RESUMPTION.search(lines)
        resumption = digits(wrapped.group(1)) if wrapped else 0
    return Meeting(meeting_symbol(number, resumption), number, resumption)


_RESUMPTION = re.compile(rf"\(\s*{spaced('Resumption')}\s*(\d(?:\s?\d)?)\s*\)")


# The cover page ------------------------------------------------------------

MONTHS = {
    m: i
    for i, m in enumerate(
        "january february march april may june july august september october november december".split(), 1
    )
}
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
# "Wednesday, 8 January 2020, 10 a.m.", and as pypdf may break it: "Wednes day, 8 Janu ary 20 20".
_DATE_LINE = re.compile(
    rf"^\s*(?:{'|'.join(spaced(day) for day in _WEEKDAYS)})\s*,\s*"
    r"(?P<day>\d\s?\d?)\s+(?P<month>[A-Za-z](?:\s?[A-Za-z])*?)\s+(?P<year>\d(?:\s?\d){3})"
    r"[ \t]*(?:,[ \t]*(?P<time>[^\n]*?))?[ \t]*$",
    re.M,
)
_LEADER = re.compile(r"\s*\.{2,}[.\s]*")  # the dots between a name and its delegation
_DISCLAIMER = "This record contains the text of speeches"


def _cover_date(cover: str) -> tuple[dt.date | None, dt.time | None]:
    match = _DATE_LINE.search(cover)
    month = "".join(match.group("month").split()).lower() if match else ""
    if month not in MONTHS:
        return None, None
    try:
        date = dt.date(digits(match.group("year")), MONTHS[month], digits(match.group("day")))
    except ValueError:
        return None, None
    return date, parse_time(match.group("time") or "") if match.group("time") else None


def _president(lines: list[str]) -> tuple[str, str] | None:
    for i, line in enumerate(lines):
        if _PRESIDENT_LINE.match(line):
            text = line.split(":", 1)[1]
            if ")" not in text and i + 1 < len(lines):  # the delegation wrapped to the next line
                text += " " + lines[i + 1]
            match = re.match(r"\s*(?P<name>.+?)\s*(?:\.{2,}[.\s]*|\s)\((?P<delegation>.+)\)\s*$", text)
            if match:
                return " ".join(match.group("name").split()), " ".join(match.group("delegation").split())
            return None
    return None


def _members(lines: list[str]) -> list[Member]:
    members: list[Member] = []
    inside, wrapped = False, ""
    for line in lines:
        if _MEMBERS_LINE.match(line):
            inside = True
            line = line.split(":", 1)[1]
        elif not inside:
            continue
        if line.strip() == "Agenda" or line.strip().startswith(_DISCLAIMER):
            break
        parts = _LEADER.split(line.strip(), maxsplit=1)
        if len(parts) == 2 and parts[0] and parts[1]:
            delegation = " ".join(f"{wrapped} {parts[0]}".split())
            members.append(Member(delegation, " ".join(parts[1].split())))
            wrapped = ""
        elif line.strip():
            wrapped = f"{wrapped} {line.strip()}"  # a long delegation name wrapped onto two lines
    return members


def _agenda(lines: list[str]) -> list[str]:
    start = next((i for i, line in enumerate(lines) if line.strip() == "Agenda"), None)
    if start is None:
        return []
    block = []
    for line in lines[start + 1 :]:
        if line.strip().startswith(_DISCLAIMER) or JOB_NUMBER.match(line) or BARCODE.match(line):
            break
        block.append(line)
    return rebuild_paragraphs(block)


def parse_cover(cover: str) -> CoverPage:
    """Read a cover page; NotARecord names what a cover page must have and this one lacks."""
    lines = cover.split("\n")
    meeting = sniff_meeting(cover)
    president = _president(lines)
    members = _members(lines)
    missing = []
    if meeting is None:
        missing.append('the meeting ("S/PV.8698", "8698th meeting")')
    if president is None:
        missing.append('the President ("President: Mr. Dang .... (Viet Nam)")')
    if not members:
        missing.append('the members ("Members: Belgium .... Mr. Pecsteen de Buytswerve")')
    if missing:
        raise NotARecord(f"no cover page: it does not give {', '.join(missing)}")
    _check_agrees(cover)
    date, time = _cover_date(cover)
    job = next((m.group("number") for line in lines if (m := JOB_NUMBER.match(line))), "")
    name, delegation = president
    return CoverPage(
        meeting=meeting,
        date=date,
        time=time,
        president=name,
        president_delegation=delegation,
        members=[Member(delegation, name), *members],
        agenda=_agenda(lines),
        document_number=job,
    )


def _check_agrees(cover: str) -> None:
    """Refuse a cover whose symbol and meeting line name different meetings, quoting both."""
    symbol, meeting_line = RECORD_SYMBOL.search(cover), _MEETING_LINE.search(cover)
    if not symbol or not meeting_line:
        return
    stated = digits(meeting_line.group("number"))
    if names_meeting(symbol, stated):
        return

    def line_of(match: re.Match) -> str:
        number = cover.count("\n", 0, match.start()) + 1
        start = cover.rfind("\n", 0, match.start()) + 1
        end = cover.find("\n", match.end())
        return f'line {number}, "{cover[start : end if end >= 0 else None].strip()}"'

    raise NotARecord(
        f"the cover page is inconsistent: {line_of(symbol)}, gives S/PV.{symbol_numbers(symbol)[0]} "
        f"but {line_of(meeting_line)}, gives meeting {stated}"
    )


# The whole record ----------------------------------------------------------


def split_pages(text: str) -> tuple[str, list[str]]:
    """The cover page and the body's pages.

    Pages are separated by form feeds. Without them, the cover page ends where
    the meeting begins ("The meeting was called to order").
    """
    if "\f" in text:
        cover, *pages = text.split("\f")
        return cover, pages
    match = re.search(r"^\s*The meeting was (?:called to order|resumed) at", text, re.M)
    if match:
        return text[: match.start()], [text[match.start() :]]
    return text, []


def parse_record(text: str) -> Record:
    """Read a full verbatim record. Raises NotARecord saying what is missing."""
    if not looks_like_record(text):
        raise NotARecord(
            'is not a verbatim record: no cover page ("Security Council", "8698th meeting", '
            '"President:") and no record symbol (S/PV.8698) at the top'
        )
    cover_text, pages = split_pages(text)
    cover = parse_cover(cover_text)
    lines = remove_furniture(pages, cover.meeting, cover.date, cover.agenda)
    paragraphs = rebuild_paragraphs(lines)
    known_names = {speaker_key(part) for m in cover.members for part in m.representative.split("/")}
    turns: list[tuple[Turn, list[str]]] = []
    for paragraph in paragraphs:
        turn, body = speaker_turn(paragraph, known_names)
        if turn is not None:
            turns.append((turn, [body] if body else []))
        elif turns:
            turns[-1][1].append(paragraph)
    if not turns:
        raise NotARecord(
            'has a cover page but no speaker turn ("The President:", "Mr. Abarry (Niger):") in its text'
        )
    invited = invitations(p for turn, body in turns if turn.role == "The President" for p in body)
    record_turns = [
        RecordTurn(number, turn, attribute(turn, cover, invited), body)
        for number, (turn, body) in enumerate(turns, start=1)
    ]
    voters = [m.delegation for m in cover.members]
    return Record(
        cover=cover,
        turns=record_turns,
        decisions=decisions(paragraphs, voters),
        times=meeting_times(paragraphs),
        invitations=invited,
    )
