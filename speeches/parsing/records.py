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

The extraction leaves no blank line between paragraphs, but it keeps the PDF's
own spacing: a line that continues its paragraph ends with a space, the last
line of a paragraph ends without one. That is how paragraphs are rebuilt here;
text without that signal falls back to the shape of the lines.

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
from speeches.parsing.normalize import fold
from speeches.parsing.symbols import Meeting, meeting_symbol
from speeches.parsing.text import rejoin_hyphenated
from speeches.parsing.turns import Turn, split_turn


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

_SYMBOL = re.compile(r"S/\s?PV\.\s?(?P<number>\d{1,5})(?:\s*\(\s*Resumption\s*(?P<resumption>\d{1,2})\s*\))?")
_MEETING_LINE = re.compile(r"^\s*(?P<number>\d{1,5})\s*(?:st|nd|rd|th)\s+meeting\b", re.M)
_PRESIDENT_LINE = re.compile(r"^\s*President\s*:", re.M)
_MEMBERS_LINE = re.compile(r"^\s*Members\s*:", re.M)
_DATE = re.compile(r"\b\d{2}/\d{2}/\d{4}\b")
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
        _SYMBOL.search(line) and (line.lstrip().startswith(("United Nations", "S/")) or _DATE.search(line))
        for line in first_lines
    )


def sniff_meeting(text: str) -> Meeting | None:
    """The meeting a record's first lines name, without parsing the rest."""
    head = text[:HEAD]
    match = _SYMBOL.search(head)
    if match:
        number, resumption = int(match.group("number")), int(match.group("resumption") or 0)
        return Meeting(meeting_symbol(number, resumption), number, resumption)
    match = _MEETING_LINE.search(head)
    if match:
        number = int(match.group("number"))
        return Meeting(meeting_symbol(number), number, 0)
    return None


# The cover page ------------------------------------------------------------

_MONTHS = {
    m: i
    for i, m in enumerate(
        "january february march april may june july august september october november december".split(), 1
    )
}
_DATE_LINE = re.compile(
    r"^\s*(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\s*,\s*"
    r"(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\s+(?P<year>\d{4})\s*(?:,\s*(?P<time>.*?))?\s*$",
    re.M,
)
_LEADER = re.compile(r"\s*\.{2,}[.\s]*")  # the dots between a name and its delegation
_DISCLAIMER = "This record contains the text of speeches"
_JOB_NUMBER = re.compile(r"^\s*(?P<number>\d{2}-\d{5})\s*\(E\)")
_BARCODE = re.compile(r"^\s*\*\d{5,}\*\s*$")


def _cover_date(cover: str) -> tuple[dt.date | None, dt.time | None]:
    match = _DATE_LINE.search(cover)
    if not match or match.group("month").lower() not in _MONTHS:
        return None, None
    try:
        date = dt.date(
            int(match.group("year")), _MONTHS[match.group("month").lower()], int(match.group("day"))
        )
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
        if line.strip().startswith(_DISCLAIMER) or _JOB_NUMBER.match(line) or _BARCODE.match(line):
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
    meeting_line = _MEETING_LINE.search(cover)
    if meeting_line and int(meeting_line.group("number")) != meeting.meeting_number:
        raise NotARecord(
            f"the cover page is inconsistent: symbol {meeting.symbol} but {meeting_line.group(0).strip()!r}"
        )
    date, time = _cover_date(cover)
    job = next((m.group("number") for line in lines if (m := _JOB_NUMBER.match(line))), "")
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


# Page furniture ------------------------------------------------------------

_PAGE_NUMBER = re.compile(r"^\s*(?:\d{1,3}/\d{1,3}\s+\d{2}-\d{5}|\d{2}-\d{5}\s+\d{1,3}/\d{1,3})\s*$")
_LONE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
_EDGE = 3  # furniture sits within this many lines of a page's top or bottom


def _is_running_header(line: str, meeting: Meeting) -> bool:
    """ "S/ PV. 8698 Peace consolidation in West Africa 08/01/2020", or the
    same the other way round on odd pages, or the symbol alone."""
    stripped = line.strip()
    symbol = _SYMBOL.search(stripped)
    if not symbol or int(symbol.group("number")) != meeting.meeting_number:
        return False
    at_edge = symbol.start() == 0 or symbol.end() == len(stripped)
    return at_edge and (stripped == symbol.group(0) or bool(_DATE.search(stripped)))


def _key(text: str) -> str:
    return " ".join(fold(text).casefold().split()).strip(" ,.:;")


def remove_furniture(pages: list[str], cover: CoverPage) -> list[str]:
    """The body's lines without running headers, page numbers, job numbers and barcodes."""
    meeting = cover.meeting
    date = cover.date.strftime("%d/%m/%Y") if cover.date else None
    agenda = _key(" ".join(cover.agenda))
    lines: list[str] = []
    for page in pages:
        page_lines = page.split("\n")
        while page_lines and not page_lines[0].strip():
            page_lines.pop(0)
        while page_lines and not page_lines[-1].strip():
            page_lines.pop()
        count = len(page_lines)
        edge = set(range(min(_EDGE, count))) | set(range(max(0, count - _EDGE), count))
        furniture, headers = set(), set()
        for i, line in enumerate(page_lines):
            if _PAGE_NUMBER.match(line) or _JOB_NUMBER.match(line) or _BARCODE.match(line):
                furniture.add(i)
            elif _is_running_header(line, meeting) or (
                i in edge and (_own_symbol(line, meeting) or (date and date in line))
            ):
                furniture.add(i)
                headers.add(i)
            elif i in edge and _LONE_NUMBER.match(line):
                furniture.add(i)
        # A running header too long for one line wraps; its other half is
        # part of the agenda item.
        for i in sorted(edge - furniture):
            key = _key(page_lines[i])
            if {i - 1, i + 1} & headers and len(key) >= 8 and key in agenda:
                furniture.add(i)
        lines.extend(line.replace("\f", "") for i, line in enumerate(page_lines) if i not in furniture)
    return lines


def _own_symbol(line: str, meeting: Meeting) -> bool:
    return any(int(m.group("number")) == meeting.meeting_number for m in _SYMBOL.finditer(line))


# Paragraphs ----------------------------------------------------------------

# A line that ends with one of these and no space continues a word on the next
# line ("Secretary-|General", "Al-Aqsa Mosque/|Al-Haram Al-Sharif").
_CONTINUES_WORD = ("-", "/", "\u00ad")
_SENTENCE_END = (".", "?", "!", ":", ";", "”", '"', "’", ")")
_VOTE_LABEL = re.compile(r"^\s*(?:In favour|Against|Abstaining|Abstentions?)\s*:\s*$")


def trailing_space_signal(lines: list[str]) -> bool:
    """Does the text mark a paragraph's continuation lines with a trailing space?

    In pypdf's output of the UN's records about four lines in five end with a
    space, and a paragraph's last line never does. Text wrapped some other way
    (or stripped of trailing spaces) has almost none.
    """
    text_lines = [line for line in lines if line.strip()]
    if len(text_lines) < 5:
        return any(line != line.rstrip() for line in text_lines)
    spaced = sum(1 for line in text_lines if line != line.rstrip())
    return spaced >= 0.3 * len(text_lines)


def _paragraph_ends(lines: list[str], signal: bool) -> list[bool]:
    ends = []
    widths = sorted(len(line.rstrip()) for line in lines if line.strip())
    width = widths[round(0.9 * (len(widths) - 1))] if widths else 0  # a full line
    for i, line in enumerate(lines):
        stripped = line.rstrip()
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if not stripped:
            ends.append(True)
        elif not following.strip():
            ends.append(True)  # a blank line, where the text has them, always ends a paragraph
        elif signal:
            # A turn always opens a paragraph, should a line before one keep its space.
            ends.append(
                (stripped == line and not stripped.endswith(_CONTINUES_WORD))
                or (stripped.endswith(_SENTENCE_END) and opens_turn(" ".join(lines[i + 1 : i + 3])))
            )
        else:
            # No signal: a short line closing a sentence ends its paragraph; so
            # does a heading (a short line with no full stop: "Adoption of the
            # agenda"), a vote's label, and any line followed by a speaker turn,
            # which may wrap ("Mr. Singer Weisinger (Dominican Republic)|(spoke in Spanish):").
            short = len(stripped) < 0.8 * width
            heading = len(stripped) < 0.6 * width and following.lstrip()[:1].isupper()
            closes = stripped.endswith(_SENTENCE_END)
            after = " ".join(lines[i + 1 : i + 3])
            wrapped_turn = not opens_turn(stripped) and opens_turn(f"{stripped} {following}")
            ends.append(
                not wrapped_turn
                and (
                    (closes and short)
                    or heading
                    or bool(_VOTE_LABEL.match(stripped) or _VOTE_LABEL.match(following))
                    or opens_turn(after)
                )
            )
    return ends


def _join(lines: list[str]) -> str:
    text = ""
    for line in lines:
        stripped = line.strip()
        if not text:
            text = stripped
        elif text.endswith("-"):
            text += "\n" + stripped  # rejoin_hyphenated decides: "coun-|try", "Secretary-|General"
        elif text.endswith(("/", "\u00ad")):
            text = text.rstrip("\u00ad") + stripped
        else:
            text += " " + stripped
    return " ".join(rejoin_hyphenated(text).split())


def rebuild_paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs from hard-wrapped lines with no blank lines between paragraphs."""
    signal = trailing_space_signal(lines)
    paragraphs, current = [], []
    for line, ends in zip(lines, _paragraph_ends(lines, signal), strict=True):
        if line.strip():
            current.append(line)
        if ends and current:
            paragraphs.append(_join(current))
            current = []
    if current:
        paragraphs.append(_join(current))
    return [p for p in paragraphs if p]


# Speaker turns -------------------------------------------------------------

# Words that open a speaker's name in the Council's records.
HONORIFICS = {
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "baroness", "baron", "archbishop",
    "monsignor", "msgr", "cardinal", "bishop", "father", "sister", "rabbi", "imam", "sheikh", "shaikh",
    "sheikha", "prince", "princess", "king", "queen", "president", "prime", "vice", "minister",
    "dato", "datuk", "tan", "ambassador", "general", "judge", "justice", "professor", "prof", "reverend",
    "rev", "emir", "crown", "his", "her", "count", "countess", "chief", "major", "colonel",
}  # fmt: skip
# Labels of the record that look like a turn: "Against:", "In favour:", "Agenda:".
_NOT_SPEAKERS = {
    "in favour", "against", "abstaining", "abstention", "abstentions", "agenda", "members",
    "president", "note", "annex", "enclosure", "decision", "resolution", "draft resolution", "item",
}  # fmt: skip


def opens_turn(paragraph: str) -> bool:
    return speaker_turn(paragraph)[0] is not None


def speaker_turn(paragraph: str, names: set[str] = frozenset()) -> tuple[Turn | None, str]:
    """The turn that opens a paragraph of a record, and the rest of it.

    A record's turn is "The <title>", or a name led by an honorific ("Mr.",
    "Ms.", "Archbishop", "Dato"), or a name with a delegation or language note
    ("Hadiza (spoke in French)"), or a name on the cover page (`names`, folded).
    """
    turn, body = split_turn(paragraph + " ")
    if turn is None:
        return None, paragraph
    name = turn.speaker
    words = name.replace(".", " ").split()
    if name.casefold() in _NOT_SPEAKERS or not words or not name[:1].isupper():
        return None, paragraph
    if any(w.endswith(".") and len(w) > 4 and w[:-1].casefold() not in HONORIFICS for w in name.split()[:-1]):
        return None, paragraph  # a sentence's end inside the "name": "Palestine. Mr. Mansour"
    first = words[0].casefold()
    noted = bool(turn.delegation or turn.language)
    if turn.role or first in HONORIFICS or (noted and len(words) <= 6) or _name_key(name) in names:
        return turn, body.rstrip()
    return None, paragraph


def _name_key(name: str) -> str:
    words = fold(name).replace(".", " ").casefold().split()
    return " ".join(w for w in words if w not in HONORIFICS)


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
    lines = remove_furniture(pages, cover)
    paragraphs = rebuild_paragraphs(lines)
    known_names = {_name_key(part) for m in cover.members for part in m.representative.split("/")}
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
