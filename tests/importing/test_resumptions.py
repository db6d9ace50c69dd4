"""A resumed meeting is one meeting: a resumption's speakers invited in its first part are
attributed with the first part's invitations, whichever part is imported first
(speeches.importing.resumptions)."""

import pytest

from speeches.importing.run import import_paths
from speeches.models import Debate, Statement
from tests.conftest import SAMPLE

pytestmark = pytest.mark.django_db

FIRST_PART = SAMPLE / "unsc_2020" / "full_records_S_PV_txt" / "S_PV.8706_E.txt"
# What S/PV.8706 (Resumption 1) opens with: the first part's cover (the same President and
# members) for the next morning, and two speakers the President invited the day before; their
# words are the opening of their speeches in the corpus (UNSC_2020_SPV.8706Resumption1_spch018
# and 032). The President names them only by their title, so the record alone cannot place them.
RESUMPTION_BODY = """
S/PV.8706 (Resumption 1) The situation in the Middle East, including the Palestinian question 22/01/2020
2/3 20-01600
The meeting was resumed at 10.05 a.m.
The President: I now give the floor to the Vice-
Chair of the Committee on the Exercise of the
Inalienable Rights of the Palestinian People.
Mrs. Raz: At the outset, on behalf of the Committee
on the Exercise of the Inalienable Rights of the
Palestinian People, I would like to congratulate the
delegation of Viet Nam on its able conduct of the
presidency of the Security Council this month.
The President: I now give the floor to the Permanent
Observer of the League of Arab States to the United
Nations.
Mr. Abdelaziz: I would like to thank you, Mr.
President, for convening this important debate.
The meeting rose at 1.15 p.m.
"""


def resumption_text() -> str:
    cover = FIRST_PART.read_text(encoding="utf-8").split("\f", 1)[0]
    cover = cover.replace("United Nations S/ PV.8706", "United Nations S/PV.8706 (Resumption 1)", 1)
    cover = cover.replace("Tuesday, 21 January 2020, 10 a.m.", "Wednesday, 22 January 2020, 10 a.m.", 1)
    return cover + "\f" + RESUMPTION_BODY


@pytest.fixture
def resumption(tmp_path):
    folder = tmp_path / "resumption"
    folder.mkdir()
    (folder / "S_PV.8706_Resumption1_E.txt").write_text(resumption_text(), encoding="utf-8")
    return folder


@pytest.fixture
def first_part(tmp_path):
    folder = tmp_path / "first"
    folder.mkdir()
    (folder / FIRST_PART.name).write_bytes(FIRST_PART.read_bytes())
    return folder


def speakers() -> list[tuple]:
    return list(
        Statement.objects.filter(debate__symbol="S/PV.8706 (Resumption 1)", role="")
        .order_by("speech_number")
        .values_list("speech_number", "speaker", "delegation__name", "participant_type", "attribution_note")
    )


ATTRIBUTED = [
    (2, "Mrs. Raz", "United Nations", "invited", ""),
    (4, "Mr. Abdelaziz", "League of Arab States", "invited", ""),
]
REPORTED = [
    "S/PV.8706 (Resumption 1) speech 2 (Mrs. Raz): United Nations, invited in S/PV.8706",
    "S/PV.8706 (Resumption 1) speech 4 (Mr. Abdelaziz): League of Arab States, invited in S/PV.8706",
]


def test_the_resumption_alone_leaves_them_flagged(resumption):
    report = import_paths([resumption])
    assert report.ok, report.refused
    assert Debate.objects.get(symbol="S/PV.8706 (Resumption 1)").resumption == 1
    assert [(s[0], s[1], s[2]) for s in speakers()] == [(2, "Mrs. Raz", None), (4, "Mr. Abdelaziz", None)]
    assert [u.speaker for u in report.unattributed] == ["Mrs. Raz", "Mr. Abdelaziz"]
    assert report.attributed == []


def test_a_resumption_after_its_first_part_takes_the_first_part_s_invitations(first_part, resumption):
    import_paths([first_part])
    assert [i["name"] for i in Debate.objects.get(symbol="S/PV.8706").invitations] == [
        "Ms. Rosemary DiCarlo",
        "Ms. Ursula Mueller",
        "Mrs. Adela Raz",
        "Mr. Maged Abdelfattah Abdelaziz",
    ]
    report = import_paths([resumption])
    assert speakers() == ATTRIBUTED
    assert report.unattributed == []
    assert [str(a) for a in report.attributed] == REPORTED
    assert "2 attributed from an earlier part of their meeting" in report.summary()


def test_a_first_part_after_its_resumption_attributes_the_resumption_then(first_part, resumption):
    import_paths([resumption])
    report = import_paths([first_part])
    assert speakers() == ATTRIBUTED
    assert [str(a) for a in report.attributed] == REPORTED
    # Read again, the resumption is what the archive already holds.
    again = import_paths([resumption])
    assert (again.created, again.updated, again.unattributed) == (0, 0, [])
    assert speakers() == ATTRIBUTED


def test_both_parts_in_one_import(first_part, resumption):
    report = import_paths([resumption, first_part])
    assert speakers() == ATTRIBUTED
    assert [str(a) for a in report.attributed] == REPORTED
