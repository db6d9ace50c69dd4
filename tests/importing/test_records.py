"""Importing full verbatim records (sample/unsc_2020/full_records_S_PV_txt), alone and beside
the corpus's split speech files of the same meetings, against real PostgreSQL."""

import datetime as dt
import tarfile
import zipfile

import pytest

from speeches.importing import workers
from speeches.importing.run import import_paths
from speeches.models import Debate, DebateMember, Decision, Resolution, Statement, Vote
from tests.conftest import SAMPLE
from tests.importing.commands import run_command

pytestmark = pytest.mark.django_db

RECORDS = SAMPLE / "unsc_2020" / "full_records_S_PV_txt"
SPLIT = SAMPLE / "unsc_2020" / "speeches_txt_2020"
STATEMENTS = {"S/PV.8698": 20, "S/PV.8701": 2, "S/PV.8706": 32, "S/PV.8770": 22}


def copy(write_file, name: str):
    """A record alone in a folder (a single file is imported with the tables beside it)."""
    return write_file(name, (RECORDS / name).read_bytes())


def test_a_record_becomes_a_debate_with_its_statements(write_file):
    code, out, err = run_command(copy(write_file, "S_PV.8698_E.txt"))
    assert (code, err) == (0, "")
    assert (
        "1 files read (1 full meeting records); statements: 20 created, 0 updated, 0 unchanged; 0 refused"
        in out
    )
    debate = Debate.objects.select_related("president_delegation").get(symbol="S/PV.8698")
    assert (debate.date, debate.year, debate.topic, debate.agenda_subitems, debate.agenda_documents) == (
        dt.date(2020, 1, 8),
        2020,
        "Peace consolidation in West Africa",
        [
            "Report of the Secretary-General on the activities of the United Nations Office for West Africa "
            "and the Sahel (S/2019/1005)"
        ],
        ["S/2019/1005"],
    )
    assert (debate.president_name, debate.president_delegation.name, debate.record_file) == (
        "Mr. Dang",
        "Viet Nam",
        "S_PV.8698_E.txt",
    )
    assert (debate.called_to_order_at, debate.rose_at, debate.suspended_at) == (
        dt.time(10),
        dt.time(11, 40),
        None,
    )
    assert list(debate.members.values_list("delegation__name", "representative"))[:3] == [
        ("Viet Nam", "Mr. Dang"),
        ("Belgium", "Mr. Pecsteen de Buytswerve"),
        ("China", "Mr. Wu Haitao"),
    ]
    assert debate.members.count() == 15
    statements = list(
        debate.statements.order_by("speech_number").values_list(
            "speech_number", "speaker", "role", "delegation__name", "participant_type", "language"
        )
    )
    assert statements[:6] == [
        (1, "Mr. Dang", "The President", "Viet Nam", "president", ""),
        (2, "Mr. Dang", "The President", "Viet Nam", "president", ""),
        (3, "Mr. Dang", "The President", "Viet Nam", "president", ""),
        (4, "Mr. Chambas", "", "United Nations", "invited", ""),
        (5, "Mr. Dang", "The President", "Viet Nam", "president", ""),
        (6, "Mr. Abarry", "", "Niger", "member", "French"),
    ]
    first = debate.statements.get(speech_number=1)
    assert len(first.paragraphs) == 4
    assert "Côte d’Ivoire, Equatorial Guinea" in first.text
    assert first.source_file == "S_PV.8698_E.txt"


def test_what_the_meeting_decided(write_file):
    import_paths([copy(write_file, "S_PV.8701_E.txt")])
    decision = Decision.objects.select_related("debate", "resolution").get()
    assert (
        decision.debate.symbol,
        decision.number,
        decision.kind,
        decision.draft_symbol,
        decision.adopted,
        decision.resolution.symbol,
    ) == ("S/PV.8701", 1, "resolution", "S/2020/27", True, "S/RES/2505 (2020)")
    positions = decision.positions()
    assert (len(positions["in_favour"]), positions["against"], positions["abstaining"]) == (15, [], [])
    assert "United Kingdom" in positions["in_favour"] and "Viet Nam" in positions["in_favour"]
    assert decision.vetoed_by == []
    assert Resolution.objects.get(number=2505).decisions.get() == decision


def test_a_veto_is_a_permanent_members_vote_against_a_draft_with_nine_votes(write_file):
    text = (RECORDS / "S_PV.8701_E.txt").read_text(encoding="utf-8")
    vetoed = text.replace(
        "Federation, Saint Vincent and the Grenadines, \n",
        "Saint Vincent and the Grenadines, \n",
    ).replace(
        "America, Viet Nam\n",
        "America, Viet Nam\nAgainst:\nRussian Federation\n",
    )
    vetoed = vetoed.replace(
        "The draft resolution received 15 \nvotes in favour. The draft resolution has been adopted \n"
        "unanimously as resolution 2505 (2020).",
        "The draft resolution received 14 \nvotes in favour and 1 against. The draft resolution has not been "
        "adopted, owing to the negative vote of a permanent member of the Council.",
    )
    assert vetoed.count("Against:") == 1 and "negative vote" in vetoed
    import_paths([write_file("S_PV.8701_E.txt", vetoed)])
    decision = Decision.objects.get()
    assert (decision.adopted, decision.resolution, decision.positions()["against"]) == (
        False,
        None,
        ["Russian Federation"],
    )
    assert [d.name for d in decision.vetoed_by] == ["Russian Federation"]


def test_the_same_record_twice_changes_nothing():
    first = import_paths([RECORDS])
    assert (first.records, first.created, first.refused, first.unattributed) == (4, 76, [], [])
    rows = [
        sorted(Statement.objects.values_list("id", "checksum", "delegation_id", "attribution_note")),
        sorted(Debate.objects.values_list("id", "symbol", "record_file", "rose_at")),
        sorted(DebateMember.objects.values_list("id", "delegation_id", "representative")),
        sorted(Decision.objects.values_list("id", "number", "adopted", "resolution_id")),
        sorted(Vote.objects.values_list("id", "delegation_id", "position")),
    ]
    again = import_paths([RECORDS])
    assert (again.created, again.updated, again.unchanged, again.refused) == (0, 0, 76, [])
    assert [
        sorted(Statement.objects.values_list("id", "checksum", "delegation_id", "attribution_note")),
        sorted(Debate.objects.values_list("id", "symbol", "record_file", "rose_at")),
        sorted(DebateMember.objects.values_list("id", "delegation_id", "representative")),
        sorted(Decision.objects.values_list("id", "number", "adopted", "resolution_id")),
        sorted(Vote.objects.values_list("id", "delegation_id", "position")),
    ] == rows


@pytest.mark.parametrize("record_first", [True, False])
def test_a_record_and_its_split_speech_files_are_one_debate(record_first):
    """The corpus numbers every turn from 1 as the record does, so the two are the
    same statements; the record's text (accents, paragraphs) is the one kept."""
    first, second = ([RECORDS], [SPLIT]) if record_first else ([SPLIT], [RECORDS])
    import_paths(first)
    ids = dict(Statement.objects.values_list("source_file", "id"))
    later = import_paths(second)
    assert later.refused == []
    assert {
        d.symbol: d.statements.count() for d in Debate.objects.filter(symbol__in=STATEMENTS)
    } == STATEMENTS
    assert Statement.objects.count() == 76
    assert set(Statement.objects.values_list("source_file", flat=True)) == {
        "S_PV.8698_E.txt",
        "S_PV.8701_E.txt",
        "S_PV.8706_E.txt",
        "S_PV.8770_E.txt",
    }
    estonia = Statement.objects.get(debate__symbol="S/PV.8698", speech_number=10)
    assert (estonia.speaker, estonia.delegation.name) == ("Mr. Auväärt", "Estonia")
    if record_first:
        assert (later.created, later.updated, later.unchanged) == (0, 0, 76)
        assert dict(Statement.objects.values_list("source_file", "id")) == ids
    else:
        # Each statement keeps its identity (and URL) and takes the record's text.
        assert (later.created, later.updated, later.unchanged) == (0, 76, 0)
        assert sorted(Statement.objects.values_list("id", flat=True)) == sorted(ids.values())
    again = import_paths([*first, *second])
    assert (again.created, again.updated, again.unchanged, again.refused) == (0, 0, 152, [])


def test_speech_files_add_nothing_to_a_debate_read_from_its_record(write_file):
    import_paths([copy(write_file, "S_PV.8701_E.txt")])
    extra = write_file("UNSC_2020_SPV.8701_spch003.txt", "The President: One more thing.")
    code, out, err = run_command(extra)
    assert code == 1
    assert err.strip() == (
        f"refused {extra.name}: S/PV.8701 was read from its full record (S_PV.8701_E.txt), "
        "which has no speech 3; the file adds nothing to it"
    )
    assert Statement.objects.count() == 2


def test_records_are_recognised_in_folders_and_archives(tmp_path):
    record = RECORDS / "S_PV.8701_E.txt"
    with zipfile.ZipFile(tmp_path / "records.zip", "w") as archive:
        archive.write(record, f"records/{record.name}")
    with tarfile.open(tmp_path / "records.tar.gz", "w:gz") as archive:
        archive.add(record, f"records/{record.name}")
    first = import_paths([tmp_path / "records.zip"])
    second = import_paths([tmp_path / "records.tar.gz"])
    assert (first.records, first.created, second.records, second.unchanged) == (1, 2, 1, 2)
    assert Decision.objects.count() == 1


def test_records_option_refuses_a_file_that_is_not_a_record(write_file):
    speech = write_file(
        "UNSC_2020_SPV.8701_spch001.txt", (SPLIT / "UNSC_2020_SPV.8701_spch001.txt").read_bytes()
    )
    code, out, err = run_command(speech, "--records")
    assert code == 1
    assert err.strip().startswith(
        f'refused {speech}: is not a verbatim record: no cover page ("Security Council", "8698th meeting"'
    )
    assert Statement.objects.count() == Debate.objects.count() == 0


@pytest.mark.parametrize(
    "cut, reason",
    [
        (
            lambda text: text.split("\f", 1)[1],
            'no cover page: it does not give the President ("President: Mr. Dang .... (Viet Nam)"), '
            'the members ("Members: Belgium .... Mr. Pecsteen de Buytswerve")',
        ),
        (
            lambda text: text.split("The meeting was called to order")[0],
            'has a cover page but no speaker turn ("The President:", "Mr. Abarry (Niger):") in its text',
        ),
    ],
)
def test_a_record_that_cannot_be_read_is_refused_and_nothing_is_written(write_file, cut, reason):
    text = (RECORDS / "S_PV.8701_E.txt").read_text(encoding="utf-8")
    path = write_file("S_PV.8701_E.txt", cut(text))
    code, out, err = run_command(path)
    assert code == 1
    assert err.strip() == f"refused {path}: {reason}"
    assert Statement.objects.count() == Debate.objects.count() == Decision.objects.count() == 0


def test_an_unattributable_turn_is_kept_flagged_and_listed(write_file):
    text = (RECORDS / "S_PV.8698_E.txt").read_text(encoding="utf-8")
    path = write_file(
        "S_PV.8698_E.txt", text.replace("Mr. Chambas: I am honoured", "Mr. Obiang: I am honoured")
    )
    code, out, err = run_command(path)
    assert (code, err) == (0, "")
    reason = (
        "the turn gives no delegation, the cover page does not list the speaker, and no invitation names them"
    )
    assert f"to review S_PV.8698_E.txt: S/PV.8698 speech 4 (Mr. Obiang): {reason}" in out
    assert "statements: 20 created, 0 updated, 0 unchanged; 0 refused; 1 to review (who spoke)" in out
    flagged = Statement.objects.get(debate__symbol="S/PV.8698", speech_number=4)
    assert (flagged.speaker, flagged.delegation, flagged.attribution_note) == ("Mr. Obiang", None, reason)
    assert flagged.text.startswith("I am honoured to be here today")
    before = Statement.objects.get(debate__symbol="S/PV.8698", speech_number=3)
    assert before.text.endswith("I now give the floor to Mr. Chambas.")


def test_dry_run_of_records_writes_nothing():
    code, out, err = run_command(RECORDS, "--dry-run")
    assert (code, err) == (0, "")
    assert "Dry run, nothing written: 4 files read (4 full meeting records); statements: 76 created" in out
    assert Statement.objects.count() == Debate.objects.count() == Decision.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_records_in_worker_processes(monkeypatch):
    """Large imports fork workers by meeting: a record and its meeting's speech
    files go to the same worker, and the result is what one process writes."""
    paths = [RECORDS, SPLIT]
    import_paths(paths)
    one_process = sorted(
        Statement.objects.values_list("debate__symbol", "speech_number", "checksum", "source_file")
    )
    decisions = sorted(Decision.objects.values_list("debate__symbol", "number", "resolution__number"))
    Statement.objects.all().delete()
    Decision.objects.all().delete()
    DebateMember.objects.all().delete()
    Debate.objects.all().delete()
    monkeypatch.setattr(workers, "PARALLEL_MIN_STATEMENTS", 10)
    monkeypatch.setattr(workers, "WORKERS", 2)
    report = import_paths(paths)
    assert (report.records, report.created, report.unchanged, report.refused) == (4, 76, 76, [])
    assert (
        sorted(Statement.objects.values_list("debate__symbol", "speech_number", "checksum", "source_file"))
        == one_process
    )
    assert sorted(Decision.objects.values_list("debate__symbol", "number", "resolution__number")) == decisions
