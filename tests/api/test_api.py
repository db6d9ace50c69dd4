"""The JSON API against the pages' own answers for the same parameters, on the sample."""

import pytest
from django.core.cache import cache
from rest_framework.throttling import AnonRateThrottle

from speeches.models import Debate, Veto

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_db")]


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()  # the anonymous rate's counts live in the cache


def get(client, path: str, status: int = 200) -> dict:
    response = client.get(path, HTTP_ACCEPT="application/json")
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    return response.json()


@pytest.mark.parametrize(
    "params",
    [
        "q=women",
        "q=sexual+violence&sort=oldest",
        "delegation=france&delegation=united-kingdom&q=women",
        "resolution=1325&date_from=2016-01-01",
        "outcome=vetoed",
        "q=security&page=2",
        "",
    ],
)
def test_the_statement_search_answers_as_the_page_does(client, params):
    page = client.get(f"/statements/?{params}").context["search"]
    answer = get(client, f"/api/statements/?{params}")
    assert answer["count"] == page.total
    assert (answer["page"], answer["pages"]) == (page.page.number, page.page.paginator.num_pages)
    assert [r["url"] for r in answer["results"]] == [
        f"http://testserver{s.get_absolute_url()}" for s in page.results
    ]
    assert [r["snippet_html"] for r in answer["results"]] == [str(s.snippet) for s in page.results]
    assert [(f["label"], f["count"]) for f in answer["facets"]["delegation"]] == [
        (f.label, f.count) for f in page.delegation_facet
    ]
    assert [(f["label"], f["count"]) for f in answer["facets"]["year"]] == [
        (f.label, f.count) for f in page.year_facet
    ]
    # Each value links to the same narrowed search as the page's, in the API.
    for name, values in [("delegation", page.delegation_facet), ("year", page.year_facet)]:
        assert [f["api_url"] for f in answer["facets"][name]] == [
            f"http://testserver/api/statements/{f.url.removeprefix('/statements/')}" if f.url else None
            for f in values
        ]


def test_a_search_result_is_json_a_script_can_rely_on(client):
    answer = get(client, "/api/statements/?q=trafficking&delegation=kazakhstan")
    first = answer["results"][0]
    assert first["meeting"] == {
        "symbol": "S/PV.7704",
        "slug": "s-pv-7704",
        "date": "2016-06-02",
        "year": 2016,
        "topic": "Women and peace and security",
        "url": "http://testserver/debates/s-pv-7704/",
        "official_url": "https://undocs.org/en/S/PV.7704",
    }
    assert first["delegation"] == {
        "name": "Kazakhstan",
        "slug": "kazakhstan",
        "url": "http://testserver/delegations/kazakhstan/",
    }
    # A facet value is the same search narrowed to it, in the API.
    kazakhstan = next(f for f in answer["facets"]["delegation"] if f["label"] == "Kazakhstan")
    assert kazakhstan["selected"] is True
    assert kazakhstan["api_url"] == "http://testserver/api/statements/?q=trafficking"
    year = next(f for f in answer["facets"]["year"] if f["label"] == "2016")
    assert year["api_url"] == (
        "http://testserver/api/statements/?q=trafficking&delegation=kazakhstan"
        "&date_from=2016-01-01&date_to=2016-12-31"
    )
    detail = get(client, first["url"].replace("http://testserver/debates/", "/api/statements/"))
    # The snippet's words, without its marks and ellipses, are words of the whole text.
    words = first["snippet_html"].replace("<mark>", "").replace("</mark>", "").strip("… ").split()[:6]
    assert " ".join(words) in " ".join(detail["text"].split())
    assert detail["word_count"] > 0 and isinstance(detail["citations"], list)


@pytest.mark.parametrize(
    "path, parameter",
    [
        ("/api/statements/?date_from=yesterday", "date_from"),
        ("/api/statements/?outcome=maybe", "outcome"),
        ("/api/statements/?delegation=atlantis", "delegation"),
        ("/api/debates/?held=maybe", "held"),
        ("/api/debates/?year=abc", "year"),
        ("/api/resolutions/?year=1800", "year"),
        ("/api/vetoes/?member=nowhere", "member"),
    ],
)
def test_bad_parameters_are_a_400_that_says_why(client, path, parameter):
    answer = get(client, path, status=400)
    assert list(answer["errors"]) == [parameter] and answer["errors"][parameter][0]


def test_debates_with_their_outcomes_decisions_and_statements(client):
    held = get(client, "/api/debates/?held=yes")
    assert held["count"] == client.get("/debates/?held=yes").context["page"].paginator.count == 14
    assert held["results"][0]["symbol"] == "S/PV.8770"
    veto = get(client, "/api/debates/s-pv-7138/")
    assert veto["outcomes"] == [
        {
            "in_favour": 13,
            "against": 1,
            "abstaining": 1,
            "adopted_how": "",
            "kind": "vetoed",
            "document": "S/2014/189",
            "document_url": "https://undocs.org/en/S/2014/189",
            "vetoed_by": ["Russian Federation"],
            "as_printed": veto["outcomes"][0]["as_printed"],
        }
    ]
    assert (
        len(veto["statements"])
        == veto["statement_count"]
        == Debate.objects.get(symbol="S/PV.7138").statements.count()
    )
    record = get(client, "/api/debates/s-pv-8701/")
    (decision,) = record["decisions"]
    assert (decision["resolution"], decision["adopted"], len(decision["votes"]["in_favour"])) == (
        "S/RES/2505 (2020)",
        True,
        15,
    )
    get(client, "/api/debates/s-pv-99999/", status=404)


def test_a_resolution_as_the_register_gives_it(client):
    answer = get(client, "/api/resolutions/1820/")
    assert {k: answer[k] for k in ("symbol", "date", "topic", "in_favour", "against", "abstaining")} == {
        "symbol": "S/RES/1820 (2008)",
        "date": "2008-06-19",
        "topic": "Women and peace and security",
        "in_favour": 15,
        "against": 0,
        "abstaining": 0,
    }
    assert answer["meeting"]["symbol"] == "S/PV.5916 (Resumption 1)"
    assert answer["official_url"] == "https://undocs.org/en/S/RES/1820(2008)"
    assert answer["statements_citing"] == 1
    of_2008 = get(client, "/api/resolutions/?year=2008")
    assert of_2008["count"] == 65 and of_2008["results"][0]["number"] == 1795
    assert of_2008["next"] == "http://testserver/api/resolutions/?page=2&year=2008"


def test_vetoes_by_member(client):
    answer = get(client, "/api/vetoes/?member=china")
    assert answer["count"] == Veto.objects.filter(members__slug="china").count()
    assert answer["results"][0]["drafts"] == ["S/2022/431"]


def test_the_schema_and_its_browsable_docs(client):
    schema = client.get("/api/schema/?format=json").json()
    assert {"/api/statements/", "/api/debates/{slug}/", "/api/resolutions/{number}/"} <= set(schema["paths"])
    parameters = {p["name"] for p in schema["paths"]["/api/statements/"]["get"]["parameters"]}
    assert {"q", "delegation", "outcome", "resolution", "date_from", "sort", "page"} <= parameters
    assert "requests a minute" in schema["info"]["description"]
    docs = client.get("/api/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs  # served here, not from a CDN


def test_anonymous_clients_are_rate_limited(client, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "rate", "3/minute", raising=False)
    for _ in range(3):
        get(client, "/api/delegations/")
    response = client.get("/api/delegations/", HTTP_ACCEPT="application/json")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
