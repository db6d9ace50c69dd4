"""/resolutions/ and a resolution's page, on the sample corpus."""

import pytest

from speeches.models import Citation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_db")]


def test_resolutions_with_counts_by_number(client, django_assert_max_num_queries):
    client.get("/resolutions/")  # counts the citations, kept until the archive changes
    with django_assert_max_num_queries(4):  # how many, the page, the generation, the kept counts
        response = client.get("/resolutions/")
    resolutions = list(response.context["page"].object_list)
    assert [r.number for r in resolutions] == sorted(r.number for r in resolutions)
    counts = {r.number: r.statement_count for r in resolutions}
    for number in (1325, 2231):
        assert counts[number] == Citation.objects.filter(resolution__number=number).count() > 0, number
    assert '<a href="/resolutions/1325/">S/RES/1325 (2000)</a>' in response.content.decode()


def test_number_box_goes_to_the_resolution(client):
    for value in ("1325", "1325 (2000)", "S/RES/1325 (2000)"):
        response = client.get("/resolutions/", {"number": value})
        assert (response.status_code, response["Location"]) == (302, "/resolutions/1325/")


def test_number_box_explains_bad_or_unknown_numbers(client):
    unknown = client.get("/resolutions/?number=9999")
    assert unknown.status_code == 200
    assert "No statement in the archive cites resolution 9999." in unknown.content.decode()
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


@pytest.mark.parametrize(
    "url", ["/resolutions/1/", "/resolutions/99999999999999999999/", "/resolutions/abc/"]
)
def test_unknown_resolution_is_404(client, url):
    assert client.get(url).status_code == 404


def test_bad_pages_do_not_fail(client):
    assert client.get("/resolutions/?page=abc").status_code == 200
    assert client.get("/resolutions/1325/?page=99999").status_code == 200
