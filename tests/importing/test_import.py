"""The import path on the sample corpus and on hostile input, against real PostgreSQL."""

import csv
import datetime as dt
import re
import tarfile
import zipfile
from pathlib import Path

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.management import call_command
from django.core.management.base import CommandError

from speeches.importing.run import import_paths
from speeches.models import Citation, Debate, Delegation, Statement
from speeches.parsing.normalize import fold
from speeches.parsing.speech import Options
from speeches.parsing.symbols import parse_meeting
from tests.conftest import REFERENCE, SAMPLE
from tests.importing.commands import run_command

pytestmark = pytest.mark.django_db


# The register's pages the import reads: the 77 yearly tables (1946-2022, with 2020's of meetings by
# videoconference) and the veto list.
REGISTER_PAGES_IMPORTED = sorted((SAMPLE / "register").glob("scact*_en.html"))


# The hand-made table of Sakamoto & Matsuoka's layout (sample/sakamoto_matsuoka/): its speeches
# are of meetings whose speech files the sample holds, so importing it updates them (their
# standing on the Council), after the files.
SM_SPEECHES = 9


def sample_files() -> tuple[list[Path], list[Path], int]:
    """The sample's text and PDF files, the full records among them (as text and as the UN's
    PDF), and the rows of the 2020 table whose `content` column holds a speech's text."""
    text_files = [*SAMPLE.rglob("*.txt"), *SAMPLE.rglob("*.pdf")]
    records = [p for p in text_files if p.parent.name.startswith("full_records_S_PV_")]
    with open(
        SAMPLE / "unsc_2020" / "unsc_2020_RData_c91d7b1_virtual_meetings_with_text.tsv", newline=""
    ) as f:
        content_rows = sum(1 for _ in csv.DictReader(f, delimiter="\t"))
    return text_files, records, content_rows


def recorded_meetings(records: list[Path]) -> set[str]:
    """The meetings whose full record the sample holds (S_PV.8698_E.txt, S_PV.8698_E.pdf: 8698)."""
    return {re.fullmatch(r"S_PV\.(\d+)_E\.(?:txt|pdf)", record.name).group(1) for record in records}


def unchanged_by_the_sample(text_files: list[Path], records: list[Path]) -> int:
    """What importing the sample finds already written: a record's statements come first from
    its first form (the PDF's folder sorts first); its other forms, and the corpus's speech files
    of the same meeting (as many as the record has statements), change nothing."""
    forms = len(records) // len(recorded_meetings(records))
    return len(speech_files_of_recorded_meetings(text_files, records)) * forms


def speech_files_of_recorded_meetings(text_files: list[Path], records: list[Path]) -> list[Path]:
    """The corpus's speech files (UNSC_2020_SPV.8698_spch001.txt) of the meetings whose full
    record (S_PV.8698_E.txt) the sample also holds."""
    meetings = recorded_meetings(records)
    return [
        path
        for path in text_files
        if (name := re.match(r"UNSC_\d{4}_SPV\.(\d+)_spch\d+\.txt$", path.name)) and name.group(1) in meetings
    ]


def test_sample_gives_one_statement_per_speech():
    report = import_paths([SAMPLE])
    text_files, records, content_rows = sample_files()
    assert report.refused == []
    assert report.files_read == len(text_files) + len(REGISTER_PAGES_IMPORTED)
    assert report.records == len(records) > 0
    # The records are meetings the corpus also split into speech files: the same
    # statements, read first from the records (their folders sort first); the
    # records' other form and the speech files then change nothing.
    assert report.created == Statement.objects.count() == len(text_files) - len(records) + content_rows
    assert report.unchanged == unchanged_by_the_sample(text_files, records) > 0
    assert Debate.objects.get(symbol="S/PV.7658").statements.count() == len(
        _speech_files("UNSC_2016_SPV.7658")
    )


def test_speaker_table_rows_give_speaker_delegation_and_participant_type():
    # The speech files alone, each with the tables of its folder and the one above
    # (with the records, the records' speakers as printed would stand).
    import_paths(sorted((SAMPLE / "unsc_2020" / "speeches_txt_2020").glob("*.txt")))
    # Every row of the 2020 speaker table whose file is in the sample.
    path = SAMPLE / "unsc_2020" / "unsc_2020_RData_56babe0_speaker.tsv"
    rows = list(csv.DictReader(open(path, encoding="utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert len(rows) == 76
    for row in rows:
        statement = Statement.objects.select_related("delegation").get(source_file=row["filename"])
        assert statement.speaker == row["speaker"]
        assert statement.delegation_as_printed == row["country"]
    president = Statement.objects.get(debate__symbol="S/PV.8698", speech_number=1)
    assert (president.speaker, president.role, president.delegation.name, president.participant_type) == (
        "Mr. Dang",
        "The President",
        "Viet Nam",
        "president",
    )
    briefer = Statement.objects.get(debate__symbol="S/PV.8698", speech_number=4)
    assert (briefer.speaker, briefer.delegation.name, briefer.delegation.kind, briefer.participant_type) == (
        "Mr. Chambas",
        "United Nations",
        "un",
        "invited",
    )
    china = Statement.objects.get(debate__symbol="S/PV.8698", speech_number=12)
    assert (china.speaker, china.language, china.text[:40]) == (
        "Mr. Wu Haitao",
        "Chinese",
        "China welcomes Estonia, the Niger, Saint",
    )


def test_files_without_a_table_row_take_the_speaker_turn():
    import_paths([SAMPLE])
    # No row for S/PV.7658 speech 14: the turn gives speaker, delegation and language.
    turn_only = Statement.objects.select_related("delegation").get(
        debate__symbol="S/PV.7658", speech_number=14
    )
    assert (turn_only.speaker, turn_only.delegation.name, turn_only.language, turn_only.text[:6]) == (
        "Mr. Bermudez",
        "Uruguay",
        "Spanish",
        "At the",
    )
    statement = Statement.objects.select_related("delegation", "debate").get(
        debate__symbol="S/PV.7138", speech_number=6
    )
    # UMUC's metadata has a row for this speech, and spells the delegation its own way.
    assert statement.debate.date == dt.date(2014, 3, 15)
    assert (statement.speaker, statement.delegation_as_printed, statement.delegation.name) == (
        "Sir Mark Lyall Grant",
        "United Kingdom Of Great Britain And Northern Ireland",
        "United Kingdom",
    )
    assert statement.text.startswith("The draft resolution (S/2014/l89) was designed")
    # S/2020/397 files have no speaker turn and no table row: text only.
    letter = Statement.objects.get(debate__symbol="S/2020/397", speech_number=1)
    assert (letter.speaker, letter.delegation, letter.text[:30]) == (
        "",
        None,
        "I have the honour to enclose h",
    )


def test_delegation_spellings_are_one_delegation(write_file):
    spellings = [
        "United Kingdom of Great Britain and Northern Ireland",
        "United Kingdom",
        "Türkiye",
        "Turkey",
        "Czechia",
        "Czech Republic",
        "Cabo Verde",
        "Cape Verde",
        "Venezuela (Bolivarian Republic of)",
        "Bolivarian Republic of Venezuela",
    ]
    for number, spelling in enumerate(spellings, start=1):
        write_file(f"UNSC_2019_SPV.8500_spch{number:03d}.txt", f"Mr. Doe ({spelling}): We speak.")
    report = import_paths([write_file("x.txt", "").parent])
    assert report.created == len(spellings)
    delegations = list(
        Statement.objects.order_by("speech_number").values_list("delegation__name", "delegation__iso3")
    )
    assert delegations == [
        ("United Kingdom", "GBR"),
        ("United Kingdom", "GBR"),
        ("Türkiye", "TUR"),
        ("Türkiye", "TUR"),
        ("Czechia", "CZE"),
        ("Czechia", "CZE"),
        ("Cabo Verde", "CPV"),
        ("Cabo Verde", "CPV"),
        ("Venezuela (Bolivarian Republic of)", "VEN"),
        ("Venezuela (Bolivarian Republic of)", "VEN"),
    ]
    assert Delegation.objects.count() == 5


def test_text_is_stored_exactly_whatever_characters_it_holds(write_file):
    # COPY's text format gives backslash, \\N, tab and line ends a meaning of their own.
    write_file(
        "UNSC_2019_SPV.8500_spch001.txt",
        "Mr. Back\\slash (Côte d’Ivoire): The file C:\\new\\table is \\N, not null.\n\nA second\tparagraph from Genève.",
    )
    report = import_paths([write_file("x.txt", "").parent])
    assert report.created == 1
    statement = Statement.objects.get()
    assert statement.speaker == "Mr. Back\\slash"
    assert statement.delegation_as_printed == "Côte d’Ivoire"
    assert statement.text == "The file C:\\new\\table is \\N, not null.\n\nA second paragraph from Genève."
    assert statement.folded_terms == "Geneve"
    assert Statement.objects.filter(search=SearchQuery("geneve", config="english")).count() == 1


def test_verbose_import_says_where_the_time_went(write_file):
    folder = write_file("UNSC_2019_SPV.8500_spch001.txt", "Mr. Doe (France): We speak.").parent
    code, out, _ = run_command(folder, "--verbosity", "2")
    assert code == 0
    timing = out.splitlines()[-1]
    assert re.fullmatch(
        r"time: read and plan \d+\.\ds, parse and write \d+\.\ds, statistics and change log \d+\.\ds", timing
    ), timing
    assert "time:" not in run_command(folder)[1]


def test_reference_statement_with_meeting_option():
    code, out, err = run_command(
        REFERENCE, "--meeting", "S/PV.7704", "--date", "2016-06-02", "--speech-number", "12"
    )
    assert (code, err) == (0, "")
    statement = Statement.objects.get()
    assert (statement.debate.symbol, statement.speech_number, statement.debate.slug) == (
        "S/PV.7704",
        12,
        "s-pv-7704",
    )
    assert statement.get_absolute_url() == "/debates/s-pv-7704/12/"
    assert (statement.speaker, statement.delegation.name, statement.delegation.iso3) == (
        "Mr. Abdrakhmanov",
        "Kazakhstan",
        "KAZ",
    )
    assert sorted(r.symbol for r in statement.resolutions.all()) == [
        "S/RES/1325 (2000)",
        "S/RES/2170 (2014)",
        "S/RES/2253 (2015)",
    ]
    assert "zero-tolerance policy" in statement.text
    assert "zero- tolerance" not in statement.text
    assert list(statement.documents.values_list("symbol", flat=True)) == ["S/2015/432"]
    assert statement.text.startswith("Kazakhstan commends the French presidency")
    assert len(statement.paragraphs) == 8
    assert Citation.objects.get(statement=statement, resolution__number=2253).sentence.startswith(
        "Resolutions 2170 (2014) and 2253 (2015), which make it illegal"
    )
    assert "1 files read; statements: 1 created, 0 updated, 0 unchanged; 0 refused" in out


def test_a_file_with_no_meeting_is_refused_and_nothing_is_written(write_file):
    # Alone, without the speaker.tsv row that places it in the sample.
    path = write_file(REFERENCE.name, REFERENCE.read_bytes())
    code, out, err = run_command(path)
    assert code == 1
    assert err.strip() == (
        f"refused {path}: cannot be placed in a meeting: its name is not a corpus file name "
        "(UNSC_2016_SPV.7704_spch012.txt), no speaker table row names it, and no meeting was given "
        "(--meeting S/PV.7704)"
    )
    assert Statement.objects.count() == Debate.objects.count() == 0


def test_a_speech_file_that_holds_another_speakers_turn_is_flagged_for_review():
    report = import_paths([SAMPLE])
    # The corpus kept Brazil's speech in S/PV.7658's speech 29, after the President's call,
    # because its turn lost its colon; the speaker table gives the President (Angola).
    statement = Statement.objects.get(debate__symbol="S/PV.7658", speech_number=29)
    note = (
        "paragraph 2 opens another speaker's turn without its colon "
        "(Mr. De Aguiar Patriota (Brazil)): the source kept two speeches as one here"
    )
    assert (statement.speaker, statement.delegation.name, statement.attribution_note) == (
        "Ms. Delgado/Mr. Gaspar Martins",
        "Angola",
        note,
    )
    assert [str(flagged) for flagged in report.unattributed] == [
        f"{statement.source_file}: S/PV.7658 speech 29 (Ms. Delgado/Mr. Gaspar Martins): {note}"
    ]
    assert Statement.objects.exclude(attribution_note="").count() == 1
    assert "; 0 refused; 1 to review (who spoke);" in report.summary()


def test_reimport_changes_nothing_and_keeps_identity():
    first = import_paths([SAMPLE])
    ids = {
        (symbol, n): pk
        for symbol, n, pk in Statement.objects.values_list("debate__symbol", "speech_number", "id")
    }
    vectors = dict(Statement.objects.values_list("id", "search"))
    second = import_paths([SAMPLE])
    assert first.updated == SM_SPEECHES
    # Every statement once, and the table's speeches again: nothing changes.
    assert (second.created, second.updated, second.unchanged) == (
        0,
        0,
        first.created + first.unchanged + SM_SPEECHES,
    )
    assert {
        (symbol, n): pk
        for symbol, n, pk in Statement.objects.values_list("debate__symbol", "speech_number", "id")
    } == ids
    assert dict(Statement.objects.values_list("id", "search")) == vectors


def test_changed_file_updates_its_statement_in_place(write_file):
    original = (SAMPLE / "umuc/Raw_Text/all_speeches_from_debate/wps/UNSC_2016_SPV.7643").glob("*spch003.txt")
    source = next(original)
    path = write_file(source.name, source.read_bytes())
    import_paths([path])
    before = Statement.objects.get()
    path.write_bytes(source.read_bytes().replace(b"\n\n", b"\n\nWe recall resolution 2242 (2015).\n\n", 1))
    report = import_paths([path])
    after = Statement.objects.get()
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    assert after.pk == before.pk
    assert "We recall resolution 2242 (2015)." in after.text
    assert list(after.resolutions.values_list("number", flat=True)) == [2242]
    assert Statement.objects.filter(search=SearchQuery("2242", config="english")).get() == after


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("UNSC_2016_SPV.7704_spch001.txt", b"", "is empty"),
        ("UNSC_2016_SPV.7704_spch002.txt", b"   \r\n", "is empty"),
        (
            "UNSC_2016_SPV.7704_spch003.txt",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "is a binary file, not text (it contains NUL bytes)",
        ),
        ("UNSC_2016_SPV.7704_spch004.txt", b"The President: ", "has a speaker turn but no text after it"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(write_file, name, content, reason):
    path = write_file(name, content)
    good = write_file("UNSC_2016_SPV.7704_spch009.txt", "The President: The meeting is adjourned.")
    code, out, err = run_command(path.parent)
    assert code == 1
    assert err.strip() == f"refused {path}: {reason}"
    assert list(Statement.objects.values_list("speech_number", flat=True)) == [9]
    assert "2 files read; statements: 1 created, 0 updated, 0 unchanged; 1 refused" in out
    assert good.exists()


def test_dry_run_reports_and_writes_nothing():
    code, out, err = run_command(SAMPLE, "--dry-run")
    # The register's rows that are not read or are listed twice are named, as by a real import.
    assert code == 0 and all(line.startswith("not read ") for line in err.splitlines())
    text_files, records, content_rows = sample_files()
    created = len(text_files) - len(records) + content_rows
    unchanged = unchanged_by_the_sample(text_files, records)
    assert (
        f"Dry run, nothing written: {len(text_files) + len(REGISTER_PAGES_IMPORTED)} files read ({len(records)} full meeting records); "
        f"statements: {created} created, {SM_SPEECHES} updated, {unchanged} unchanged; 0 refused"
    ) in out
    assert Statement.objects.count() == Debate.objects.count() == Delegation.objects.count() == 0


def test_bad_options_are_refused():

    with pytest.raises(CommandError, match="is not a meeting symbol"):
        call_command("import_statements", str(REFERENCE), "--meeting", "yesterday")
    with pytest.raises(CommandError, match="is not a date"):
        call_command("import_statements", str(REFERENCE), "--meeting", "7704", "--date", "2016-13-01")
    for number in ("-1", "99999999999999999999999"):
        with pytest.raises(CommandError, match="--speech-number must be from 0 to 99,999"):
            call_command("import_statements", str(REFERENCE), "--meeting", "7704", "--speech-number", number)


def test_unnumbered_statement_is_appended_once():
    options = Options(meeting=parse_meeting("S/PV.7704"))
    import_paths([REFERENCE], options=options)
    import_paths([REFERENCE], options=options)
    assert list(Statement.objects.values_list("speech_number", flat=True)) == [1]


def _speech_files(debate: str) -> list[Path]:
    return sorted((SAMPLE / "umuc/Raw_Text/all_speeches_from_debate").glob(f"*/{debate}/*.txt"))


def test_zip_and_tar_archives(tmp_path):
    files = _speech_files("UNSC_2014_SPV.7138")
    with zipfile.ZipFile(tmp_path / "debate.zip", "w") as archive:
        for f in files:
            archive.write(f, f"speeches/{f.name}")
    with tarfile.open(tmp_path / "debate.tar.gz", "w:gz") as archive:
        for f in files:
            archive.add(f, f"speeches/{f.name}")
    first = import_paths([tmp_path / "debate.zip"])
    second = import_paths([tmp_path / "debate.tar.gz"])
    assert (first.created, second.unchanged, second.refused) == (21, 21, [])


def test_archive_with_a_path_outside_is_refused_whole(tmp_path):
    with zipfile.ZipFile(tmp_path / "evil.zip", "w") as archive:
        archive.writestr("UNSC_2014_SPV.7138_spch001.txt", "The President: Hello.")
        archive.writestr("../../UNSC_2014_SPV.7138_spch002.txt", "The President: Escaped.")
    report = import_paths([tmp_path / "evil.zip"])
    assert [str(r) for r in report.refused] == [
        f"{tmp_path / 'evil.zip'}: member '../../UNSC_2014_SPV.7138_spch002.txt' points outside the archive; "
        "nothing was imported"
    ]
    assert Statement.objects.count() == 0


def test_tar_with_a_link_is_refused_whole(tmp_path):
    with tarfile.open(tmp_path / "links.tar", "w") as archive:
        info = tarfile.TarInfo("UNSC_2014_SPV.7138_spch001.txt")
        info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
        archive.addfile(info)
    report = import_paths([tmp_path / "links.tar"])
    assert [r.reason for r in report.refused] == [
        "member 'UNSC_2014_SPV.7138_spch001.txt' is a link or device, not a file; nothing was imported"
    ]


def test_table_row_errors_name_the_line(tmp_path):
    files = _speech_files("UNSC_2016_SPV.7643")[:1]
    (tmp_path / files[0].name).write_bytes(files[0].read_bytes())
    (tmp_path / "speaker.tsv").write_text(
        "speech\tcountry\tspeaker\tparticipanttype\tfilename\tdate\n"
        f"1\tChina\tMr. Liu\tMentioned\t{files[0].name}\t31 February 2016\n"
    )
    report = import_paths([tmp_path])
    assert [str(r) for r in report.refused] == [
        f"{tmp_path / 'speaker.tsv'} line 2: date '31 February 2016' is not a date (expected 2016-04-15 or 15 April 2016)"
    ]
    assert report.created == 1


def test_search_vector_is_current_and_accent_insensitive():
    import_paths([SAMPLE])
    statement = Statement.objects.get(debate__symbol="S/PV.7704")
    for query in ("trafficking", "traffickers", "Cote d'Ivoire", "Côte d’Ivoire"):
        found = Statement.objects.filter(search=SearchQuery(fold(query), config="english"))
        assert statement in found, query
    Statement.objects.filter(pk=statement.pk).update(speaker="Mr. Quidnunc")
    assert Statement.objects.filter(search=SearchQuery("quidnunc", config="english")).get() == statement
