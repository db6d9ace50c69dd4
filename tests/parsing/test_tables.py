import datetime as dt

from speeches.parsing.tables import MeetingRow, SpeechRow, TableError, read_table

V5_HEADER = (
    "\tspeech\tcountry\tspeaker\tparticipanttype\trole_in_un\tspv\tbasename\ttopic\tdate\tyear\tmonth\tday\t"
    "filename\ttypes\ttokens\tsentences\ttopic2\tsubtopic\tagenda_item1\tagenda_item2\tagenda_item3\tdecision\n"
)


def row(index, speech, country, speaker, ptype, topic="Topic", date="15 March 2014", item3="Ukraine"):
    return (
        f"{index}\t{speech}\t{country}\t{speaker}\t{ptype}\t\t7138\tUNSC_2014_SPV.7138\t{topic}\t{date}\t2014\t3\t15\t"
        f"UNSC_2014_SPV.7138_spch{speech:03d}.txt\t292\t662\t24\tUkraine\tsub\tEurope\tUkraine\t{item3}\tveto\n"
    )


def test_speaker_table_in_the_published_v5_layout():
    data = V5_HEADER + row(46429, 2, "Russian Federation", "Mr. Churkin", "Mentioned")
    [parsed] = read_table(data.encode(), "speaker.tsv")
    assert parsed == SpeechRow(
        source="speaker.tsv line 2",
        filename="UNSC_2014_SPV.7138_spch002.txt",
        basename="UNSC_2014_SPV.7138",
        spv="7138",
        speech_number=2,
        speaker="Mr. Churkin",
        country="Russian Federation",
        participant_type="member",
        role="",
        date=dt.date(2014, 3, 15),
        topic="Topic",
        agenda_region="Europe",
        agenda_subitems=["Ukraine", "Ukraine"],
        outcome="veto",
        speech_format="",
        content=None,
    )


def test_r_doubled_apostrophes_and_a_newline_inside_a_field():
    data = (
        V5_HEADER
        + row(1, 3, "Côte d''Ivoire", "Mr. Chargé D''Affaires", "Guest", item3="split\nacross lines")
        + row(2, 4, "United States Of America", "Ms. Power", "The PRESIDENT", date="2014-03-15")
    )
    first, second = read_table(data.encode(), "speaker.tsv")
    assert (first.country, first.speaker, first.participant_type) == (
        "Côte d'Ivoire",
        "Mr. Chargé D'Affaires",
        "invited",
    )
    assert first.agenda_subitems == ["Ukraine", "split across lines"]
    assert (second.source, second.participant_type, second.date) == (
        "speaker.tsv line 4",
        "president",
        dt.date(2014, 3, 15),
    )


def test_bad_rows_are_reported_with_their_line_and_reading_goes_on():
    data = (
        V5_HEADER
        + row(1, 2, "China", "Mr. Liu", "Mentioned", date="32 March 2014")
        + row(2, 3, "Chad", "Mr. Cherif", "Guest")
    )
    bad, good = read_table(data.encode("cp1252").replace(b"\n", b"\r\n"), "speaker.tsv")
    assert isinstance(bad, TableError)
    assert (
        str(bad)
        == "speaker.tsv line 2: date '32 March 2014' is not a date (expected 2016-04-15 or 15 April 2016)"
    )
    assert good.speaker == "Mr. Cherif"


def test_a_row_with_too_many_fields_is_named():
    data = V5_HEADER + row(1, 2, "China", "Mr.\tLiu", "Mentioned")
    [bad] = read_table(data.encode(), "speaker.tsv")
    assert str(bad) == "speaker.tsv line 2: has 24 fields, the header has 23"


def test_meta_table_and_content_table():
    meta = "\tbasename\tdate\ttopic\tyear\tmonth\tday\tspv\tnum_speeches\toutcome\n1\tUNSC_2014_SPV.7138\t2014-03-15\tUkraine\t2014\t3\t15\t7138\t21\tveto\n"
    assert list(read_table(meta.encode(), "meta.tsv")) == [
        MeetingRow("meta.tsv line 2", "UNSC_2014_SPV.7138", "7138", dt.date(2014, 3, 15), "Ukraine", "veto")
    ]
    content = (
        "content\tdate\tspv\ttopic\tspeaker\tparticipanttype\tspeech\tcountry\tyear\tmonth\tday\tfilename\tbasename\n"
        '"He said ""no"" twice."\t30 March 2020\t2020_266\tSomalia\tMr. Zhang Jun\tThe President\t1\tChina\t2020\t3\t30\t'
        "UNSC_2020_SPV.2020_266_spch000.txt\tUNSC_2020_SPV.2020_266\n"
    )
    [parsed] = read_table(content.encode(), "virtual.tsv")
    assert (parsed.content, parsed.speaker, parsed.participant_type) == (
        'He said "no" twice.',
        "Mr. Zhang Jun",
        "president",
    )


def test_a_file_that_is_not_a_table():
    [error] = read_table(b"name\tvalue\nx\t1\n", "notes.tsv")
    assert str(error) == "notes.tsv: is not a corpus table (no filename or basename column)"
