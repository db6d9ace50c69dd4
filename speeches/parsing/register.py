"""The Council's register: the UN library's yearly tables of meetings and outcomes, and its veto list.

The Dag Hammarskjöld Library publishes one page a year ("Meetings conducted by
the Security Council in 2016", scact2016_table_en.html: every meeting, newest
first, with its symbol, date, press release, topic and outcome) and one page of
every veto since 1946 (scact_veto_table_en.html). The pages are hand-written
HTML and irregular: cells left unclosed, `</br>` for `<br>`, dates without the
year (the page's), columns that differ before and after 1994 and in the
2020-2021 tables of meetings held by videoconference, and rows of two cells that
continue the meeting above with another outcome. They are read with a real
HTML parser (html5lib, which closes and mends tags as a browser does), and a
row that cannot be read is returned as a RowProblem with its file and row,
never dropped.

Pure Python: bytes in, dataclasses out.
"""

import dataclasses
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from bs4 import BeautifulSoup

from speeches.parsing.delegation_registry import lookup
from speeches.parsing.records import MONTHS
from speeches.parsing.symbols import meeting_symbol

# The library abbreviates a few months ("15 Sep."); a record's cover page never does.
_MONTH_ABBREVIATIONS = {name[:3]: number for name, number in MONTHS.items()}


@dataclass(frozen=True)
class RowProblem:
    source: str  # the file's name
    row: int  # the row of its table, from 1 (the header rows counted)
    reason: str

    def __str__(self):
        return f"{self.source}, row {self.row}: {self.reason}"


class NotARegisterPage(ValueError):
    """The page is none of the library's tables."""


# Page kinds, recognised by their content (the table's title and header), not by file name.
MEETINGS = "meetings"
VETOES = "vetoes"


def page_kind(html: str) -> str | None:
    """MEETINGS, VETOES, or None for any other page."""
    head = html[:20_000]
    if re.search(r"Meetings\s+conducted\s+by\s+the\s+Security\s+Council\s+in\s+\d{4}", head):
        return MEETINGS
    if "Permanent" in head and re.search(r"Member\s*(?:<[^>]*>\s*)?Casting", head) and "Draft" in head:
        return VETOES
    return None


def _soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html5lib")


def _text(cell) -> str:
    """A cell's text with its line breaks as spaces, white space folded."""
    return " ".join(cell.get_text(" ").split())


def _lines(cell) -> list[str]:
    """A cell's text cut at its line breaks (<br>, and `</br>`, which html5lib reads as one)."""
    for br in cell.find_all("br"):
        br.replace_with("\n")
    return [" ".join(line.split()) for line in cell.get_text().split("\n") if line.strip()]


# The veto list --------------------------------------------------------------------------


@dataclass(frozen=True)
class Veto:
    date: dt.date  # the first day, when the vote ran over several ("14-15 December 2001")
    date_as_printed: str
    drafts: list[str]  # ["S/2020/667"]; more than one where the draft was put with others
    draft_as_printed: str  # "S/10805/Rev.1 (as amended)"
    meeting: str  # "S/PV.9048"; "" for the 2020 votes by written procedure
    letters: list[str]  # the letters recording a vote by written procedure: ["S/2020/693", "S/2020/681"]
    agenda_item: str
    members: list[str]  # the permanent members casting the negative vote, as the registry names them


# A document's symbol: "S/2022/431", "S/10805/Rev.1", "S/PV.9048", "S/471/Add.1".
_DOCUMENT = re.compile(r"S/(?:PV\.)?\d+(?:/\d+)*(?:/(?:Rev|Add|Corr)\.\d+)*")
_VETO_DATE = re.compile(
    r"^(?P<day>\d{1,2})(?:\s*[-/+]\s*\d{1,2})?\s+(?P<month>[A-Za-z]+)\.?\s+(?P<year>\d{2}|\d{4})$"
)


def _date(year: int, month: str, day: str) -> dt.date | None:
    """The date a page writes as "8 January", "15 Sep.", with its year; None if there is none."""
    name = month.lower()
    number = MONTHS.get(name) or _MONTH_ABBREVIATIONS.get(name[:3])
    try:
        return dt.date(year, number, int(day)) if number else None
    except ValueError:
        return None


def _veto_date(text: str) -> dt.date | None:
    match = _VETO_DATE.match(text)
    if not match:
        return None
    year = int(match["year"])
    if year < 100:  # "30 January 86"
        year += 1900
    return _date(year, match["month"], match["day"])


def _permanent_members(texts: list[str]) -> list[str] | None:
    """The registry's names of the members listed ("China", "France, UK and USA", "the Russian
    Federation"), or None when a name is none of the registry's Member States."""
    names = [
        " ".join(name.split()).removeprefix("the ")
        for text in texts
        for name in re.split(r",|&|\band\b", text)
        if name.strip()
    ]
    found = [lookup(name) for name in names]
    if not names or any(d is None or d.kind != "member_state" for d in found):
        return None
    return [d.name for d in found]


def read_vetoes(html: str, *, source: str) -> tuple[list[Veto], list[RowProblem]]:
    """Every veto of the library's list, newest first as the page lists them."""
    vetoes: list[Veto] = []
    problems: list[RowProblem] = []
    for number, row in enumerate(_soup(html).find_all("tr"), start=1):
        cells = row.find_all("td", recursive=False)
        if not cells or (len(cells) == 1 and cells[0].get("colspan")):
            continue  # the header, the title
        if len(cells) != 5:
            problems.append(RowProblem(source, number, f"has {len(cells)} cells, not the list's 5"))
            continue
        date_cell, draft_cell, record_cell, agenda_cell, member_cell = cells
        date = _veto_date(_text(date_cell))
        drafts = _DOCUMENT.findall(_text(draft_cell))
        records = _DOCUMENT.findall(_text(record_cell))
        members = _permanent_members(_lines(member_cell))
        wrong = []
        if date is None:
            wrong.append(f"no date in {_text(date_cell)!r}")
        if not drafts:
            wrong.append(f"no draft in {_text(draft_cell)!r}")
        if not records:
            wrong.append(f"no meeting record or letter in {_text(record_cell)!r}")
        if members is None:
            wrong.append(f"no permanent member in {_text(member_cell)!r}")
        if wrong:
            problems.append(RowProblem(source, number, "; ".join(wrong)))
            continue
        meetings = [r for r in records if r.startswith("S/PV.")]
        vetoes.append(
            Veto(
                date=date,
                date_as_printed=_text(date_cell),
                drafts=[d for d in drafts if not d.startswith("S/PV.")],
                draft_as_printed=_text(draft_cell),
                meeting=meetings[0] if meetings else "",
                letters=[r for r in records if not r.startswith("S/PV.")],
                agenda_item=_text(agenda_cell),
                members=members,
            )
        )
    return vetoes, problems


# The yearly tables of meetings ------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    in_favour: int | None = None
    against: int | None = None
    abstaining: int | None = None
    how: str = ""  # "adopted unanimously", "adopted without vote", or "" when the figures are given

    def __str__(self):
        return self.how or f"{self.in_favour}-{self.against}-{self.abstaining}"


@dataclass(frozen=True)
class Outcome:
    kind: str  # RESOLUTION, PRESIDENTIAL_STATEMENT, NOT_ADOPTED, VETOED, OTHER
    document: str  # "S/RES/2334 (2016)", "S/PRST/2016/19", the draft "S/2016/1026", a communiqué's record
    tally: Tally | None = None
    resolution: tuple[int, int] | None = None  # (2334, 2016)
    vetoed_by: list[str] = field(default_factory=list)  # the registry's names
    as_printed: str = ""


RESOLUTION = "resolution"
PRESIDENTIAL_STATEMENT = "presidential_statement"
NOT_ADOPTED = "not_adopted"
VETOED = "vetoed"
OTHER = "other"  # a communiqué, a note, a letter, a referral: kept as printed


@dataclass(frozen=True)
class RegisterMeeting:
    # "S/PV.5916 (Resumption 1)"; for a 2020-2021 meeting by videoconference with no record, its
    # letter ("S/2020/266"), or "" where the table gives none (an open briefing by videoconference).
    symbol: str
    meeting_number: int | None
    resumption: int
    closed: bool
    date: dt.date | None
    topic: str
    press_release: str  # "SC/9364"; "" when none was issued
    letters: list[str]  # 2020-2021: the letters of the vote procedure and outcome
    outcomes: list[Outcome]
    row: int
    # Further agenda items the table lists for the same meeting in rows of their own.
    other_topics: list[str] = field(default_factory=list)


_SYMBOL = re.compile(
    r"S/PV\.\s?(?P<number>\d{1,5})"
    r"(?:\s*\(\s*Resumption\s*(?P<resumption>\d{1,2}|I{1,3})?\s*\))?"
)
_DOCUMENT_YEAR = re.compile(r"S/RES/\d+\s*\((\d{4})\)|S/(?:PRST/)?(\d{4})/\d+")
_CLOSED = re.compile(r"\b(?:closed|privada)\b", re.IGNORECASE)
_TABLE_DATE = re.compile(
    r"^(?P<day>\d{1,2})(?:\s*(?:-|/|\+|and)\s*\d{1,2})?\s+(?P<month>[A-Za-z]+)\.?(?:\s+\d{4})?$"
)
_TALLY = r"(?P<f>\d{1,2})\s*-\s*(?P<a>\d{1,2})\s*-\s*(?P<s>\d{1,2})"
_MEMBER = r"(?:the\s+)?(?:USSR|USA|UK|France|China|Russian\s+Federation|United\s+Kingdom|United\s+States)"
_MEMBERS = rf"{_MEMBER}(?:\s*(?:,|and|&)\s*{_MEMBER})*"
_STARTS = (
    r"(?=\s+(?:S/RES/|S/PRST/|Draft\s+resolutions?\b|PRST\b|Communiqu|Note\b|Letter\b|Referral\b|Election\b|Decision\b)"
    r"|\s*$)"
)
# What stands between two outcomes of a cell.
_BETWEEN = re.compile(r"(?:\s|\+|,|;|\band\b|--)+")
# Each outcome a cell may list, as the library writes it; tried in order at each position.
_OUTCOMES = [
    (
        RESOLUTION,
        re.compile(
            rf"S/RES/\s*(?P<number>\d+)\s*\(\s*(?P<year>\d{{4}})\s*\)"
            rf"(?:\s*(?:{_TALLY}|(?P<how>adopted\s+unanimously|adopted\s+by\s+consensus|(?:adopted\s+)?without\s+(?:a\s+)?vote)))?"
            r"(?:\s*\((?P<note>[^()]*)\))?",  # "(France did not participate in the voting.)", "(1 absent)"
            re.IGNORECASE,
        ),
    ),
    (
        PRESIDENTIAL_STATEMENT,
        re.compile(
            r"(?:S/PRST/\d{4}/\d+|S/(?:PV\.)?\d+\s*\(\s*PRST\s*\)|PRST(?:\s+unnumbered)?\b)"
            r"(?:\s+and\s+Corr\.\d+)?"
        ),
    ),
    (
        "draft",
        re.compile(
            # "Draft resolution S/2016/1026", "Power Four draft resolution S/10771", "S/2016/846".
            rf"(?:(?:[A-Z][\w-]*\s+){{0,3}}?Draft\s+resolutions?\s+(?P<drafts>.+?)|(?P<bare>S/\d+(?:/\d+)*(?:/Rev\.\d+)?))\s+"
            rf"(?:(?P<not>not\s+adopted)|vetoed\s+by\s+(?P<by>{_MEMBERS}))(?:\s+{_TALLY})?(?=\s|$)",
            re.IGNORECASE,
        ),
    ),
    (
        OTHER,
        re.compile(rf"(?:Communiqué|Note|Letter|Referral|Election|Decision)\b.*?{_STARTS}", re.IGNORECASE),
    ),
    (OTHER, re.compile(rf"{_TALLY}(?=\s|$)")),  # a vote with nothing else said of it
    (OTHER, re.compile(rf"S/\d+(?:/\d+)*{_STARTS}")),  # a document alone: kept as printed
]


def _table_date(text: str, year: int) -> dt.date | None:
    match = _TABLE_DATE.match(text.strip())
    return _date(year, match["month"], match["day"]) if match else None


def _tally(match: re.Match) -> Tally | None:
    return Tally(int(match["f"]), int(match["a"]), int(match["s"])) if match["f"] else None


def _outcome(kind: str, match: re.Match) -> Outcome | None:
    printed = " ".join(match[0].split())
    if kind == RESOLUTION:
        how = " ".join((match["how"] or "").split()).lower()
        if "unanimously" in how or "consensus" in how:
            how = "adopted unanimously" if "unanimously" in how else "adopted by consensus"
        elif how:
            how = "adopted without vote"
        tally = _tally(match) or (Tally(how=how) if how else None)
        number, year = int(match["number"]), int(match["year"])
        return Outcome(RESOLUTION, f"S/RES/{number} ({year})", tally, (number, year), as_printed=printed)
    if kind == PRESIDENTIAL_STATEMENT:
        symbol = printed if printed.startswith("S/") else ""  # "PRST unnumbered"
        return Outcome(PRESIDENTIAL_STATEMENT, symbol, as_printed=printed)
    if kind == "draft":
        drafts = _DOCUMENT.findall(match["drafts"] or match["bare"])
        document = drafts[0] if drafts else ""
        if match["not"]:
            return Outcome(NOT_ADOPTED, document, _tally(match), as_printed=printed)
        members = _permanent_members([match["by"]])
        if members is None:
            return None
        return Outcome(VETOED, document, _tally(match), vetoed_by=members, as_printed=printed)
    if "f" in match.groupdict():  # a vote alone: "2-0-13"
        return Outcome(OTHER, "", _tally(match), as_printed=printed)
    return Outcome(OTHER, printed, as_printed=printed)


def read_outcomes(text: str) -> list[Outcome] | None:
    """The outcomes a cell lists, in order; [] for "--"; None when some part of it cannot be read."""
    text = " ".join(text.replace("&eacute;", "é").replace("&eacute", "é").split()).strip(" +")
    if text in ("", "--", "-"):
        return []
    outcomes: list[Outcome] = []
    position = 0
    while True:
        if between := _BETWEEN.match(text, position):
            position = between.end()
        if position >= len(text):
            return outcomes
        for kind, pattern in _OUTCOMES:
            if match := pattern.match(text, position):
                if (outcome := _outcome(kind, match)) is None:
                    return None
                outcomes.append(outcome)
                position = match.end()
                break
        else:
            return None


def _columns(header_cells) -> list[str]:
    names = []
    for cell in header_cells:
        text = _text(cell).lower()
        if text.startswith("meeting"):
            names.append("symbol")
        elif text.startswith("date"):
            names.append("date")
        elif text.startswith("press"):
            names.append("press_release")
        elif text.startswith("topic"):
            names.append("topic")
        elif "letter" in text:
            names.append("procedure_letter" if "procedure" in text else "outcome_letter")
        elif "outcome" in text:
            names.append("outcome")
        else:
            names.append("other")
    return names


def read_meetings(html: str, *, source: str) -> tuple[int, list[RegisterMeeting], list[RowProblem]]:
    """The year of a yearly table, its meetings in the page's order, and the rows it could not read."""
    soup = _soup(html)
    title = re.search(
        r"Meetings\s+conducted\s+by\s+the\s+Security\s+Council\s+in\s+(\d{4})", soup.get_text(" ")
    )
    if not title:
        raise NotARegisterPage(
            f'{source}: not a table of the Council\'s meetings (no "Meetings conducted by the Security Council in YEAR")'
        )
    problems: list[RowProblem] = []
    year = _year(soup, int(title.group(1)), source, problems)
    columns: list[str] = []
    meetings: list[RegisterMeeting] = []
    for number, row in enumerate(soup.find_all("tr"), start=1):
        headers = row.find_all("th", recursive=False)
        cells = row.find_all(["td", "th"], recursive=False)  # a few rows mark their first cells <th>
        if headers and len(headers) == len(cells):
            named = _columns(headers)
            if len(headers) == 1 or {"symbol", "date", "outcome"} <= set(named):
                columns = named if len(headers) > 1 else columns
                continue  # the table's title, or its header
            # else a meeting whose cells are all <th>
        if not any(_text(cell) for cell in cells):
            continue  # an empty row of the hand-written table: nothing in it to lose
        if len(cells) == 1 and cells[0].get("colspan"):
            continue  # a note across the table ("Document links will work once ...")
        if not columns:
            problems.append(RowProblem(source, number, "a row before the table's header"))
            continue
        _read_row(cells, columns, meetings, year, number, source, problems)
    return year, meetings, problems


def _year(soup: BeautifulSoup, title_year: int, source: str, problems: list[RowProblem]) -> int:
    """The table's year. The title is hand-written too: 2020's table of meetings by
    videoconference says 2021; the documents the page lists (S/RES/2516 (2020), S/2020/266,
    S/PRST/2020/13) say which."""
    of_year = Counter(int(m[1] or m[2]) for m in _DOCUMENT_YEAR.finditer(soup.get_text(" ")))
    if not of_year:
        return title_year
    most, count = of_year.most_common(1)[0]
    if most == title_year or count <= 2 * of_year[title_year]:
        return title_year
    problems.append(
        RowProblem(
            source,
            1,
            f"the title says {title_year}, but the documents the table lists are of {most}: read as {most}",
        )
    )
    return most


def _read_row(cells, columns, meetings, year, number, source, problems) -> None:
    """One row: a meeting, or more of the meeting above, or a problem."""
    while len(cells) > len(columns) and _text(cells[-1]) in ("", "--"):
        cells = cells[:-1]  # an empty cell too many at the end of a row
    named = dict(zip(columns, cells, strict=False))
    continues = not _text(named["symbol"]) and not _text(named.get("date", named["symbol"]))
    if len(cells) == len(columns) and continues and meetings:
        # 1948: another topic of the meeting above and what was decided under it.
        cells = [named.get("topic", cells[0]), named.get("outcome", cells[-1])]
    if len(cells) == len(columns):
        meeting = _meeting(dict(zip(columns, cells, strict=True)), year, number, source, problems)
        if meeting is not None:
            meetings.append(meeting)
    elif len(cells) == 2 and meetings:
        # Another outcome of the meeting above (and the topic it was decided under).
        outcomes = read_outcomes(_text(cells[-1]))
        if outcomes is None:
            problems.append(
                RowProblem(source, number, f"an outcome that cannot be read: {_text(cells[-1])!r}")
            )
            return
        above, topic = meetings[-1], _text(cells[0])
        other_topics = [*above.other_topics, topic] if topic and topic != above.topic else above.other_topics
        meetings[-1] = dataclasses.replace(
            above, outcomes=[*above.outcomes, *outcomes], other_topics=other_topics
        )
    else:
        problems.append(
            RowProblem(
                source,
                number,
                f"has {len(cells)} cells, not the table's {len(columns)}: {_text(cells[0].parent)[:120]!r}",
            )
        )


def _meeting(
    cells: dict, year: int, number: int, source: str, problems: list[RowProblem]
) -> RegisterMeeting | None:
    symbol_text = _text(cells["symbol"])
    letters = [
        d
        for name in ("procedure_letter", "outcome_letter")
        if name in cells
        for d in _DOCUMENT.findall(_text(cells[name]))
    ]
    match = _SYMBOL.search(symbol_text)
    outcome_text = _text(cells["outcome"]) if "outcome" in cells else ""
    outcomes = read_outcomes(outcome_text)
    date = _table_date(_text(cells["date"]), year)
    wrong = []
    if match is None and not letters and symbol_text != "--":
        wrong.append(f"no meeting record in {symbol_text!r}")
    if date is None:
        wrong.append(f"no date in {_text(cells['date'])!r}")
    if outcomes is None:
        wrong.append(f"an outcome that cannot be read: {outcome_text!r}")
    if wrong:
        problems.append(RowProblem(source, number, "; ".join(wrong)))
        return None
    if match:
        resumption_text = match["resumption"]
        if resumption_text is None:
            resumption = 1 if re.search(r"Resumption", match[0]) else 0
        else:
            resumption = len(resumption_text) if set(resumption_text) == {"I"} else int(resumption_text)
        meeting_number = int(match["number"])
        symbol = meeting_symbol(meeting_number, resumption)
    else:
        # The letter of the vote procedure or briefings, by which the corpus names such a meeting;
        # "" for a meeting by videoconference the table gives neither record nor letter of.
        meeting_number, resumption, symbol = None, 0, letters[0] if letters else ""
    press = _text(cells["press_release"]) if "press_release" in cells else ""
    return RegisterMeeting(
        symbol=symbol,
        meeting_number=meeting_number,
        resumption=resumption,
        closed=bool(_CLOSED.search(symbol_text)),
        date=date,
        topic=_text(cells["topic"]) if "topic" in cells else "",
        press_release=press if re.match(r"SC/\d+", press) else "",
        letters=letters,
        outcomes=outcomes,
        row=number,
    )
