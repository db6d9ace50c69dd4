"""Records whose extracted text carries pypdf's artefacts read as the clean ones do.

Other records of January 2020 extract with the cover line `United Nations S/ PV.870 0` for
S/PV.8700 (the symbol broken by a space, "8700th meeting" below it intact). The rules are
general: a space or line break may fall inside the symbol's number, the meeting line, the
date and the President's line, on the cover and in every running header; only a cover
whose lines name two different meetings is refused, and the message quotes both lines."""

import re

import pytest

from speeches.parsing.records import NotARecord, parse_record, sniff_meeting
from tests.conftest import SAMPLE

RECORDS = SAMPLE / "unsc_2020" / "full_records_S_PV_txt"


def record_text(name: str) -> str:
    return (RECORDS / name).read_text(encoding="utf-8")


def break_number(text: str, number: str, at: int) -> str:
    """Every `number` as pypdf breaks it in other records: a space inside it."""
    return text.replace(number, f"{number[:at]} {number[at:]}")


@pytest.mark.parametrize("name, number", [("S_PV.8706_E.txt", "8706"), ("S_PV.8698_E.txt", "8698")])
@pytest.mark.parametrize("at", [1, 2, 3])
def test_a_symbol_broken_by_a_space_on_every_page_reads_as_the_intact_one(name, number, at):
    clean = record_text(name)
    broken = break_number(clean, number, at)
    assert broken.count(f"{number[:at]} {number[at:]}") > 5  # the cover, the meeting line, every header
    assert parse_record(broken) == parse_record(clean)


def test_the_cover_of_s_pv_8700_as_pypdf_extracted_it():
    # The cover lines of S/PV.8700, which is not in the sample, on the body of S/PV.8706.
    clean = record_text("S_PV.8706_E.txt")
    broken = clean.replace("United Nations S/ PV.8706", "United Nations S/ PV.870 0", 1)
    broken = broken.replace("8706th meeting", "8700th meeting", 1)
    broken = re.sub(r"S/ PV\. 8706", "S/ PV. 870 0", broken)
    record = parse_record(broken)
    assert record.meeting.symbol == "S/PV.8700"
    assert sniff_meeting(broken).symbol == "S/PV.8700"
    expected = parse_record(clean)
    assert record.turns == expected.turns  # every running header removed


def test_spaces_and_breaks_inside_the_date_president_and_meeting_lines():
    clean = record_text("S_PV.8698_E.txt")
    cover, rest = clean.split("Agenda", 1)
    assert "Wednesday, 8 January 2020, 10 a.m." in cover and "President: Mr. Dang" in cover
    broken = (
        cover.replace("Wednesday, 8 January 2020", "Wednes day, 8 Janu ary\n20 20")
        .replace("President:", "Presi dent:")
        .replace("8698th meeting", "869 8th meeting")
        .replace("Members:", "Mem bers:")
    )
    got, expected = parse_record(broken + "Agenda" + rest), parse_record(clean)
    assert (got.cover.date.isoformat(), got.cover.time.isoformat()) == ("2020-01-08", "10:00:00")
    assert got.cover == expected.cover
    assert got == expected


def test_a_cover_whose_lines_name_two_meetings_is_refused_quoting_both():
    clean = record_text("S_PV.8701_E.txt")
    contradictory = clean.replace("8701st meeting", "8702nd meeting", 1)
    with pytest.raises(NotARecord) as refused:
        parse_record(contradictory)
    assert str(refused.value) == (
        'the cover page is inconsistent: line 1, "United Nations S/ PV.8701", gives S/PV.8701 '
        'but line 4, "8702nd meeting", gives meeting 8702'
    )
