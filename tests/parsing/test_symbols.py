import pytest

from speeches.parsing.symbols import Meeting, meeting_slug, parse_filename, parse_meeting


@pytest.mark.parametrize(
    "name, symbol, number, resumption, year, speech",
    [
        ("UNSC_2016_SPV.7704_spch012.txt", "S/PV.7704", 7704, 0, 2016, 12),
        ("UNSC_1992_SPV.3137_spch0009.txt", "S/PV.3137", 3137, 0, 1992, 9),
        ("UNSC_2004_SPV.5100Resumption1_spch0021.txt", "S/PV.5100 (Resumption 1)", 5100, 1, 2004, 21),
        ("UNSC_2020_S_2020_339_spch0018.txt", "S/2020/339", None, 0, 2020, 18),
        ("UNSC_2020_SPV.2020_266_spch000.txt", "S/2020/266", None, 0, 2020, 0),
        ("UNSC_2014_SPV.7154_spch004_RF_neg.txt", "S/PV.7154", 7154, 0, 2014, 4),
        ("speeches/UNSC_2013_SPV.6990_spch001.txt", "S/PV.6990", 6990, 0, 2013, 1),
    ],
)
def test_parse_filename(name, symbol, number, resumption, year, speech):
    meta = parse_filename(name)
    assert (meta.meeting, meta.year, meta.speech_number) == (
        Meeting(symbol, number, resumption),
        year,
        speech,
    )


@pytest.mark.parametrize(
    "name", ["000_b907de60422aaedd.txt", "S_PV.8698_E.txt", "UNSC_2016_SPV.7704.txt", "speaker.tsv"]
)
def test_names_without_metadata(name):
    assert parse_filename(name) is None


@pytest.mark.parametrize(
    "typed, symbol",
    [
        ("S/PV.7704", "S/PV.7704"),
        ("s/pv.5100 (resumption 1)", "S/PV.5100 (Resumption 1)"),
        ("7704", "S/PV.7704"),
        ("8699Resumption2", "S/PV.8699 (Resumption 2)"),
        ("S/2020/339", "S/2020/339"),
        ("2020_266", "S/2020/266"),
        ("S/ PV.8698", "S/PV.8698"),
        ("S/PV.7704; DROP TABLE", None),
        ("", None),
    ],
)
def test_parse_meeting(typed, symbol):
    meeting = parse_meeting(typed)
    assert (meeting.symbol if meeting else None) == symbol


def test_meeting_slug():
    assert meeting_slug("S/PV.5100 (Resumption 1)") == "s-pv-5100-resumption-1"
    assert meeting_slug("S/2020/339") == "s-2020-339"
