"""The register's veto list imported through the one import path (speeches.importing.register),
recognised by its content, and again with nothing changed."""

import shutil

import pytest

from speeches.importing.run import import_paths
from speeches.models import Veto
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


def test_the_yearly_tables_are_not_imported_yet_and_other_pages_are_skipped(tmp_path):
    (tmp_path / "other.html").write_text("<html><body><p>Hello</p></body></html>")
    shutil.copy(SAMPLE / "register" / "scact2016_table_en.html", tmp_path)
    report = import_paths([tmp_path])
    assert (report.files_read, report.skipped, Veto.objects.count()) == (0, 2, 0)
