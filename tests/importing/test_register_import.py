"""The register's veto list imported through the one import path (speeches.importing.register),
recognised by its content, and again with nothing changed."""

import shutil

import pytest

from speeches.importing.run import import_paths
from speeches.models import Debate, RegisterOutcome, Resolution, Veto
from tests.conftest import SAMPLE
from tests.importing.commands import run_command

pytestmark = pytest.mark.django_db

VETO_LIST = SAMPLE / "register" / "scact_veto_table_en.html"


def test_the_veto_list_is_imported_whole_then_changes_nothing(tmp_path):
    page = tmp_path / "saved from the library.html"  # recognised by what it holds, not its name
    shutil.copy(VETO_LIST, page)
    report = import_paths([page])
    assert (report.ok, report.files_read, report.unread_rows) == (True, 1, [])
    assert (report.vetoes.created, report.vetoes.updated, report.vetoes.unchanged) == (213, 0, 0)
    assert "vetoes: 213 created, 0 updated, 0 unchanged" in report.summary()
    assert Veto.objects.count() == 213
    again = import_paths([page])
    assert (again.vetoes.created, again.vetoes.updated, again.vetoes.unchanged) == (0, 0, 213)


def test_a_veto_as_the_library_lists_it():
    import_paths([VETO_LIST])
    veto = Veto.objects.get(meeting="S/PV.7138")
    assert (str(veto.date), veto.drafts, veto.agenda_item[:44]) == (
        "2014-03-15",
        ["S/2014/189"],
        "Letter dated 28 February 2014 from the Perma",
    )
    assert [m.name for m in veto.members.all()] == ["Russian Federation"]
    # The 2020 votes by written procedure name their letters, not a meeting.
    written = Veto.objects.get(drafts=["S/2020/852"])
    assert (written.meeting, written.letters, written.record_url) == (
        "",
        ["S/2020/870", "S/2020/865"],
        "https://undocs.org/en/S/2020/870",
    )
    # Two identical rows of the list (S/PV.303, 24 May 1948) are two vetoes.
    assert Veto.objects.filter(meeting="S/PV.303").count() == 2


def test_a_corrected_list_updates_the_rows_it_corrects(tmp_path):
    import_paths([VETO_LIST])
    corrected = tmp_path / "vetoes.html"
    corrected.write_text(
        VETO_LIST.read_text(encoding="utf-8").replace(
            "Non-proliferation - Democratic People's", "Non-proliferation: Democratic People's", 1
        ),
        encoding="utf-8",
    )
    report = import_paths([corrected])
    assert (report.vetoes.created, report.vetoes.updated, report.vetoes.unchanged) == (0, 1, 212)
    assert Veto.objects.get(drafts=["S/2022/431"]).agenda_item.startswith("Non-proliferation: Democratic")


def test_a_row_that_cannot_be_read_is_named_and_the_others_are_imported(tmp_path):
    page = tmp_path / "vetoes.html"
    page.write_text(
        VETO_LIST.read_text(encoding="utf-8").replace("<td>26 May 2022</td>", "<td>sometime</td>", 1),
        encoding="utf-8",
    )
    code, out, err = run_command(page)
    assert code == 0
    # Row 4 of the table: its title, the library's note and the header come first.
    assert err.splitlines() == [f"not read {page}, row 4: no date in 'sometime'"]
    assert "vetoes: 212 created" in out and "1 rows of the register not read" in out
    assert Veto.objects.count() == 212


TABLE_2016 = SAMPLE / "register" / "scact2016_table_en.html"
TABLE_2020 = SAMPLE / "register" / "scact2020_table_en.html"


def test_a_yearly_table_is_imported_whole_then_changes_nothing_and_other_pages_are_skipped(tmp_path):
    (tmp_path / "other.html").write_text("<html><body><p>Hello</p></body></html>")
    shutil.copy(TABLE_2016, tmp_path / "saved.html")  # recognised by what it holds
    report = import_paths([tmp_path])
    assert (report.ok, report.files_read, report.skipped, report.unread_rows) == (True, 1, 1, [])
    # 258 meetings in 2016 (S/PV.7600 to S/PV.7855 and two resumptions); resolutions 2260 to 2336.
    assert (report.meetings.created, report.resolutions.created) == (258, 77)
    assert Debate.objects.filter(year=2016, in_register=True).count() == 258
    assert list(Resolution.objects.order_by("number").values_list("number", flat=True)) == list(
        range(2260, 2337)
    )
    debate = Debate.objects.get(symbol="S/PV.7853")
    assert (str(debate.date), debate.press_release, debate.topic) == (
        "2016-12-23",
        "SC/12657",
        "The situation in the Middle East, including the Palestinian question",
    )
    assert debate.register_row == "saved.html, row 5"  # after the title, the header, 7855, 7854
    (outcome,) = debate.register_outcomes.all()
    assert (outcome.kind, outcome.document, outcome.tally, outcome.resolution.number) == (
        "resolution",
        "S/RES/2334 (2016)",
        "14-0-1",
        2334,
    )
    resolution = Resolution.objects.get(number=2334)
    assert (resolution.meeting, str(resolution.date), resolution.tally) == (debate, "2016-12-23", "14-0-1")
    # The 2016 vetoes: S/2016/846 (Russian Federation) and S/2016/1026 (China, Russian Federation).
    vetoed = RegisterOutcome.objects.filter(kind="vetoed").order_by("document")
    assert [(o.document, o.vetoed_by, o.tally) for o in vetoed] == [
        ("S/2016/1026", ["China", "Russian Federation"], "11-3-1"),
        ("S/2016/846", ["Russian Federation"], "11-2-2"),
    ]
    again = import_paths([tmp_path])
    assert (again.meetings.created, again.meetings.updated, again.meetings.unchanged) == (0, 0, 258)
    assert (again.resolutions.created, again.resolutions.updated, again.resolutions.unchanged) == (0, 0, 77)
    assert "register meetings: 0 created, 0 updated, 258 unchanged; register resolutions: 0 created" in (
        again.summary()
    )


def test_the_register_fills_what_the_statements_left_empty_in_either_order(tmp_path):
    meeting = SAMPLE / "umuc" / "Raw_Text" / "all_speeches_from_debate" / "iraq" / "UNSC_2020_SPV.8739"
    shutil.copytree(meeting, tmp_path / "statements")
    shutil.copy(TABLE_2020, tmp_path / "table.html")
    import_paths([tmp_path / "statements"])
    debate = Debate.objects.get(symbol="S/PV.8739")
    assert (debate.date, debate.topic, debate.in_register) == (None, "", False)
    import_paths([tmp_path / "table.html"])
    debate.refresh_from_db()
    # The 2020 table: S/PV.8739, 3 March, SC/14134, "The situation concerning Iraq".
    assert (str(debate.date), debate.topic, debate.press_release, debate.in_register) == (
        "2020-03-03",
        "The situation concerning Iraq",
        "SC/14134",
        True,
    )
    assert Debate.objects.filter(meeting_number=8739).count() == 1
    statements = debate.statements.count()
    assert statements > 0
    Debate.objects.all().delete()
    import_paths([tmp_path / "table.html"])
    import_paths([tmp_path / "statements"])
    debate = Debate.objects.get(symbol="S/PV.8739")
    assert (str(debate.date), debate.topic, debate.statements.count()) == (
        "2020-03-03",
        "The situation concerning Iraq",
        statements,
    )


def test_what_the_statements_say_is_kept_over_the_register(tmp_path):
    shutil.copy(TABLE_2016, tmp_path / "table.html")
    Debate.objects.create(
        symbol="S/PV.7853", slug="s-pv-7853", meeting_number=7853, topic="Palestine", year=2016
    )
    import_paths([tmp_path / "table.html"])
    debate = Debate.objects.get(symbol="S/PV.7853")
    assert (debate.topic, str(debate.date), debate.press_release) == ("Palestine", "2016-12-23", "SC/12657")


def test_meetings_the_library_lists_twice_are_one_debate_and_a_disagreement_is_named(tmp_path):
    shutil.copy(SAMPLE / "register" / "scact2000_table_en.html", tmp_path)
    shutil.copy(SAMPLE / "register" / "scact2003_table_en.html", tmp_path)
    code, out, err = run_command(tmp_path)
    assert code == 0
    # S/PV.4194, 7 September 2000: the Summit's resolution 1318 and a presidential statement on
    # the Congo, in two rows of the table.
    summit = Debate.objects.get(symbol="S/PV.4194")
    assert [o.document for o in summit.register_outcomes.all()] == ["S/PRST/2000/28", "S/RES/1318 (2000)"]
    assert summit.topic == "Democratic Republic of the Congo"
    assert summit.other_topics[0].startswith("Security Council Summit: maintaining peace and security")
    # S/PV.4820 is listed on 12 September 2003 and again on 9 September: kept once, and said.
    assert Debate.objects.filter(meeting_number=4820).count() == 1
    table = tmp_path / "scact2003_table_en.html"
    assert (
        f"not read {table}, row 79: S/PV.4820 is listed again with another date (9 September 2003): "
        f"kept 12 September 2003 of {table}, row 78"
    ) in err.splitlines()


def test_the_whole_register(tmp_path):
    report = import_paths([SAMPLE / "register"])
    assert report.ok and report.files_read == 79
    # The library's counts (tests/parsing/test_register.py): 88 meetings in 1946, 171 in 1993, 258 in 2016.
    assert [Debate.objects.filter(year=year).count() for year in (1946, 1993, 2016)] == [88, 171, 258]
    resolution = Resolution.objects.select_related("meeting").get(number=1820)
    assert (resolution.meeting.symbol, str(resolution.date), resolution.tally) == (
        "S/PV.5916 (Resumption 1)",
        "2008-06-19",
        "15-0-0",
    )
    assert resolution.topic == "Women and peace and security"
    # The 2020 vetoes by written procedure, each the debate of its letter of the vote procedure.
    written = RegisterOutcome.objects.filter(kind="vetoed", debate__year=2020).order_by("document")
    assert [(o.document, o.vetoed_by) for o in written] == [
        ("S/2020/654", ["China", "Russian Federation"]),
        ("S/2020/667", ["China", "Russian Federation"]),
        ("S/2020/852", ["United States"]),
    ]
    assert all(not o.debate.symbol.startswith("S/PV.") for o in written)
    # The meetings the register names no record or letter of are named, not dropped in silence.
    unnamed = [str(p) for p in report.unread_rows if "no meeting record or letter" in str(p)]
    assert len(unnamed) == 10
    assert any("S/RES/2580 (2021) is kept with its date and topic" in p for p in unnamed)
    assert str(Resolution.objects.get(number=2580).date) == "2021-06-08"
