"""The UN library's register of meetings, outcomes and vetoes (sample/register, copied unchanged
from ../shared/corpus/un-library__meetings-tables), read by speeches.parsing.register.

The expectations are facts of the pages, counted or read off them by eye: resolution 1820
(2008) adopted at S/PV.5916 (Resumption 1) on 19 June 2008, 15-0-0; resolution 2334 (2016)
14-0-1; the 2020 vetoes by written procedure; 88 meetings in 1946 (S/PV.1 to S/PV.88), 171 in
1993 (S/PV.3155 to S/PV.3325), 258 in 2016 (S/PV.7600 to S/PV.7855 and two resumptions); the
veto list's 213 rows and the vetoes each permanent member cast."""

import datetime as dt
from collections import Counter

import pytest

from speeches.parsing import register
from speeches.parsing.register import Outcome, Tally, page_kind, read_meetings, read_outcomes, read_vetoes
from tests.conftest import SAMPLE

REGISTER = SAMPLE / "register"
YEARS = sorted(REGISTER.glob("scact[0-9]*_table_en.html"))


def page(name: str) -> str:
    return (REGISTER / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def every_year():
    """Every yearly table: {file name: (year, meetings, problems)}."""
    return {path.name: read_meetings(path.read_text(encoding="utf-8"), source=path.name) for path in YEARS}


def meeting(every_year, year: int, symbol: str):
    _, meetings, _ = every_year[f"scact{year}_table_en.html"]
    (found,) = [m for m in meetings if m.symbol == symbol]
    return found


def test_the_register_is_77_years_and_the_videoconference_table():
    assert len(YEARS) == 78  # 1946-2022, and 2020's meetings held by videoconference
    assert page_kind(page("scact2016_table_en.html")) == register.MEETINGS
    assert page_kind(page("scact_veto_table_en.html")) == register.VETOES
    assert page_kind("<html><body><table><tr><td>S/PV.1</td></tr></table></body></html>") is None


@pytest.mark.parametrize(
    "year, count, first, last",
    [
        (1946, 88, "S/PV.1", "S/PV.88"),
        (1993, 171, "S/PV.3155", "S/PV.3325"),
        (2016, 258, "S/PV.7600", "S/PV.7855"),
    ],
)
def test_the_meetings_of_a_year(every_year, year, count, first, last):
    found_year, meetings, problems = every_year[f"scact{year}_table_en.html"]
    assert found_year == year
    assert problems == []
    assert len(meetings) == count
    assert (meetings[-1].symbol, meetings[0].symbol) == (first, last)  # newest first
    assert all(m.date.year == year for m in meetings)


def test_resolution_1820_adopted_at_the_resumed_meeting(every_year):
    found = meeting(every_year, 2008, "S/PV.5916 (Resumption 1)")
    assert (found.meeting_number, found.resumption, found.date) == (5916, 1, dt.date(2008, 6, 19))
    assert (found.topic, found.press_release) == ("Women and peace and security", "SC/9364")
    assert found.outcomes == [
        Outcome(
            register.RESOLUTION,
            "S/RES/1820 (2008)",
            Tally(15, 0, 0),
            (1820, 2008),
            as_printed="S/RES/1820 (2008) 15-0-0",
        )
    ]
    first_part = meeting(every_year, 2008, "S/PV.5916")
    assert first_part.outcomes == []


def test_resolution_2334_adopted_14_0_1(every_year):
    (outcome,) = meeting(every_year, 2016, "S/PV.7853").outcomes
    assert (outcome.resolution, str(outcome.tally)) == ((2334, 2016), "14-0-1")


def test_1946_resolutions_adopted_unanimously_and_closed_meetings(every_year):
    (outcome,) = meeting(every_year, 1946, "S/PV.87").outcomes
    assert (outcome.document, str(outcome.tally)) == ("S/RES/15 (1946)", "adopted unanimously")
    assert meeting(every_year, 1946, "S/PV.77").closed is True


def test_the_2020_meetings_by_videoconference_are_named_by_their_letters(every_year):
    year, meetings, problems = every_year["scact2020_covid_table_en.html"]
    # Its title says 2021; every document it lists is of 2020.
    assert year == 2020
    assert [str(p) for p in problems] == [
        "scact2020_covid_table_en.html, row 1: the title says 2021, but the documents the table lists "
        "are of 2020: read as 2020"
    ]
    somalia = next(m for m in meetings if m.symbol == "S/2020/266")
    assert (somalia.meeting_number, somalia.date, somalia.topic) == (
        None,
        dt.date(2020, 3, 30),
        "The situation in Somalia",
    )
    assert somalia.letters == ["S/2020/266", "S/2020/247"]
    assert [o.document for o in somalia.outcomes] == ["S/RES/2516 (2020)"]


def test_every_row_of_every_year_is_read_or_reported(every_year):
    problems = [str(p) for _, _, found in every_year.values() for p in found]
    # The one row of 9,470 the library wrote without its outcome cell, named with its file and row.
    assert problems == [
        "scact1961_table_en.html, row 22: has 3 cells, not the table's 4: "
        "'S/PV.969 26 September Admission of new Members to the United Nations'",
        "scact2020_covid_table_en.html, row 1: the title says 2021, but the documents the table lists "
        "are of 2020: read as 2020",
    ]
    assert sum(len(meetings) for _, meetings, _ in every_year.values()) == 9469


def test_rows_that_continue_the_meeting_above(every_year):
    # 1948 writes a meeting's second agenda item as a row with no symbol and no date, under it:
    # resolution 66 (1948) was adopted on 29 December, at S/PV.396.
    by_symbol = {m.symbol: m for m in every_year["scact1948_table_en.html"][1]}
    assert [o.document for o in by_symbol["S/PV.396"].outcomes] == ["S/RES/66 (1948)"]
    assert (by_symbol["S/PV.396"].topic, by_symbol["S/PV.396"].other_topics) == (
        "The Indonesian question",
        ["The Palestine question"],
    )
    assert [o.document for o in by_symbol["S/PV.395"].outcomes] == ["S/RES/65 (1948)", "S/RES/64 (1948)"]
    # 1950 marks a meeting's first cells <th> and continues it in a row of two cells.
    (korea,) = [m for m in every_year["scact1950_table_en.html"][1] if m.symbol == "S/PV.530"]
    assert [(o.kind, o.document) for o in korea.outcomes][-1] == ("vetoed", "S/1894")


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("--", []),
        ("S/RES/2336 (2016) 15-0-0", [("resolution", "S/RES/2336 (2016)", "15-0-0", [])]),
        ("S/PRST/2016/19", [("presidential_statement", "S/PRST/2016/19", "None", [])]),
        (
            "Draft resolution S/2016/1026 vetoed by China and Russian Federation 11-3-1",
            [("vetoed", "S/2016/1026", "11-3-1", ["China", "Russian Federation"])],
        ),
        ("Draft resolution S/2016/846 not adopted 7-0-8", [("not_adopted", "S/2016/846", "7-0-8", [])]),
        (
            "S/RES/1 (1946) adopted without vote S/31 (PRST)",
            [
                ("resolution", "S/RES/1 (1946)", "adopted without vote", []),
                ("presidential_statement", "S/31 (PRST)", "None", []),
            ],
        ),
        ("Communiqué", [("other", "Communiqué", "None", [])]),
        (
            "S/RES/591 (1986) adopted by consensus",
            [("resolution", "S/RES/591 (1986)", "adopted by consensus", [])],
        ),
        (
            "S/RES/1280 (1999) 11-0-3 (France did not participate in the voting.)",
            [("resolution", "S/RES/1280 (1999)", "11-0-3", [])],
        ),
        (
            "Draft resolution S/10768 and Corr.1 vetoed by USSR 3-3-9 Power Four draft resolution S/10771 vetoed by China 11-1-3",
            [
                ("vetoed", "S/10768", "3-3-9", ["Union of Soviet Socialist Republics"]),
                ("vetoed", "S/10771", "11-1-3", ["China"]),
            ],
        ),
        (
            "Draft resolution S/PV.70 vetoed by USSR 8-2-1 PRST",
            [
                ("vetoed", "S/PV.70", "8-2-1", ["Union of Soviet Socialist Republics"]),
                ("presidential_statement", "", "None", []),
            ],
        ),
        ("S/13900 (PRST) and Corr.1", [("presidential_statement", "S/13900 (PRST) and Corr.1", "None", [])]),
        ("2-0-13", [("other", "", "2-0-13", [])]),
    ],
)
def test_an_outcome_cell(cell, expected):
    outcomes = read_outcomes(cell)
    assert [(o.kind, o.document, str(o.tally), o.vetoed_by) for o in outcomes] == expected


def test_an_outcome_that_cannot_be_read_is_not_guessed():
    assert read_outcomes("S/RES/2336 (2016) 15-0-0 something else entirely") is None


# The veto list ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def vetoes():
    return read_vetoes(page("scact_veto_table_en.html"), source="scact_veto_table_en.html")


def test_every_veto_of_the_list(vetoes):
    found, problems = vetoes
    assert problems == []
    assert len(found) == 213
    assert (found[0].date, found[0].drafts, found[0].meeting) == (
        dt.date(2022, 5, 26),
        ["S/2022/431"],
        "S/PV.9048",
    )
    assert found[0].members == ["China", "Russian Federation"]
    assert (found[-1].meeting, found[-1].members) == ("S/PV.23", ["Union of Soviet Socialist Republics"])


def test_the_2020_vetoes_by_written_procedure(vetoes):
    by_draft = {v.drafts[0]: v for v in vetoes[0] if v.date.year == 2020}
    assert sorted(by_draft) == ["S/2020/654", "S/2020/667", "S/2020/852"]
    assert by_draft["S/2020/654"].members == by_draft["S/2020/667"].members == ["China", "Russian Federation"]
    assert by_draft["S/2020/852"].members == ["United States"]
    assert by_draft["S/2020/852"].meeting == "" and by_draft["S/2020/852"].letters == [
        "S/2020/870",
        "S/2020/865",
    ]


def test_the_vetoes_each_permanent_member_cast(vetoes):
    cast = Counter(member for veto in vetoes[0] for member in veto.members)
    assert cast == {
        "Union of Soviet Socialist Republics": 90,
        "United States": 82,
        "Russian Federation": 30,
        "United Kingdom": 29,
        "China": 17,
        "France": 17,
    }


def test_irregular_dates_and_drafts_of_the_veto_list(vetoes):
    by_meeting = {v.meeting: v for v in vetoes[0]}
    assert by_meeting["S/PV.4438"].date == dt.date(2001, 12, 14)  # "14-15 December 2001"
    assert by_meeting["S/PV.2650"].date == dt.date(1986, 1, 30)  # "30 January 86"
    assert by_meeting["S/PV.1666"].draft_as_printed == "S/10805/Rev.1 (as amended)"
    assert by_meeting["S/PV.1666"].drafts == ["S/10805/Rev.1"]
