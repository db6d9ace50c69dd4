"""The home page: what the archive holds, recent debates, who speaks most, what is cited most."""

import pytest
from django.db.models import Max, Min

from speeches.models import Citation, Debate, Delegation, Resolution, Statement

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_db")]


def test_home_says_what_the_archive_holds(client, django_assert_max_num_queries):
    client.get("/")  # computes the figures, kept until the archive changes
    with django_assert_max_num_queries(2):  # the generation and the kept figures
        response = client.get("/")
    html = response.content.decode()
    summary = response.context["summary"]
    statements = Statement.objects.count()
    debates = Debate.objects.filter(statements__isnull=False).distinct()
    delegations_speaking = Delegation.objects.filter(statements__isnull=False).distinct().count()
    assert (summary.statements, summary.debates, summary.delegations) == (
        statements,
        debates.count(),
        delegations_speaking,
    )
    years = debates.aggregate(first=Min("year"), last=Max("year"))
    assert (summary.first_year, summary.last_year) == (years["first"], years["last"])
    assert f'<dd data-stat="statements">{statements:,}</dd>' in html
    assert f'<dd data-stat="years">{years["first"]}–{years["last"]}</dd>' in html
    assert (
        '<form id="search" class="search-form search-form--hero" role="search" method="get" action="/statements/">'
        in html
    )
    assert html.count('name="q"') == 1 and html.count("<h1") == 1


def test_home_lists_recent_debates_top_delegations_and_resolutions(client):
    response = client.get("/")
    # The latest debates whose statements the archive holds, not the register's latest meetings;
    # each with its topic, from the register where the corpus gave none.
    recent = [(d.symbol, d.topic) for d in response.context["recent_debates"]]
    assert recent[:5] == [
        ("S/PV.8770", "The situation in the Middle East"),
        ("S/2020/644", "Non-proliferation"),
        ("S/2020/397", ""),  # a briefing by videoconference the register does not list
        ("S/2020/266", "The situation in Somalia"),
        ("S/PV.8739", "The situation concerning Iraq"),
    ]
    top = [(d.name, d.statement_count) for d in response.context["top_delegations"]]
    assert top[:3] == [
        (name, Statement.objects.filter(delegation__name=name).count())
        for name in ("Viet Nam", "Russian Federation", "United States")
    ]
    cited = [(r.number, r.statement_count) for r in response.context["top_resolutions"]]
    assert cited[:3] == [
        (number, Citation.objects.filter(resolution__number=number).count()) for number in (1325, 2231, 2242)
    ]
    html = response.content.decode()
    assert '<a href="/resolutions/1325/">1325 (2000)</a>' in html
    assert '<a href="/delegations/viet-nam/">Viet Nam</a>' in html
    assert '<a class="symbol" href="/debates/s-pv-8770/">S/PV.8770</a>' in html


def test_home_figures_follow_the_archive(client):
    before = client.get("/").context
    debate = Debate.objects.get(symbol="S/PV.8770")
    statement = Statement.objects.create(
        debate=debate, speech_number=999, speaker="Mr. New", text="Words.", checksum="new"
    )
    Delegation.objects.filter(slug="viet-nam").update(name="Viet Nam (renamed)")
    after = client.get("/").context
    assert after["summary"].statements == before["summary"].statements + 1 == Statement.objects.count()
    assert after["recent_debates"][0].symbol == "S/PV.8770"
    assert after["recent_debates"][0].statement_count == before["recent_debates"][0].statement_count + 1
    assert (after["top_delegations"][0].name, after["top_delegations"][0].statement_count) == (
        "Viet Nam (renamed)",
        Statement.objects.filter(delegation__slug="viet-nam").count(),
    )
    statement.delete()
    assert client.get("/").context["summary"].statements == before["summary"].statements


def test_home_of_an_empty_archive(client):
    Statement.objects.all().delete()
    Debate.objects.all().delete()
    Resolution.objects.all().delete()
    response = client.get("/")
    assert response.status_code == 200
    assert "No debates yet" in response.content.decode()
    assert client.get("/statements/?q=trafficking").status_code == 200
