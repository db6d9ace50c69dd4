"""A narrow search looks its matches' debates up in the chronology kept a generation
(speeches.search.chronology) instead of joining them: the same order and the same year
counts as PostgreSQL's own sort and count, debates without a date, a year or a number, and
debates alike in all four, included."""

import datetime as dt
from urllib.parse import urlencode

import pytest
from django.db.models import Count

from speeches.models import Debate, Delegation, Statement
from speeches.search import answers, chronology
from speeches.search.service import NEWEST, OLDEST

pytestmark = pytest.mark.django_db

WORD = "quillwort"
# (symbol, meeting number, resumption, date, year): two alike in all four, one of them
# resumed; one known by its year alone, one by nothing; two on one day.
DEBATES = [
    ("S/PV.100", 100, 0, dt.date(1990, 5, 1), 1990),
    ("S/PV.101", 101, 0, dt.date(1990, 5, 1), 1990),
    ("S/PV.102", 102, 0, None, 1990),
    ("S/PV.200", None, 0, dt.date(2001, 3, 2), 2001),
    ("S/PV.200/R1", None, 0, dt.date(2001, 3, 2), 2001),
    ("S/PV.200/R2", None, 1, dt.date(2001, 3, 2), 2001),
    ("S/PV.300", 300, 0, None, None),
    ("S/PV.400", 400, 0, dt.date(2015, 12, 31), 2015),
]


@pytest.fixture
def debates():
    france = Delegation.objects.create(name="France", slug="france")
    chile = Delegation.objects.create(name="Chile", slug="chile")
    for i, (symbol, number, resumption, date, year) in enumerate(DEBATES):
        debate = Debate.objects.create(
            symbol=symbol, slug=f"d{i}", meeting_number=number, resumption=resumption, date=date, year=year
        )
        # Numbers that interleave across the debates alike, so that they decide between them.
        for speech in (i % 3 + 1, i % 3 + 4, 8 + i % 2):
            Statement.objects.create(
                debate=debate,
                speech_number=speech,
                delegation=france if speech % 2 else chile,
                text=f"On {WORD} and the sea ({speech})." + " Words." * speech,
            )
    Statement.objects.create(
        debate=Debate.objects.get(symbol="S/PV.400"), speech_number=20, text="Nothing of the plant."
    )


def search_of(client, **params):
    response = client.get(f"/statements/?{urlencode(params, doseq=True)}")
    assert response.status_code == 200
    search = response.context["search"]
    assert not search.answers.is_broad(search.filterset)  # the narrow pass: what is tested here
    return search


def by_year(queryset) -> list[tuple[str, int]]:
    counts = queryset.order_by().values("debate__year").annotate(n=Count("pk"))
    years = sorted(counts, key=lambda row: (row["debate__year"] is None, -(row["debate__year"] or 0)))
    return [
        (str(row["debate__year"]) if row["debate__year"] else "Year not known", row["n"]) for row in years
    ]


@pytest.mark.parametrize(
    ("params", "order"),
    [
        ({"q": WORD, "sort": "newest"}, NEWEST),
        ({"q": WORD, "sort": "oldest"}, OLDEST),
        ({"delegation": "france"}, NEWEST),
        ({"delegation": "chile", "sort": "oldest"}, OLDEST),
    ],
)
def test_sorted_by_date_as_postgresql_sorts(client, debates, params, order):
    search = search_of(client, **params)
    expected = Statement.objects.all()
    if "q" in params:
        expected = expected.filter(text__contains=WORD)
    else:
        expected = expected.filter(delegation__slug=params["delegation"])
    ids = list(expected.order_by(*order).values_list("pk", flat=True))
    assert search.total == len(ids) > 8
    assert [s.pk for s in search.page.paginator.object_list[0 : len(ids)]] == ids
    assert [(v.label, v.count) for v in search.year_facet] == by_year(expected)


def test_ranked_matches_are_counted_by_year(client, debates):
    search = search_of(client, q=WORD)
    assert search.total == 24
    assert [(v.label, v.count) for v in search.year_facet] == [
        ("2015", 3),
        ("2001", 9),
        ("1990", 9),
        ("Year not known", 3),
    ]


def test_the_year_facet_of_a_date_range_counts_every_year(client, debates):
    search = search_of(client, q=WORD, date_from="2001-01-01", date_to="2001-12-31")
    assert search.total == 9
    assert [(v.label, v.count) for v in search.year_facet] == by_year(
        Statement.objects.filter(text__contains=WORD)
    )


def test_a_debate_newer_than_the_kept_chronology_is_read_again(debates):
    before = answers.generation()
    kept = chronology.chronology(before)
    debate = Debate.objects.create(symbol="S/PV.500", slug="d500", meeting_number=500, year=2020)
    assert debate.pk not in kept.years
    # Matches read after an import committed, under the generation read before it.
    again = chronology.chronology(before, debates=[debate.pk])
    assert again.years[debate.pk] == 2020
    assert chronology.chronology(before) is kept
    assert chronology.chronology(answers.generation()).years[debate.pk] == 2020
