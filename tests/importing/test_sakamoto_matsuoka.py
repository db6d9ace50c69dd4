"""Sakamoto & Matsuoka's "UNSC Meetings and Speeches" (1946-2024): speeches.tsv and meetings.tsv,
through the one import. sample/sakamoto_matsuoka/ is a hand-made file in their layout, from real
speeches of the sample (sample/README.md)."""

import shutil

import pytest

from speeches.importing.run import import_paths
from speeches.models import Debate, Statement
from speeches.parsing.tables import _sm_symbol
from speeches.parsing.text import paragraphs
from speeches.parsing.turns import split_turn
from tests.conftest import SAMPLE

pytestmark = pytest.mark.django_db

SM = SAMPLE / "sakamoto_matsuoka"
UMUC = SAMPLE / "umuc" / "Raw_Text" / "all_speeches_from_debate"
MEETINGS = [UMUC / "ukraine" / "UNSC_2014_SPV.7138", UMUC / "wps" / "UNSC_2016_SPV.7658"]


def corpus_text(meeting: str, number: int) -> str:
    folder = next(m for m in MEETINGS if m.name.endswith(meeting))
    _, body = split_turn((folder / f"{folder.name}_spch{number:03d}.txt").read_text(encoding="utf-8"))
    return "\n\n".join(paragraphs(body))


def test_every_column_of_the_speeches_and_meetings(tmp_path):
    report = import_paths([SM])
    assert (report.ok, report.created, report.updated, report.unchanged) == (True, 9, 0, 0)
    churkin = Statement.objects.select_related("debate", "delegation").get(
        debate__symbol="S/PV.7138", speech_number=2
    )
    # speech, speaker, affiliation, position, the flags, doc_name and the meeting's row.
    assert churkin.text == corpus_text("7138", 2)
    assert (churkin.speaker, churkin.role, churkin.delegation.name, churkin.delegation_as_printed) == (
        "Mr. Churkin",
        "",
        "Russian Federation",
        "Russian Federation",
    )
    assert (churkin.participant_type, churkin.council_status) == ("member", "p5")
    debate = churkin.debate
    assert (str(debate.date), debate.year, debate.meeting_number) == ("2014-03-15", 2014, 7138)
    assert debate.topic.startswith(
        "Letter dated 28 February 2014 from the Permanent Representative of Ukraine"
    )
    assert debate.outcome == "Draft resolution S/2014/189 not adopted (vetoed by the Russian Federation)"
    # president (and procedural): the President of the month, an elected member.
    president = Statement.objects.get(debate__symbol="S/PV.7138", speech_number=1)
    assert (president.speaker, president.role, president.participant_type, president.council_status) == (
        "",
        "The President",
        "president",
        "elected",
    )
    assert president.delegation.name == "Luxembourg"
    # un_org, position: a UN official, not a State.
    briefer = Statement.objects.select_related("delegation").get(debate__symbol="S/PV.7658", speech_number=4)
    assert (briefer.role, briefer.council_status, briefer.participant_type) == (
        "Assistant Secretary-General for Political Affairs",
        "un",
        "invited",
    )
    assert Debate.objects.get(symbol="S/PV.7658").outcome == ""  # "--": nothing decided
    again = import_paths([SM])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 9)


def test_the_same_speeches_from_both_corpora_are_the_same_statements():
    import_paths(MEETINGS)
    before = {(s.debate.symbol, s.speech_number): s for s in Statement.objects.select_related("debate")}
    report = import_paths([SM])
    assert (report.created, report.updated) == (0, 9)
    after = {(s.debate.symbol, s.speech_number): s for s in Statement.objects.select_related("debate")}
    assert after.keys() == before.keys()
    for key in [("S/PV.7138", n) for n in range(1, 6)] + [("S/PV.7658", n) for n in range(1, 5)]:
        # The same row (the same URL), the same text; the standing on the Council added.
        assert (after[key].pk, after[key].checksum) == (before[key].pk, before[key].checksum), key
        assert before[key].council_status == "" and after[key].council_status, key
    # What one corpus says and the other does not is kept: the language of the speech.
    assert after[("S/PV.7138", 2)].language == before[("S/PV.7138", 2)].language == "Russian"


def test_a_value_that_is_not_a_boolean_is_refused_with_its_line(tmp_path):
    shutil.copy(SM / "meetings.tsv", tmp_path)
    text = (SM / "speeches.tsv").read_text(encoding="utf-8")
    lines = text.split("\n")
    lines[1] = lines[1].replace("\tTrue\tFalse\tTrue\t", "\tperhaps\tFalse\tTrue\t", 1)
    (tmp_path / "speeches.tsv").write_text("\n".join(lines), encoding="utf-8")
    report = import_paths([tmp_path])
    [refusal] = report.refused
    assert str(refusal).endswith("speeches.tsv line 2: president 'perhaps' is not True or False")
    assert report.created == 8


@pytest.mark.parametrize(
    "doc_name, symbol",
    [
        ("S_PV.1", "S/PV.1"),
        ("S_PV.5916_Resumption1", "S/PV.5916 (Resumption 1)"),
        ("S_PV.5916 (Resumption 1)", "S/PV.5916 (Resumption 1)"),
        ("S_2020_397", "S/2020/397"),
    ],
)
def test_a_doc_name_is_a_meeting_symbol(doc_name, symbol):
    assert _sm_symbol(doc_name) == symbol
