"""Broad searches are answered once and kept: the same answer as computing them, and
never an outdated one (speeches.search.answers)."""

import re
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from speeches.importing.run import import_paths
from speeches.models import CachedSearch, Debate, Statement
from speeches.search import answers as search_cache
from speeches.search import index as search_index

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_db")]

SEARCHES = [
    {"q": "council"},
    {"q": "women", "delegation": ["france", "china"], "date_from": "2016-01-01"},
    {"q": '"sexual violence"', "sort": "oldest"},
    {"q": "security council", "page": "2"},
    {"resolution": "1325", "sort": "oldest"},
    {"date_from": "2016-01-01", "date_to": "2016-12-31"},
    {},
]


def search_of(client, **params):
    response = client.get(f"/statements/?{urlencode(params, doseq=True)}")
    assert response.status_code == 200
    return response.context["search"]


def shown(search) -> dict:
    """Everything a reader sees of a search, to compare two ways of computing it."""
    return {
        "total": search.total,
        "pages": search.page.paginator.num_pages,
        "results": [(s.pk, str(s.snippet)) for s in search.results],
        "delegations": [(v.label, v.count, v.url, v.selected) for v in search.delegation_facet],
        "years": [(v.label, v.count, v.url, v.selected) for v in search.year_facet],
    }


@pytest.fixture
def broad(monkeypatch):
    """Every search counts as broad: all of them are answered through the store."""
    monkeypatch.setattr(search_cache, "SMALL", -1)


@pytest.mark.parametrize("params", SEARCHES)
def test_a_kept_answer_is_the_computed_answer(client, monkeypatch, params):
    computed = shown(search_of(client, **params))
    assert CachedSearch.objects.count() == 0  # narrow searches keep nothing
    monkeypatch.setattr(search_cache, "SMALL", -1)
    first = search_of(client, **params)
    assert first.answers.computed  # computed once, and kept
    assert shown(first) == computed
    again = search_of(client, **params)
    assert again.answers.computed == []  # then read from the store
    assert shown(again) == computed


@pytest.mark.usefixtures("broad")
def test_answers_kept_by_an_earlier_version_are_not_served(client, monkeypatch):
    params = {"q": "women", "date_from": "2016-01-01"}
    assert search_of(client, **params).answers.computed  # kept
    assert search_of(client, **params).answers.computed == []  # and served
    monkeypatch.setattr(search_cache, "ANSWERS_VERSION", search_cache.ANSWERS_VERSION + 1)
    assert search_of(client, **params).answers.computed  # computed again by the new version


@pytest.mark.usefixtures("broad")
def test_a_kept_answer_is_read_in_one_query(client):
    params = {"q": "council", "date_from": "2016-01-01"}
    search_of(client, **params)
    with CaptureQueriesContext(connection) as queries:
        again = search_of(client, **params)
    assert again.answers.computed == []
    read = [q["sql"] for q in queries.captured_queries if "speeches_cachedsearch" in q["sql"]]
    # The ranking, the delegation facet and the year facet (without the dates), at once.
    assert len(read) == 1 and len(re.findall(r"'[0-9a-f]{64}'", read[0])) == 3


def test_every_page_of_a_broad_search_is_the_computed_page(client, monkeypatch):
    computed = [search_of(client, q="peace", page=str(n)).results for n in (1, 2, 3)]
    monkeypatch.setattr(search_cache, "SMALL", -1)
    monkeypatch.setattr(search_cache, "KEPT", 25)  # pages past the kept ids come from the query itself
    kept = [search_of(client, q="peace", page=str(n)).results for n in (1, 2, 3)]
    assert [[s.pk for s in page] for page in kept] == [[s.pk for s in page] for page in computed]
    assert [len(page) for page in kept] == [20, 20, 20]


def test_a_search_right_after_an_import_sees_the_new_statements(client, broad, write_file):
    before = search_of(client, q="council")
    assert CachedSearch.objects.count() > 0
    report = import_paths(
        [
            write_file(
                "UNSC_2016_SPV.7704_spch901.txt",
                "Mr. Doe (France): The Council must act on desalination, and the Council will.",
            )
        ]
    )
    assert report.created == 1
    after = search_of(client, q="council")
    assert after.answers.computed
    assert after.total == before.total + 1
    new = Statement.objects.get(speech_number=901)
    assert new.pk in [s.pk for s in after.results] or after.page.paginator.num_pages > 1
    assert dict((v.label, v.count) for v in after.year_facet)["2016"] == (
        dict((v.label, v.count) for v in before.year_facet)["2016"] + 1
    )
    assert search_of(client, q="desalination").total == 1


def test_any_write_moves_the_generation_on(broad):
    seen = [search_cache.generation()]
    statement = Statement.objects.get(debate__symbol="S/PV.7704", speech_number=1)
    statement.text += " Added."
    statement.save()
    seen.append(search_cache.generation())
    Debate.objects.filter(symbol="S/PV.7704").update(topic="Trafficking in persons")
    seen.append(search_cache.generation())
    Statement.objects.filter(pk=statement.pk).delete()
    seen.append(search_cache.generation())
    assert seen == sorted(set(seen)), seen  # strictly growing


def test_after_an_import_the_change_log_is_folded_in_and_old_answers_go(client, broad):
    search_of(client, q="council")
    Statement.objects.filter(speech_number=1, debate__symbol="S/PV.7704").update(role="The President")
    current = search_cache.generation()
    search_index.after_import()
    assert search_cache.generation() == current
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM speeches_searchchange")
        assert cursor.fetchone()[0] == 0
    assert CachedSearch.objects.count() == 0  # the answer was computed before the update


def test_searches_are_routed_by_the_planners_estimate(client, monkeypatch):
    monkeypatch.setattr(search_cache, "SMALL", 100)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE speeches_statement")  # as every import ends
    assert search_cache.estimated_rows(Statement.objects.all()) == pytest.approx(
        Statement.objects.count(), rel=0.1
    )
    search_of(client)  # every statement: broad
    assert CachedSearch.objects.count() == 3  # the ranked ids and the two facets
    search_of(client, q="trafficking")  # a handful of statements: narrow
    assert CachedSearch.objects.count() == 3


def test_the_planner_s_estimates_are_read_once_a_generation(client):
    def explains(**params) -> int:
        with CaptureQueriesContext(connection) as queries:
            search_of(client, **params)
        return sum(q["sql"].startswith("EXPLAIN") for q in queries.captured_queries)

    searches = [
        {"q": "trafficking"},
        {"q": "trafficking", "page": "2"},
        {"q": "trafficking", "delegation": "france"},
    ]
    assert [explains(**params) for params in searches] == [1, 0, 1]
    assert [explains(**params) for params in searches] == [0, 0, 0]
    Debate.objects.filter(symbol="S/PV.7704").update(topic="Trafficking in persons")
    assert [explains(**params) for params in searches] == [1, 0, 1]


def test_a_query_of_several_words_is_estimated_by_its_rarest_word():
    assert search_cache.query_lexemes('"sexual violence" -rape') == (["'sexual'", "'violenc'"], False)
    assert search_cache.query_lexemes("Syria OR Yemen") == (["'syria'", "'yemen'"], True)
    assert search_cache.query_lexemes("the of") == ([], False)
