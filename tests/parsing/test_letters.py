"""The 2020-2021 letters that circulated meetings held by videoconference name their day."""

import datetime as dt

import pytest

from speeches.parsing.speech import build_statement, letter_meeting_date
from speeches.parsing.symbols import parse_filename
from tests.conftest import SAMPLE

LETTER = (
    SAMPLE
    / "umuc"
    / "Raw_Text"
    / "all_speeches_from_debate"
    / "iraq"
    / "UNSC_2020_SPV.2020_397"
    / "UNSC_2020_SPV.2020_397_spch001.txt"
)


def test_a_letter_s_statements_are_dated_by_the_meeting_it_records():
    # "... in connection with the video- teleconference convened on Tuesday, 12 May 2020."
    statement = build_statement(
        LETTER.read_text(encoding="utf-8"), source=LETTER.name, file_meta=parse_filename(LETTER.name)
    )
    assert (statement.meeting.meeting.symbol, statement.meeting.date) == ("S/2020/397", dt.date(2020, 5, 12))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("in connection with the videoconference held on 3 June 2021 on", dt.date(2021, 6, 3)),
        ("the open video-teleconference convened on Monday, 29 June 2020.", dt.date(2020, 6, 29)),
        ("the video-teleconference convened on 31 February 2020", None),  # no such day
        ("the meeting convened on Tuesday, 12 May 2020", None),  # not a letter's formula
    ],
)
def test_the_day_a_letter_names(text, expected):
    assert letter_meeting_date(text) == expected


def test_a_meeting_record_is_never_dated_by_such_a_sentence():
    text = "Mr. A (France): As at the video-teleconference convened on Tuesday, 12 May 2020, we ..."
    statement = build_statement(
        text,
        source="UNSC_2020_SPV.8739_spch003.txt",
        file_meta=parse_filename("UNSC_2020_SPV.8739_spch003.txt"),
    )
    assert statement.meeting.date is None
