"""/statements/: search, filters, facets, snippets and bad input, on the sample corpus."""

import math
import re
from urllib.parse import urlencode

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.test.utils import CaptureQueriesContext

from speeches.models import Citation, Debate, Delegation, Statement
from speeches.parsing.normalize import fold
from speeches.search.service import PAGE_SIZE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_db")]

# Delegations, their spellings (a query naming one searches its other names), up to
# three planner estimates (the search and each facet's wider search), the count, the
# rows, their openings, two snippet queries, two facets, and once a search generation the
# statements per year beside which the chart of rates is drawn (for the filters of the page)
# and the debates' chronology (speeches.search.chronology).
MAX_QUERIES = 14


def get(client, **params):
    query = urlencode(params, doseq=True)
    return client.get(f"/statements/?{query}")


def search_of(response):
    return response.context["search"]


def keys(statements) -> list[tuple[str, int]]:
    return [(s.debate.symbol, s.speech_number) for s in statements]


def all_results(client, **params) -> list[tuple[str, int]]:
    """Every result of a search, across its pages, in order."""
    found, page = [], 1
    while True:
        search = search_of(get(client, **params, page=page))
        found += keys(search.results)
        if not search.page.has_next():
            return found
        page += 1


def matching(query: str) -> set[tuple[str, int]]:
    """What PostgreSQL itself matches for a web-search query, for comparison."""
    statements = Statement.objects.filter(
        search=SearchQuery(fold(query), search_type="websearch", config="english")
    )
    return set(statements.values_list("debate__symbol", "speech_number"))


def add_statement(text: str, *, speaker: str = "Mr. Test", number: int = 900) -> Statement:
    return Statement.objects.create(
        debate=Debate.objects.get(symbol="S/PV.7704"),
        speech_number=number,
        speaker=speaker,
        text=text,
        word_count=len(text.split()),
        checksum=str(number),
    )


# Search ----------------------------------------------------------------------


def test_trafficking_in_kazakhstan_finds_the_kazakh_statement_first(client):
    search = search_of(get(client, q="trafficking", delegation="kazakhstan"))
    assert search.total == 1
    first = search.results[0]
    assert (first.debate.symbol, first.speech_number, first.speaker, first.delegation.name) == (
        "S/PV.7704",
        1,
        "Mr. Abdrakhmanov",
        "Kazakhstan",
    )


def test_trafficking_is_ranked_with_the_debate_on_trafficking_first(client):
    search = search_of(get(client, q="trafficking"))
    assert search.sort == "relevance"
    assert search.total == len(matching("trafficking"))
    assert keys(search.results)[0] == ("S/PV.7704", 1)
    assert set(keys(search.results)) == matching("trafficking")


def test_speaker_and_delegation_weigh_more_than_text(client):
    # Kazakhstan's statements name it as their delegation; the President's only in the text.
    search = search_of(get(client, q="Kazakhstan"))
    kazakh = set(Statement.objects.filter(delegation__slug="kazakhstan").values_list("id", flat=True))
    assert kazakh
    assert {s.pk for s in search.results[: len(kazakh)]} == kazakh
    assert search.total > len(kazakh)


def test_a_speaker_is_found_by_each_name_whatever_joins_them(client):
    # S/PV.8770 prints two of the Russian Federation's speakers as "Mr. Nebenzia/Ms. Evstigneeva",
    # which PostgreSQL's parser reads as one file path unless the vector separates them.
    spoken = Statement.objects.filter(speaker__contains="Nebenzia")
    joined = set(spoken.filter(speaker="Mr. Nebenzia/Ms. Evstigneeva").values_list("pk", flat=True))
    assert joined and spoken.count() > len(joined)  # printed together, and alone
    assert {s.pk for s in search_of(get(client, q="Nebenzia")).results} >= set(
        spoken.values_list("pk", flat=True)
    )
    assert {s.pk for s in search_of(get(client, q="Evstigneeva")).results} >= joined
    glued = add_statement("We thank the briefers.", speaker="Ms.Quetzalcoatl", number=904)
    assert [s.pk for s in search_of(get(client, q="Quetzalcoatl")).results] == [glued.pk]


def test_stemming_finds_other_forms_of_a_word(client):
    assert set(all_results(client, q="traffickers")) == set(all_results(client, q="trafficking"))
    assert ("S/PV.7704", 1) in all_results(client, q="traffickers")


def test_quoted_phrase_matches_the_words_together_only(client):
    apart = add_statement("Sexual exploitation is a form of violence.", number=901)
    together = add_statement("We condemn sexual violence in conflict.", number=902)
    phrase = {s.pk for s in Statement.objects.filter(pk__in=[apart.pk, together.pk])}
    words = all_results(client, q="sexual violence")
    quoted = all_results(client, q='"sexual violence"')
    assert ("S/PV.7704", 901) in words and ("S/PV.7704", 902) in words
    assert ("S/PV.7704", 901) not in quoted and ("S/PV.7704", 902) in quoted
    assert set(quoted) == matching('"sexual violence"') and len(quoted) < len(words)
    assert len(phrase) == 2


def test_or_finds_either_word(client):
    either = set(all_results(client, q="trafficking OR chemical"))
    assert either == matching("trafficking") | matching("chemical")
    assert len(either) > len(matching("trafficking"))


def test_minus_excludes_a_word(client):
    found = set(all_results(client, q="trafficking -terrorist"))
    assert found == matching("trafficking") - matching("terrorist")
    assert found and found != matching("trafficking")


def test_accents_do_not_matter_either_way(client):
    accented = add_statement("Peace in Côte d’Ivoire held through the elections.", number=903)
    plain_sample = ("S/PV.7704", 1)  # writes "Cote d'Ivoire"
    for query in ("Cote d'Ivoire", "Côte d’Ivoire", "COTE D'IVOIRE"):
        found = all_results(client, q=query)
        assert ("S/PV.7704", 903) in found, query
        assert plain_sample in found, query
    response = get(client, q="Cote d'Ivoire", debate="S/PV.7704")
    snippet = next(s.snippet for s in search_of(response).results if s.pk == accented.pk)
    # The snippet keeps the text's own spelling and marks the accented word.
    assert "<mark>Côte</mark>" in snippet


def test_only_stop_words_or_punctuation_give_an_empty_result_with_a_message(client):
    for query in ("the of and", "!!! ??? ...", "'\"\"'"):
        response = get(client, q=query)
        search = search_of(response)
        assert response.status_code == 200, query
        assert search.total == 0, query
        assert "only very common words or punctuation" in response.content.decode(), query


def test_a_query_that_matches_nothing_says_so(client):
    response = get(client, q="xylophone")
    assert search_of(response).total == 0
    assert "No statements found" in response.content.decode()


# Snippets ------------------------------------------------------------------------


def test_snippets_mark_the_query_terms(client):
    response = get(client, q="trafficking", delegation="kazakhstan")
    html = response.content.decode()
    snippet = re.search(r'<p class="snippet">(.*?)</p>', html, re.S).group(1)
    # Two passages of the opening 2,000 characters, each with context on both sides.
    assert snippet == (
        "… States and numerous partners to prevent and combat human <mark>trafficking</mark> in situations "
        "of conflict-related sexual violence. We thank … Europe. We thank all speakers for highlighting "
        "human <mark>trafficking</mark> as an unconscionable violence against human dignity and a threat …"
    )


def test_snippet_escapes_the_text_so_that_mark_is_the_only_markup(client):
    add_statement(
        'Intro. <script>alert("x")</script> and <b>bold</b> & trafficking of arms. End.', number=904
    )
    response = get(client, q="trafficking", debate="S/PV.7704")
    html = response.content.decode()
    snippets = re.findall(r'<p class="snippet">(.*?)</p>', html, re.S)
    hostile = next(s for s in snippets if "alert" in s)
    assert hostile == (
        "Intro. &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; and &lt;b&gt;bold&lt;/b&gt; &amp; "
        "<mark>trafficking</mark> of arms …"
    )
    for snippet in snippets:
        assert re.findall(r"<[^>]*>", snippet.replace("<mark>", "").replace("</mark>", "")) == []
    assert "<script>" not in html


def test_names_and_topics_are_escaped_in_results_facets_and_the_form(client):
    hostile = Delegation.objects.create(name='<b>Evil</b> & "Co"', slug="evil-co")
    statement = add_statement("Trafficking of arms.", speaker="<i>Mr. Hostile</i>", number=905)
    Statement.objects.filter(pk=statement.pk).update(delegation=hostile)
    Debate.objects.filter(symbol="S/PV.7704").update(topic="<script>alert(1)</script> & trafficking")
    html = get(client, q="trafficking", delegation="evil-co").content.decode()
    name = "&lt;b&gt;Evil&lt;/b&gt; &amp; &quot;Co&quot;"
    item = re.search(rf'<li class="result" id="result-{statement.pk}">.*?</li>', html, re.S).group(0)
    assert item == (
        f'<li class="result" id="result-{statement.pk}">\n'
        '  <h3 class="result__title"><a href="/debates/s-pv-7704/905/?q=trafficking">'
        f'&lt;i&gt;Mr. Hostile&lt;/i&gt;</a> <span class="result__delegation">{name}</span></h3>\n'
        '  <p class="result__meta"><a class="symbol" href="/debates/s-pv-7704/#s905">S/PV.7704</a> '
        '<span aria-hidden="true">·</span> <time datetime="2016-06-02">2 June 2016</time> '
        '<span aria-hidden="true">·</span> <span class="result__topic">'
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; trafficking</span></p>\n"
        '  <p class="snippet"><mark>Trafficking</mark> of arms …</p>\n</li>'
    )
    # The delegation facet (selected: its link removes it), the ticked box and the select's option.
    assert (
        '<a href="?q=trafficking" aria-current="true" title="Remove this filter">'
        f'<span class="facet__label">{name}</span>'
    ) in html
    assert f'<input type="checkbox" name="delegation" value="evil-co" checked> {name}</label>' in html
    assert f'<option value="evil-co">{name}</option>' in html
    assert "<script>alert" not in html and "<b>Evil" not in html and "<i>Mr." not in html


FILLER = "The Council met again today to discuss the item on its agenda. " * 40


@pytest.mark.parametrize(
    ("text", "query", "snippet"),
    [
        # "Attacks" alone in the opening and again beyond it, then the phrase: the snippet is the phrase's.
        (
            f"Attacks were reported. {FILLER}Attacks were reported. {FILLER}"
            f"We condemn the terrorist attacks on Zanzibar.\n\n{FILLER}",
            '"terrorist attacks" zanzibar',
            "… item on its agenda. We condemn the <mark>terrorist</mark> <mark>attacks</mark> on "
            "<mark>Zanzibar</mark>.\n\nThe Council met again today to discuss the item …",
        ),
        # "Zanzibar" alone in the opening; both words together further in.
        (
            f"Zanzibar was calm. {FILLER}Zanzibar and Pemba voted.\n\n{FILLER}",
            "zanzibar pemba",
            "… today to discuss the item on its agenda. <mark>Zanzibar</mark> and <mark>Pemba</mark> voted.\n\n"
            "The Council met again today to discuss …",
        ),
    ],
)
def test_a_search_beyond_the_opening_is_shown_where_its_words_are_together(client, text, query, snippet):
    statement = add_statement(text, number=907)
    search = search_of(get(client, q=query))
    assert [s.pk for s in search.results] == [statement.pk]
    assert search.results[0].snippet == snippet


def test_an_opening_with_one_word_of_two_is_the_snippet_when_the_other_is_the_speaker_s(client):
    statement = add_statement(f"Zanzibar was calm. {FILLER}", speaker="Mr. Pemba", number=909)
    search = search_of(get(client, q="zanzibar pemba"))
    assert [s.pk for s in search.results] == [statement.pk]
    assert search.results[0].snippet.startswith("<mark>Zanzibar</mark> was calm. The Council met again")


def test_a_match_beyond_the_opening_is_found_in_the_whole_text(client):
    filler = "The Council met again today to discuss the item on its agenda. " * 40
    add_statement(f"{filler}We thank Zanzibar for its help.\n\n{filler}", number=906)
    search = search_of(get(client, q="zanzibar"))
    assert search.total == 1
    assert search.results[0].snippet == (
        "… discuss the item on its agenda. We thank <mark>Zanzibar</mark> for its help.\n\n"
        "The Council met again today to discuss …"
    )


def test_results_link_to_the_statement_with_the_query(client):
    search = search_of(get(client, q="trafficking", delegation="kazakhstan"))
    assert search.results[0].url == "/debates/s-pv-7704/1/?q=trafficking"


def test_a_query_of_more_than_32_words_is_searched_and_shown_unmarked(client):
    long_query = " ".join(["trafficking"] * 33)
    search = search_of(get(client, q=long_query))
    assert {(s.debate.symbol, s.speech_number) for s in search.results} == matching("trafficking")
    assert search.results and not any("<mark>" in s.snippet for s in search.results)
    thirty_two = search_of(get(client, q=" ".join(["trafficking"] * 32)))
    assert any("<mark>" in s.snippet for s in thirty_two.results)


def test_snippets_are_computed_for_the_page_only(client):
    with CaptureQueriesContext(connection) as queries:
        search = search_of(get(client, q="council"))
    assert search.total > PAGE_SIZE
    headline_queries = [q["sql"] for q in queries.captured_queries if "ts_headline" in q["sql"]]
    # The page's openings, then (if need be) the whole text of those whose opening has no match.
    assert 1 <= len(headline_queries) <= 2
    assert "unnest" in headline_queries[0] and "speeches_statement" not in headline_queries[0]
    for sql in headline_queries[1:]:
        ids = re.search(r"s\.id = ANY\(ARRAY\[([\d, ]+)\]\)", sql).group(1).split(",")
        assert set(map(int, ids)) <= {s.pk for s in search.results}
    assert len(search.results) == PAGE_SIZE


# Filters ----------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1325", "1325 (2000)", "S/RES/1325 (2000)", "s/res/1325(2000)"])
def test_resolution_finds_exactly_the_statements_citing_it(client, value):
    number_only = add_statement("There were 1325 delegates at the meeting.", number=905)
    citing = set(
        Citation.objects.filter(resolution__number=1325).values_list(
            "statement__debate__symbol", "statement__speech_number"
        )
    )
    assert citing
    found = all_results(client, resolution=value)
    assert len(found) == len(set(found)) == len(citing)
    assert set(found) == citing
    assert (number_only.debate.symbol, number_only.speech_number) not in found


def test_resolution_with_another_year_or_unknown_number_finds_nothing(client):
    assert search_of(get(client, resolution="1325 (2001)")).total == 0
    assert search_of(get(client, resolution="9999")).total == 0


def test_debate_accepts_a_symbol_as_typed(client):
    numbers = list(
        Statement.objects.filter(debate__symbol="S/PV.7138")
        .order_by("speech_number")
        .values_list("speech_number", flat=True)
    )
    assert numbers
    for value in ("S/PV.7138", "s/pv.7138", "7138"):
        search = search_of(get(client, debate=value, sort="oldest"))
        assert search.total == len(numbers), value
        assert [s.speech_number for s in search.results] == numbers[:PAGE_SIZE], value


def test_participant_un_means_united_nations_delegations(client):
    found = all_results(client, participant="UN")
    expected = Statement.objects.filter(delegation__kind="un").values_list("debate__symbol", "speech_number")
    assert set(found) == set(expected) and len(found) == expected.count() > 0
    assert all_results(client, participant="un") == found


@pytest.mark.parametrize("participant", ["president", "member", "invited"])
def test_participant_types(client, participant):
    expected = Statement.objects.filter(participant_type=participant)
    assert set(all_results(client, participant=participant)) == set(
        expected.values_list("debate__symbol", "speech_number")
    )


def test_several_delegations_speaker_topic_language_and_dates(client):
    statements = Statement.objects.all()
    both = search_of(get(client, delegation=["france", "china"]))
    assert both.total == statements.filter(delegation__slug__in=["france", "china"]).count()
    assert (
        search_of(get(client, speaker="abdrakh")).total
        == statements.filter(speaker__icontains="abdrakh").count()
    )
    assert (
        search_of(get(client, topic="PALESTINIAN")).total
        == statements.filter(debate__topic__icontains="palestinian").count()
    )
    assert search_of(get(client, language="french")).total == statements.filter(language="French").count()
    in_2016 = search_of(get(client, date_from="2016-01-01", date_to="2016-12-31"))
    assert in_2016.total == Statement.objects.filter(debate__year=2016).count()
    # A meeting known by its year only, as a corpus table may give it: it counts as held within
    # 2020, but not within part of it (it may have been held on any day).
    Debate.objects.filter(symbol="S/2020/397").update(date=None)
    in_2020 = Statement.objects.filter(debate__year=2020)
    assert in_2020.filter(debate__symbol="S/2020/397", debate__date=None).exists()
    assert search_of(get(client, date_from="2020-01-01", date_to="2020-12-31")).total == in_2020.count()
    assert (
        search_of(get(client, date_from="2020-01-01")).total
        == Statement.objects.filter(debate__year__gte=2020).count()
    )
    in_spring = in_2020.filter(debate__date__range=("2020-03-01", "2020-06-30"))
    assert in_spring.exists()
    assert (
        search_of(get(client, date_from="2020-03-01", date_to="2020-06-30")).total
        == in_spring.count()
        < in_spring.count() + in_2020.filter(debate__date=None).count()
    )
    assert search_of(get(client, date_to="2002-11-07")).total == 0  # S/PV.4644 sat on 8 November 2002


def test_a_date_range_that_ends_before_it_starts_is_refused_with_a_message(client):
    response = get(client, date_from="2020-01-01", date_to="2010-01-01")
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        '<a href="#id_date_to">To</a>: is before “From” (1 January 2020): no date is in that range.' in html
    )


def test_sort_newest_and_oldest(client):
    newest = search_of(get(client)).results
    assert newest[0].debate.symbol == "S/PV.8770"
    oldest = search_of(get(client, sort="oldest")).results
    assert (oldest[0].debate.symbol, oldest[0].speech_number) == ("S/PV.4644", 1)
    by_date = search_of(get(client, q="trafficking", sort="newest")).results
    assert by_date[0].debate.year == 2020


# Facets -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "security"}, {"q": "women", "participant": "member"}, {"resolution": "1325"}],
)
def test_facet_counts_add_up_to_the_total(client, params):
    search = search_of(get(client, **params))
    assert search.total > 0
    assert sum(v.count for v in search.delegation_facet) == search.total
    assert sum(v.count for v in search.year_facet) == search.total


def test_facet_links_give_the_counted_results(client):
    response = get(client, q="women")
    search = search_of(response)
    for value in search.delegation_facet[:5] + search.year_facet:
        assert value.url is not None
        narrowed = search_of(client.get("/statements/" + value.url))
        assert narrowed.total == value.count, value.label
        assert narrowed.query == "women"


def test_facets_respect_the_other_filters(client):
    search = search_of(get(client, q="women", delegation="france"))
    # The year facet counts France's statements; the delegation facet, everyone's.
    assert sum(v.count for v in search.year_facet) == search.total
    selected = [v for v in search.delegation_facet if v.selected]
    assert [v.label for v in selected] == ["France"] and selected[0].count == search.total
    assert sum(v.count for v in search.delegation_facet) == search_of(get(client, q="women")).total
    # Following France's link again removes the filter.
    assert "delegation" not in selected[0].url


def test_facet_links_are_in_the_page(client):
    html = get(client, q="trafficking").content.decode()
    assert 'href="?q=trafficking&amp;delegation=kazakhstan"' in html
    assert 'href="?q=trafficking&amp;date_from=2016-01-01&amp;date_to=2016-12-31"' in html


def test_facet_links_keep_the_other_parameters_where_they_were(client):
    search = search_of(client.get("/statements/?delegation=france&q=women&delegation=china&page=2"))
    links = {v.label: (v.url, v.selected) for v in search.delegation_facet}
    assert links["France"] == ("?delegation=china&q=women", True)
    assert links["China"] == ("?delegation=france&q=women", True)
    assert links["Kazakhstan"] == (
        "?delegation=france&delegation=china&delegation=kazakhstan&q=women",
        False,
    )
    years = {v.label: (v.url, v.selected) for v in search.year_facet}
    assert years["2016"] == (
        "?delegation=france&delegation=china&q=women&date_from=2016-01-01&date_to=2016-12-31",
        False,
    )
    search = search_of(client.get("/statements/?date_to=2016-12-31&q=women&date_from=2016-01-01"))
    years = {v.label: (v.url, v.selected) for v in search.year_facet}
    assert years["2016"] == ("?q=women", True)
    assert years["2014"] == ("?date_to=2014-12-31&q=women&date_from=2014-01-01", False)


def test_a_new_or_renamed_delegation_is_offered_at_once(client):
    assert '<option value="atlantis">' not in get(client).content.decode()
    assert get(client, delegation="atlantis").status_code == 400
    atlantis = Delegation.objects.create(name="Atlantis", slug="atlantis")
    assert '<option value="atlantis">Atlantis</option>' in get(client).content.decode()
    assert get(client, delegation="atlantis").status_code == 200
    Delegation.objects.filter(pk=atlantis.pk).update(name="Atlantis (Lost)")
    assert '<option value="atlantis">Atlantis (Lost)</option>' in get(client).content.decode()


# Pages and cost -------------------------------------------------------------------


def test_pagination_links_change_only_the_page(client):
    html = client.get("/statements/?sort=oldest&page=2&speaker=Mr").content.decode()
    nav = re.search(r'<nav class="pagination".*?</nav>', html, re.S).group(0)
    links = [
        '<li><a rel="prev" href="?sort=oldest&amp;page=1&amp;speaker=Mr">← <span>Previous</span></a></li>',
        *(
            f'<li class="pagination__number"><a{current} href="?sort=oldest&amp;page={n}&amp;speaker=Mr">{n}</a></li>'
            for n, current in [(1, ""), (2, ' aria-current="page"'), (3, ""), (4, "")]
        ),
        '<li class="pagination__number"><span class="gap">…</span></li>',
    ]
    for link in links:
        assert link in nav
    last = search_of(client.get("/statements/?sort=oldest&speaker=Mr")).page.paginator.num_pages
    assert last > 6
    assert f'<a href="?sort=oldest&amp;page={last}&amp;speaker=Mr">{last}</a>' in nav
    assert '<a rel="next" href="?sort=oldest&amp;page=3&amp;speaker=Mr"><span>Next</span> →</a>' in nav
    assert 'class="pagination"' not in get(client, q="trafficking").content.decode()  # one page


def test_the_total_is_exact_and_pages_hold_twenty(client):
    total = Statement.objects.count()
    first = search_of(get(client))
    assert first.total == total
    assert len(first.results) == PAGE_SIZE
    last = search_of(get(client, page=first.page.paginator.num_pages))
    assert len(last.results) == total - PAGE_SIZE * (first.page.paginator.num_pages - 1)
    assert f'data-total="{total}"' in get(client).content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "council"},
        {"q": "women", "delegation": ["france", "china"], "date_from": "2016-01-01"},
        {"resolution": "1325", "sort": "oldest", "page": "2"},
        {},
    ],
)
def test_queries_per_page_are_bounded(client, django_assert_max_num_queries, params):
    with django_assert_max_num_queries(MAX_QUERIES):
        response = get(client, **params)
    assert response.status_code == 200


def test_page_structure(client):
    html = get(client, q="trafficking").content.decode()
    assert html.count("<h1") == 1
    assert "<title>“trafficking” · Search statements · UNSC Archive</title>" in html
    assert 'name="q"' in html and 'value="trafficking"' in html
    assert 'id="facet-delegation"' in html and 'id="facet-year"' in html
    assert html.count('class="result"') == min(len(matching("trafficking")), PAGE_SIZE)


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ('"sexual violence"', "“sexual violence”"),
        ('"sexual violence" Congo', "“&quot;sexual violence&quot; Congo”"),
        ("<b>", "“&lt;b&gt;”"),
        ("peace " * 20, "“" + ("peace " * 10).strip() + "…”"),
    ],
)
def test_the_title_quotes_the_query_once(client, query, title):
    html = get(client, q=query).content.decode()
    assert f"<title>{title} · Search statements · UNSC Archive</title>" in html


def test_the_count_and_the_statement_quote_a_phrase_once(client):
    # In a <q>, which the browser draws with quotes: a phrase's own are left out.
    html = get(client, q='"sexual violence"').content.decode()
    assert 'match <q class="query">sexual violence</q>' in html
    url = search_of(get(client, q='"sexual violence"')).results[0].url
    assert '<q class="query">sexual violence</q> are marked' in client.get(url).content.decode()
    assert (
        '<q class="query">&quot;sexual violence&quot; Congo</q>'
        in get(client, q='"sexual violence" Congo').content.decode()
    )


# Bad input ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "query_string, status",
    [
        ("q=" + "x" * 5000, 200),
        ("q=%22unbalanced", 200),
        ("q=%22sexual+violence", 200),
        ("q=%00", 200),
        ("q=traffic%00king%01", 200),
        ("q=((((", 200),
        ("q=-", 200),
        ("q=a+OR+OR+-", 200),
        ("q=%E2%80%8B%F0%9F%98%80", 200),
        ("speaker=%00&topic=%01", 200),
        ("page=99999", 200),
        ("page=abc", 200),
        ("page=-1", 200),
        ("page=99999999999999999999999", 200),
        ("date_from=2016-13-45", 400),
        ("date_to=yesterday", 400),
        ("sort=best", 400),
        ("participant=king", 400),
        ("language=Klingon", 400),
        ("delegation=atlantis", 400),
        ("resolution=abc", 400),
        ("resolution=99999999999", 400),
        ("debate=S/PV.x", 400),
    ],
)
def test_bad_parameters_answer_a_page_or_400_never_500(client, query_string, status):
    response = client.get(f"/statements/?{query_string}")
    assert response.status_code == status
    assert b'name="q"' in response.content
    if status == 400:
        assert b'id="form-errors"' in response.content


def test_a_long_query_is_cut_with_a_message(client):
    response = get(client, q="trafficking " + "x" * 5000)
    search = search_of(response)
    assert len(search.query) == 500
    assert "cut to its first 500 characters" in response.content.decode()


def test_control_characters_are_removed_from_the_query(client):
    search = search_of(get(client, q="traffick\x00ing\x01"))
    assert search.query == "traffick ing"


def test_page_out_of_range_shows_the_last_page(client):
    search = search_of(get(client, page="99999"))
    pages = math.ceil(Statement.objects.count() / PAGE_SIZE)
    assert search.page.number == search.page.paginator.num_pages == pages


def test_unknown_delegation_slug_is_a_form_error(client):
    response = get(client, delegation="atlantis")
    assert response.status_code == 400
    assert "atlantis is not one of the available choices" in response.content.decode()
    assert Delegation.objects.filter(slug="atlantis").count() == 0
