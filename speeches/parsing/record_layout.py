"""A verbatim record's pages as pypdf extracts them, turned into paragraphs and speaker turns.

Every page but the first opens with a running header and a page number:

    S/ PV. 8698 Peace consolidation in West Africa 08/01/2020      (even pages)
    2/18 20-00526
    08/01/2020 Peace consolidation in West Africa S/PV.8698       (odd pages)
    20-00526 3/18

The extraction leaves no blank line between paragraphs, but it keeps the PDF's
own spacing: a line that continues its paragraph ends with a space, the last
line of a paragraph ends without one (true of every line of the four records in
the shared corpus, apart from words broken at a line's end: "Secretary-",
"Mosque/"). That is how paragraphs are rebuilt here; text without that signal
falls back to the shape of the lines. A speaker turn always opens a paragraph.
"""

import datetime as dt
import re

from speeches.parsing.normalize import fold
from speeches.parsing.symbols import Meeting
from speeches.parsing.text import rejoin_hyphenated
from speeches.parsing.turns import Turn, split_turn


def spaced(word: str) -> str:
    """A pattern for `word` as pypdf may break it: a space (or line break) between any two letters."""
    return r"\s?".join(re.escape(letter) for letter in word)


# A record's symbol, as pypdf writes it: "S/PV.8698", "S/ PV. 8706", and with a space or a
# line break inside the number, "S/ PV.870 0" for S/PV.8700 (symbol_numbers reads it).
RECORD_SYMBOL = re.compile(
    r"S\s?/\s?PV\s?\.\s?(?P<number>\d(?:\s?\d){0,5})"
    rf"(?:\s*\(\s*{spaced('Resumption')}\s*(?P<resumption>\d(?:\s?\d)?)\s*\))?"
)
MAX_MEETING_DIGITS = 5


def digits(text: str) -> int:
    """ "870 0" -> 8700: a number read whatever spaces extraction put inside it."""
    return int("".join(text.split()))


def symbol_numbers(match: re.Match) -> list[int]:
    """The meeting numbers a RECORD_SYMBOL match may stand for, shortest first.

    A space after the number may split it ("S/ PV.870 0") or end it ("S/PV.8698 08/01/2020"),
    so each run of digits that follows may belong to it: the cover's "8700th meeting"
    line, or the meeting already known, says which."""
    groups = match.group("number").split()
    joined = ["".join(groups[: n + 1]) for n in range(len(groups))]
    return [int(number) for number in joined if len(number) <= MAX_MEETING_DIGITS]


def names_meeting(match: re.Match, number: int) -> bool:
    return number in symbol_numbers(match)


HEADER_DATE = re.compile(r"\b\d{2}/\d{2}/\d{4}\b")
JOB_NUMBER = re.compile(r"^\s*(?P<number>\d{2}-\d{5})\s*\(E\)")
BARCODE = re.compile(r"^\s*\*\d{5,}\*\s*$")

# Page furniture ------------------------------------------------------------

_PAGE_NUMBER = re.compile(r"^\s*(?:\d{1,3}/\d{1,3}\s+\d{2}-\d{5}|\d{2}-\d{5}\s+\d{1,3}/\d{1,3})\s*$")
_LONE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
_EDGE = 3  # furniture sits within this many lines of a page's top or bottom


def _is_running_header(line: str, meeting: Meeting) -> bool:
    """ "S/ PV. 8698 Peace consolidation in West Africa 08/01/2020", or the
    same the other way round on odd pages, or the symbol alone."""
    stripped = line.strip()
    symbol = RECORD_SYMBOL.search(stripped)
    if not symbol or not names_meeting(symbol, meeting.meeting_number):
        return False
    at_edge = symbol.start() == 0 or symbol.end() == len(stripped)
    return at_edge and (stripped == symbol.group(0) or bool(HEADER_DATE.search(stripped)))


def _key(text: str) -> str:
    return " ".join(fold(text).casefold().split()).strip(" ,.:;")


def remove_furniture(
    pages: list[str], meeting: Meeting, date: dt.date | None, agenda: list[str]
) -> list[str]:
    """The body's lines without running headers, page numbers, job numbers and barcodes.

    `meeting`, `date` and `agenda` are the cover page's: the running header repeats them."""
    date = date.strftime("%d/%m/%Y") if date else None
    agenda = _key(" ".join(agenda))
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
            if _PAGE_NUMBER.match(line) or JOB_NUMBER.match(line) or BARCODE.match(line):
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
    return any(names_meeting(m, meeting.meeting_number) for m in RECORD_SYMBOL.finditer(line))


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
    if turn.role or first in HONORIFICS or (noted and len(words) <= 6) or speaker_key(name) in names:
        return turn, body.rstrip()
    return None, paragraph


def speaker_key(name: str) -> str:
    words = fold(name).replace(".", " ").casefold().split()
    return " ".join(w for w in words if w not in HONORIFICS)
