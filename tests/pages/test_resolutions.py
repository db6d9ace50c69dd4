"""/resolutions/ and a resolution's page, on the sample corpus."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from speeches.models import CachedSearch, Citation, Resolution

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_db")]


def test_resolutions_by_year_with_what_the_register_says_and_counts(client, django_assert_max_num_queries):
    client.get("/resolutions/?year=2000")  # counts the citations, kept until the archive changes
    with django_assert_max_num_queries(4):  # the years, the year's resolutions, the generation, the counts
        response = client.get("/resolutions/?year=2000")
    resolutions = response.context["resolutions"]
    # The library's table of 2000 lists resolutions 1285 to 1334, one of them (1318) at the Summit.
    assert [r.number for r in resolutions] == list(range(1285, 1335))
    counts = {r.number: r.statement_count for r in resolutions}
    assert counts[1325] == Citation.objects.filter(resolution__number=1325).count() > 0
    html = response.content.decode()
    row = html.split('<tr id="resolution-1325">')[1].split("</tr>")[0]
    assert '<time datetime="2000-10-31">31 October</time>' in row
    assert '<a class="symbol" href="/debates/s-pv-4213/">S/PV.4213</a>' in row
    assert "<td>Women and peace and security</td>" in row and '<td class="tally">15-0-0</td>' in row
    assert '<a href="/resolutions/2000/"' not in html  # years link to ?year=, never to a number
    assert '<a href="?year=2000" aria-current="page"' in html


def test_resolutions_default_to_the_latest_year_and_index_every_year(client):
    response = client.get("/resolutions/")
    years = [y for y, _ in response.context["years"]]
    assert response.context["year"] == years[0] == 2022
    assert years[-1] == 1946 and len(years) == 77
    # 1946: 15 resolutions, the first adopted "without vote" at S/PV.2 on 25 January.
    of_1946 = client.get("/resolutions/?year=1946").context["resolutions"]
    assert [r.number for r in of_1946] == list(range(1, 16))
    first = of_1946[0]
    assert (first.tally, first.meeting.symbol, str(first.date)) == (
        "adopted without vote",
        "S/PV.2",
        "1946-01-25",
    )


def test_number_box_goes_to_the_resolution(client):
    for value in ("1325", "1325 (2000)", "S/RES/1325 (2000)"):
        response = client.get("/resolutions/", {"number": value})
        assert (response.status_code, response["Location"]) == (302, "/resolutions/1325/")


def test_number_box_explains_bad_or_unknown_numbers(client):
    unknown = client.get("/resolutions/?number=9999")
    assert unknown.status_code == 200
    assert "The archive has no resolution 9999." in unknown.content.decode()
    for year in ("abc", "1800", "%00"):
        response = client.get(f"/resolutions/?year={year}")
        assert response.status_code == 400, year
        assert 'id="year-error"' in response.content.decode()
    bad = client.get("/resolutions/?number=abc%00")
    assert bad.status_code == 400
    assert "Enter a resolution number" in bad.content.decode()


def test_resolution_page_lists_citing_statements_with_their_sentence(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):  # the fourth: the meeting that adopted it, if a record says
        response = client.get("/resolutions/1325/")
    html = response.content.decode()
    citations = list(response.context["page"].object_list)
    expected = Citation.objects.filter(resolution__number=1325)
    assert {c.pk for c in citations} == set(expected.values_list("pk", flat=True))
    assert len(citations) == expected.count()
    kazakh = expected.get(statement__debate__symbol="S/PV.7704")
    assert kazakh.sentence.startswith("This calls for the full implementation")
    assert (
        '<blockquote class="citing__sentence">This calls for the full implementation of the Protocol' in html
    )
    assert html.count('<blockquote class="citing__sentence">') == expected.count()
    assert "<mark>1325</mark> (2000)" in html
    assert '<a href="https://undocs.org/en/S/RES/1325(2000)" rel="external" id="official-text">' in html
    assert html.count("<h1") == 1


def test_citing_sentences_are_escaped(client):
    citation = Citation.objects.filter(resolution__number=2231).first()
    citation.sentence = "Recalling <b>resolution 2231 (2015)</b> & <script>x</script>"
    citation.save()
    html = client.get("/resolutions/2231/").content.decode()
    assert (
        "&lt;b&gt;resolution <mark>2231</mark> (2015)&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;" in html
    )


def test_a_citation_names_who_spoke_where_and_when_escaped(client):
    citation = Citation.objects.get(resolution__number=1325, statement__debate__symbol="S/PV.7704")
    statement = citation.statement
    statement.speaker = "Mr. <Abdrakhmanov> & Co"
    statement.save()
    html = client.get("/resolutions/1325/").content.decode()
    item = html.split(f'<li class="citing__item" id="citation-{citation.pk}">')[1].split("</li>")[0]
    assert re.sub(r"\s*\n\s*", "", item) == (
        '<h2 class="result__title"><a href="/debates/s-pv-7704/1/">Mr. &lt;Abdrakhmanov&gt; &amp; Co</a> '
        '<span class="result__delegation">Kazakhstan</span></h2>'
        '<p class="result__meta"><a class="symbol" href="/debates/s-pv-7704/#s1">S/PV.7704</a> · 2 June 2016 · '
        "Women and peace and security</p>"
        '<blockquote class="citing__sentence">This calls for the full implementation of the Protocol to Prevent, '
        "Suppress and Punish Trafficking in Persons, Especially Women and Children, supplementing the United "
        "Nations Convention against Transnational Organized Crime, and all relevant Security Council resolutions, "
        "including <mark>1325</mark> (2000) and subsequent ones.</blockquote>"
    )


@pytest.mark.parametrize(
    "url", ["/resolutions/9999/", "/resolutions/99999999999999999999/", "/resolutions/abc/"]
)
def test_unknown_resolution_is_404(client, url):
    assert client.get(url).status_code == 404


def test_bad_pages_do_not_fail(client):
    assert client.get("/resolutions/?page=abc").status_code == 200
    assert client.get("/resolutions/1325/?page=99999").status_code == 200


def test_a_much_cited_resolution_keeps_its_order_and_pages_it_exactly(client, monkeypatch):
    """Past CITING_SMALL citations the order is kept, and read a page at a time by id: every page
    shows what the exact order puts there, and pages past the kept ones are read directly."""
    from speeches import selectors

    monkeypatch.setattr(selectors, "CITING_SMALL", 10)
    monkeypatch.setattr(selectors, "CITING_KEPT", 30)
    monkeypatch.setattr("speeches.views.resolutions.CITATIONS_PER_PAGE", 15)
    resolution = Resolution.objects.get(number=1325)
    exact = list(selectors.citing_statements(resolution=resolution).values_list("pk", flat=True))
    assert len(exact) == 44
    shown = []
    for page in (1, 2, 3):  # two pages of the kept 30, then one past them
        response = client.get(f"/resolutions/1325/?page={page}")
        assert response.context["page"].paginator.count == 44
        shown += [c.pk for c in response.context["page"].object_list]
    assert shown == exact
    # The kept order and total, computed once.
    assert sorted(CachedSearch.objects.values_list("value", flat=True), key=str) == [44, exact[:30]]
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/resolutions/1325/?page=2").content.decode()
    assert [int(pk) for pk in re.findall(r'id="citation-(\d+)"', html)] == exact[15:30]
    # Counted only up to CITING_SMALL + 1: the total is the kept one.
    counts = [
        q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"] and "speeches_citation" in q["sql"]
    ]
    assert len(counts) == 1 and "LIMIT 11" in counts[0]
