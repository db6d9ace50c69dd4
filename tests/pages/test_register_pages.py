"""The register on the pages: a meeting the archive holds no statements of, what each meeting
decided, the search by a meeting's outcome, and the curators' check of records against the
register. On the sample, which holds the whole register (sample/register/)."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission

from speeches.importing.run import import_paths
from speeches.models import Debate, RegisterOutcome, Statement
from speeches.register_check import disagreements

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_db")]


def test_a_meeting_known_from_the_register_only(client):
    html = client.get("/debates/s-pv-7853/").content.decode()
    # The 2016 table: S/PV.7853, 23 December, SC/12657, S/RES/2334 (2016) 14-0-1.
    assert '<time datetime="2016-12-23">23 December 2016</time>' in html
    assert (
        '<a href="https://press.un.org/en/2016/sc12657.doc.htm" rel="external" id="press-release">SC/12657</a>'
        in html
    )
    outcome = html.split('<li id="outcome-1">')[1].split("</li>")[0]
    assert '<span class="badge badge--muted">Resolution adopted</span>' in outcome
    assert '<a href="/resolutions/2334/">S/RES/2334 (2016)</a>' in outcome
    assert '<span class="tally">14-0-1</span>' in outcome
    assert 'id="no-statements">The archive does not hold the statements of this meeting yet.' in html


def test_a_closed_meeting_and_a_veto_as_the_register_lists_them(client):
    # 1946: S/PV.77 is a closed meeting.
    assert "<dt>Meeting</dt><dd>Closed (private)</dd>" in client.get("/debates/s-pv-77/").content.decode()
    html = client.get("/debates/s-pv-7138/").content.decode()
    outcome = html.split('<li id="outcome-1">')[1].split("</li>")[0]
    assert '<span class="badge badge--muted">Draft vetoed</span>' in outcome
    assert '<a href="https://undocs.org/en/S/2014/189" rel="external">S/2014/189</a>' in outcome
    assert "<span>vetoed by Russian Federation</span>" in outcome and "13-1-1" in outcome


@pytest.mark.parametrize(
    "outcome, meetings",
    [
        # The sample's meetings whose register row lists such an outcome.
        ("vetoed", ["S/PV.7138"]),
        ("resolution", ["S/2020/266", "S/PV.8701", "S/PV.7643", "S/PV.4644"]),
        ("not_adopted", []),
        ("presidential_statement", []),
        ("VETOED", ["S/PV.7138"]),
    ],
)
def test_search_by_what_the_meeting_decided(client, outcome, meetings):
    response = client.get(f"/statements/?outcome={outcome}")
    assert response.status_code == 200
    expected = Statement.objects.filter(debate__symbol__in=meetings).count()
    assert response.context["search"].total == expected
    assert (expected > 0) == bool(meetings)


def test_search_by_outcome_with_words_and_a_bad_outcome(client):
    response = client.get("/statements/?outcome=vetoed&q=veto")
    assert {s.debate.symbol for s in response.context["search"].page.object_list} == {"S/PV.7138"}
    bad = client.get("/statements/?outcome=maybe")
    assert bad.status_code == 400
    assert "Select a valid choice" in bad.content.decode()


def test_a_meeting_the_register_does_not_list_is_searched_by_its_record(client):
    # A meeting after the register's last table, known from its record alone.
    debate = Debate.objects.get(symbol="S/PV.8701")
    RegisterOutcome.objects.filter(debate=debate).delete()
    Debate.objects.filter(pk=debate.pk).update(in_register=False)
    expected = Statement.objects.filter(
        debate__symbol__in=["S/2020/266", "S/PV.7643", "S/PV.4644", "S/PV.8701"]
    )
    assert client.get("/statements/?outcome=resolution").context["search"].total == expected.count()


def test_records_and_the_register_agree_on_the_sample_and_a_disagreement_is_listed(client, django_user_model):
    # S/PV.8701: the record and the register both say S/RES/2505 (2020), 15-0-0.
    assert disagreements() == []
    RegisterOutcome.objects.filter(debate__symbol="S/PV.8701").update(in_favour=14, abstaining=1)
    RegisterOutcome.objects.create(
        debate=Debate.objects.get(symbol="S/PV.8701"),
        number=2,
        kind="presidential_statement",
        document="S/PRST/2020/1",
    )
    found = [(d.debate.symbol, d.about, d.record, d.register) for d in disagreements()]
    assert found == [
        ("S/PV.8701", "S/RES/2505 (2020)", "adopted 15-0-0", "adopted 14-0-1"),
        ("S/PV.8701", "presidential statements", "none", "S/PRST/2020/1"),
    ]
    curator = django_user_model.objects.create_user("curator", password="x", is_staff=True)
    url = "/admin/speeches/debate/register-check/"
    client.force_login(curator)
    assert client.get(url).status_code == 403  # staff without the permission to view debates
    curator.user_permissions.add(Permission.objects.get(codename="view_debate"))
    html = client.get(url).content.decode()
    rows = re.findall(r"<tr><td><a [^>]*>(.*?)</a></td><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td>", html)
    assert rows == [
        ("S/PV.8701", "S/RES/2505 (2020)", "adopted 15-0-0", "adopted 14-0-1"),
        ("S/PV.8701", "presidential statements", "none", "S/PRST/2020/1"),
    ]
    assert (
        'href="/admin/speeches/debate/register-check/">Register check</a>'
        in client.get("/admin/speeches/debate/").content.decode()
    )


def test_an_import_says_how_many_meetings_disagree(tmp_path):
    table = Path(__file__).parents[2] / "sample" / "register" / "scact2020_table_en.html"
    text = table.read_text(encoding="utf-8")
    printed = "S/RES/2505 (2020)</a>\n\t<br>15-0-0"
    assert text.count(printed) == 1
    corrected = tmp_path / "scact2020_table_en.html"
    corrected.write_text(text.replace(printed, printed.replace("15-0-0", "13-0-2")), encoding="utf-8")
    report = import_paths([corrected])
    assert (report.meetings.updated, report.disagreements) == (1, 1)
    assert "1 meetings where the record and the register disagree" in report.summary()
