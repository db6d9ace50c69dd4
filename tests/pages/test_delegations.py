"""/delegations/ and a delegation's page, on the sample corpus."""

import pytest
from django.db.models import Count

from speeches.models import Delegation, Statement

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_db")]


def test_delegations_with_statement_counts(client, django_assert_max_num_queries):
    client.get("/delegations/")  # counts the statements, kept until the archive changes
    with django_assert_max_num_queries(3):  # the generation, the kept counts, the delegations
        response = client.get("/delegations/")
    delegations = response.context["delegations"]
    expected = dict(
        Delegation.objects.annotate(n=Count("statements")).filter(n__gt=0).values_list("name", "n")
    )
    assert {d.name: d.statement_count for d in delegations} == expected
    assert len(delegations) == len(expected) > 0
    assert (delegations[0].name, delegations[-1].name) == ("Algeria", "Yemen")
    viet_nam = expected["Viet Nam"]
    assert f'<a href="/delegations/viet-nam/">Viet Nam</a> <span class="count" data-count="{viet_nam}">' in (
        response.content.decode()
    )


def test_delegation_counts_follow_the_archive(client):
    client.get("/delegations/")
    viet_nam = Delegation.objects.get(name="Viet Nam")
    before = viet_nam.statements.count()
    statement = viet_nam.statements.first()
    statement.delegation = None
    statement.save(update_fields=["delegation"])
    counts = {d.name: d.statement_count for d in client.get("/delegations/").context["delegations"]}
    assert counts["Viet Nam"] == before - 1


@pytest.mark.parametrize(
    "kind, names",
    [
        # UN-Women, as Sakamoto & Matsuoka's table names its Executive Director's affiliation.
        ("un", ["United Nations", "United Nations Entity for Gender Equality and the Empowerment of Women"]),
        ("organisation", ["European Union"]),
        ("observer_state", ["State of Palestine"]),
    ],
)
def test_delegations_by_kind(client, kind, names):
    assert [d.name for d in client.get(f"/delegations/?kind={kind}").context["delegations"]] == names


def test_unknown_kind_is_400(client):
    assert client.get("/delegations/?kind=empire").status_code == 400


def test_delegation_page_lists_its_statements_newest_first(client, django_assert_max_num_queries):
    # The delegation, the generation, the planner's estimate, the matches (in one pass: their
    # order, total and year facet), the page's rows; at the first request of a generation also
    # the delegations' directory and the debates' chronology, which each process then keeps.
    with django_assert_max_num_queries(7):
        client.get("/delegations/kazakhstan/")
    with django_assert_max_num_queries(5):
        response = client.get("/delegations/kazakhstan/")
    search = response.context["search"]
    kazakh = Statement.objects.filter(delegation__slug="kazakhstan")
    assert search.total == kazakh.count()
    assert [(s.debate.symbol, s.speech_number) for s in search.results] == [
        ("S/PV.7704", 1),
        ("S/PV.7658", 28),
    ]
    assert [(v.label, v.count) for v in search.year_facet] == [
        ("2016", kazakh.filter(debate__year=2016).count())
    ]
    html = response.content.decode()
    assert html.count("<h1") == 1 and "<h1>Kazakhstan</h1>" in html
    assert 'name="q"' in html and 'name="delegation"' not in html


def test_delegation_page_searches_within_the_delegation(client):
    search = client.get("/delegations/kazakhstan/?q=trafficking").context["search"]
    assert [(s.debate.symbol, s.speech_number) for s in search.results] == [("S/PV.7704", 1)]
    # A delegation parameter cannot widen the page to another delegation.
    search = client.get("/delegations/kazakhstan/?delegation=france").context["search"]
    assert search.total == Statement.objects.filter(delegation__slug="kazakhstan").count()


def test_statements_per_year_add_up(client):
    search = client.get("/delegations/russian-federation/").context["search"]
    expected = dict(
        Statement.objects.filter(delegation__slug="russian-federation")
        .values_list("debate__year")
        .annotate(n=Count("pk"))
    )
    assert {int(v.label): v.count for v in search.year_facet} == expected
    assert sum(v.count for v in search.year_facet) == search.total == sum(expected.values())
    year_2014 = next(v for v in search.year_facet if v.label == "2014")
    in_2014 = client.get("/delegations/russian-federation/" + year_2014.url).context["search"]
    assert in_2014.total == expected[2014]


def test_unknown_delegation_is_404(client):
    assert client.get("/delegations/atlantis/").status_code == 404


@pytest.mark.parametrize("params", ["date_from=2016-13-45", "sort=best"])
def test_bad_parameters_on_a_delegation_page_are_400(client, params):
    assert client.get(f"/delegations/kazakhstan/?{params}").status_code == 400
