"""The Atom feeds, read by a real feed parser (feedparser), and the sitemaps, on the sample."""

import feedparser
import pytest

from speeches.models import Citation, Statement

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_db")]


def feed(client, path: str):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


@pytest.mark.parametrize(
    "params", ["q=women", "q=sexual+violence&delegation=france", "outcome=vetoed", "resolution=1325"]
)
def test_a_search_s_feed_is_its_newest_statements(client, params):
    parsed = feed(client, f"/statements/feed/?{params}")
    newest = client.get(f"/statements/?{params}&sort=newest").context["search"]
    assert [e.link for e in parsed.entries] == [
        f"http://testserver{s.get_absolute_url()}" for s in newest.results
    ]
    assert len(parsed.entries) == min(newest.total, 20) > 0
    assert parsed.feed.link == f"http://testserver/statements/?{params}"
    assert parsed.feed.links[1].href == f"http://testserver/statements/feed/?{params}"
    first, statement = parsed.entries[0], newest.results[0]
    assert first.title.endswith(
        f"at {statement.debate.symbol}, {statement.debate.date.day} {statement.debate.date:%B %Y}"
    )
    assert first.published.startswith(statement.debate.date.isoformat())


def test_a_phrase_s_feed_is_titled_with_the_phrase_in_one_pair_of_quotes(client):
    parsed = feed(client, "/statements/feed/?q=%22sexual+violence%22")
    assert parsed.feed.title == "Statements matching “sexual violence” · UNSC Archive"


def test_a_delegation_s_and_a_resolution_s_feeds(client):
    parsed = feed(client, "/delegations/kazakhstan/feed/")
    kazakh = Statement.objects.filter(delegation__slug="kazakhstan")
    assert len(parsed.entries) == min(kazakh.count(), 20)
    assert {e.author for e in parsed.entries} == {"Kazakhstan"}
    assert parsed.feed.title == "Kazakhstan in the Security Council · UNSC Archive"
    cited = feed(client, "/resolutions/1325/feed/")
    citing = Citation.objects.filter(resolution__number=1325).values_list("statement", flat=True)
    assert len(cited.entries) == min(citing.count(), 20)
    expected = {f"http://testserver{s.get_absolute_url()}" for s in Statement.objects.filter(pk__in=citing)}
    assert {e.link for e in cited.entries} <= expected


def test_feeds_escape_the_text_and_refuse_what_they_cannot_read(client):
    statement = Statement.objects.filter(debate__symbol="S/PV.7704").first()
    statement.speaker = '<script>alert("x")</script>'
    statement.text = "Zyzzyva <b>bold</b> & <script>alert(1)</script> said."
    statement.save()
    parsed = feed(client, "/statements/feed/?q=zyzzyva")
    (entry,) = parsed.entries
    # The title is the speaker's name as text; the summary is the page's snippet, the text escaped.
    assert entry.title.startswith('<script>alert("x")</script>')
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in entry.summary and "<script>" not in entry.summary
    bad = client.get("/statements/feed/?date_from=yesterday")
    assert bad.status_code == 400 and "date_from" in bad.content.decode()
    assert client.get("/delegations/atlantis/feed/").status_code == 404
    assert client.get("/resolutions/9999/feed/").status_code == 404


def test_the_pages_link_their_feeds(client):
    html = client.get("/statements/?q=women&page=2").content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" title="The newest of these statements" '
        'href="/statements/feed/?q=women">'
    ) in html
    assert 'id="feed" href="/statements/feed/?q=women" type="application/atom+xml">Atom feed</a>' in html
    delegation = client.get("/delegations/france/").content.decode()
    assert 'href="/delegations/france/feed/">' in delegation
    resolution = client.get("/resolutions/1325/").content.decode()
    assert (
        'type="application/atom+xml" title="The newest statements citing resolution 1325" href="/resolutions/1325/feed/">'
        in resolution
    )


def test_the_sitemaps_list_every_debate_and_statement(client):
    index = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/sitemap-debates.xml</loc>" in index
    assert "<loc>http://testserver/sitemap-statements.xml</loc>" in index
    statements = client.get("/sitemap-statements.xml").content.decode()
    assert statements.count("<url>") == Statement.objects.count()
    assert "<loc>http://testserver/debates/s-pv-7704/1/</loc>" in statements
    debates = client.get("/sitemap-debates.xml").content.decode()
    assert "<loc>http://testserver/debates/s-pv-5916-resumption-1/</loc>" in debates
