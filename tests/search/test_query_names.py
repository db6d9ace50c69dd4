"""A query that names a delegation also finds its other names (speeches.search.names)."""

from urllib.parse import urlencode

import pytest
from django.contrib.postgres.search import SearchQuery

from speeches.models import Delegation, DelegationAlias, Statement
from speeches.parsing.delegation_registry import DEFAULT_PATH, load_registry
from speeches.parsing.normalize import fold
from speeches.search.answers import generation
from speeches.search.names import Names, widen


@pytest.fixture(scope="module")
def registry_names() -> Names:
    """The names of the archive's registry of delegations, as a database would hold them."""
    known = {entry.name: entry for entry in load_registry(DEFAULT_PATH).values()}
    return Names(
        sorted(
            (number, name)
            for number, entry in enumerate(known.values())
            for name in (entry.name, *entry.aliases)
        )
    )


RUSSIA = ("Russia", ('"Russian Federation"',))
SYRIA = ("Syria", ('"Syrian Arab Republic"',))


@pytest.mark.parametrize(
    ("typed", "rewrites", "added"),
    [
        ("Türkiye", [("Türkiye", ("Turkey",))], ["Turkey"]),
        ("Turkey", [("Turkey", ("Türkiye",))], ["Türkiye"]),
        ("turkiye", [("turkiye", ("Turkey",))], ["Turkey"]),
        ("security Russia", [RUSSIA], ["Russian Federation"]),
        ("Russian Federation veto", [("Russian Federation", ("Russia",))], ["Russia"]),
        ('"Czech Republic"', [('"Czech Republic"', ("Czechia",))], ["Czechia"]),
        ('-"Czech Republic"', [('"Czech Republic"', ("Czechia",))], ["Czechia"]),
        ("-Syria refugees", [SYRIA], ["Syrian Arab Republic"]),
        ("Turkey OR Greece", [("Turkey", ("Türkiye",))], ["Türkiye"]),
        ("Cape Verde", [("Cape Verde", ('"Cabo Verde"',))], ["Cabo Verde"]),
        # Inside quotes a minus is a character: the name is the quoted phrase.
        ('"-Turkey"', [('"-Turkey"', ("Türkiye",))], ["Türkiye"]),
        # The longer official name contains "United Kingdom", which finds it too.
        (
            "United Kingdom of Great Britain and Northern Ireland",
            [("United Kingdom of Great Britain and Northern Ireland", ('"United Kingdom"',))],
            ["United Kingdom"],
        ),
        # An acronym typed in capitals is a name; never added, it would find pronouns and the like.
        ("UK", [("UK", ('"United Kingdom"',))], ["United Kingdom"]),
        (
            "NATO enlargement",
            [("NATO", ('"North Atlantic Treaty Organization"',))],
            ["North Atlantic Treaty Organization"],
        ),
        # The registry's OCR slips ("C6te d'Ivoire", "Republic ofKorea") are not searched as names.
        ("Côte d’Ivoire", [("Côte d’Ivoire", ('"Ivory Coast"',))], ["Ivory Coast"]),
        (
            "Republic of Korea",
            [("Republic of Korea", ('"South Korea"', '"Korea, Republic of"'))],
            ["South Korea", "Korea, Republic of"],
        ),
        # A name typed twice is searched as typed (each widened name costs the snippets).
        ("Russia Syria Russia", [SYRIA], ["Syrian Arab Republic"]),
        ("Russia Syria OR Russia", [SYRIA], ["Syrian Arab Republic"]),
        # At most four names are widened; the fifth is searched as typed.
        (
            "Russia Syria Turkey Czechia Burma",
            [RUSSIA, SYRIA, ("Turkey", ("Türkiye",)), ("Czechia", ('"Czech Republic"',))],
            ["Russian Federation", "Syrian Arab Republic", "Türkiye", "Czech Republic"],
        ),
    ],
)
@pytest.mark.django_db
def test_a_name_is_searched_with_the_delegations_other_names(registry_names, typed, rewrites, added):
    widened = widen(typed, registry_names)
    assert widened.text == typed
    assert list(widened.rewrites) == rewrites
    assert list(widened.added) == added


@pytest.mark.parametrize(
    "typed",
    [
        "United States",  # every other name contains it, or is an acronym
        "China",  # "People's Republic of China" contains it
        "us and them",  # "US" only in capitals
        '"Turkey said"',  # a phrase that is more than a name
        "Syria-Lebanon",  # one word, not a name
        "-Russian Federation",  # the minus excludes "Russian" alone
        "Turkey -Türkiye",  # the reader tells the delegation's names apart
        "--Russia",  # two minuses: PostgreSQL reads !!russia
        'Egypt "United Arab Republic"',  # both names of one delegation, asked for
        # The name's words elsewhere in the query, which a rewrite would take for the name:
        "US support for us",  # the pronoun
        'Turkey "Turkey and Greece"',  # a phrase
        "Russia Russias",  # another word with the same stem
        "US " + "us " * 80,  # and a group per repeat would cost the snippets seconds
        "women, peace and security",
        "",
    ],
)
@pytest.mark.django_db
def test_other_queries_are_searched_as_typed(registry_names, typed):
    widened = widen(typed, registry_names)
    assert (widened.text, widened.rewrites, widened.added) == (typed, (), ())


def get(client, **params):
    return client.get(f"/statements/?{urlencode(params)}")


def found(response) -> set[int]:
    """Every statement the search finds, across its pages."""
    search = response.context["search"]
    pks = {statement.pk for statement in search.results}
    if search.page.has_next():
        params = {**response.wsgi_request.GET.dict(), "page": search.page.next_page_number()}
        pks |= found(get(response.client, **params))
    return pks


def matching(query: str) -> set[int]:
    return set(
        Statement.objects.filter(
            search=SearchQuery(fold(query), search_type="websearch", config="english")
        ).values_list("pk", flat=True)
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("sample_db")
def test_turkiye_finds_the_statements_of_turkey_and_says_so(client):
    # The sample's statements of Türkiye (S/PV.7658, 2016) print it "Turkey", as do the
    # others that mention it; none writes "Türkiye".
    turkey = set(Statement.objects.filter(delegation__name="Türkiye").values_list("pk", flat=True))
    assert turkey
    printed = Statement.objects.filter(pk__in=turkey).values_list("delegation_as_printed", flat=True)
    assert set(printed) == {"Turkey"}
    assert matching("Türkiye") == set()
    assert len(matching("Turkey")) > len(turkey)

    response = get(client, q="Türkiye")
    assert found(response) == matching("Turkey")
    assert turkey <= found(response)
    search = response.context["search"]
    assert search.query == "Türkiye"
    assert search.notices == ["Also searched as “Turkey”: other names of the same delegation."]
    page = response.content.decode()
    assert "Also searched as “Turkey”" in page
    assert 'value="Türkiye"' in page  # the box keeps what was typed
    # Links to a statement carry the query as typed; its page marks the other name too.
    statement = next(s for s in search.results if s.pk in turkey)
    assert statement.url.endswith("?q=T%C3%BCrkiye")
    detail = client.get(statement.url).content.decode()
    assert "<mark>Turkey</mark>" in detail


@pytest.mark.django_db
@pytest.mark.usefixtures("sample_db")
def test_the_other_words_of_the_query_still_narrow_it(client):
    # websearch syntax has no brackets and its OR binds loosely: the names are grouped in
    # the parsed query, so the other words keep narrowing the search.
    russia = matching("Russia") | matching('"Russian Federation"')
    assert matching("Russia") < russia
    assert found(get(client, q="Russia zzzz")) == set()
    sanctions = found(get(client, q="sanctions Russia"))
    assert sanctions == matching("sanctions") & russia
    assert matching("sanctions Russia") < sanctions  # the other name finds more
    assert found(get(client, q='sanctions -"Russian Federation"')) == matching("sanctions") - russia
    # As websearch_to_tsquery reads it: russia | (syria & women), each name a group.
    syria = matching("Syria") | matching('"Syrian Arab Republic"')
    assert found(get(client, q="Russia OR Syria women")) == russia | (syria & matching("women"))
    # Names of one delegation asked for and excluded are searched as typed.
    assert found(get(client, q="Turkey -Türkiye")) == matching("Turkey -Türkiye")
    # So is a name whose words stand elsewhere in the query, and the page says nothing.
    response = get(client, q="Russia Russias")
    assert found(response) == matching("Russia Russias")
    assert response.context["search"].notices == []
    # Two delegations widened.
    response = get(client, q="Syria Egypt")
    assert found(response) == syria & (matching("Egypt") | matching('"United Arab Republic"'))
    assert response.context["search"].notices == [
        "Also searched as “Syrian Arab Republic” and “United Arab Republic”: other names of the delegations named."
    ]


@pytest.mark.django_db
@pytest.mark.usefixtures("sample_db")
def test_an_alias_added_by_a_curator_is_searched_at_once(client):
    turkey = Delegation.objects.get(name="Türkiye")
    assert found(get(client, q="Anatolia")) == set()
    before = generation()
    DelegationAlias.objects.create(delegation=turkey, name="Anatolia", key="anatolia")
    assert generation() > before  # kept answers and pages are not served after it
    response = get(client, q="Anatolia")
    assert found(response) == matching("Anatolia") | matching("Turkey") | matching("Türkiye")
    assert response.context["search"].notices == [
        "Also searched as “Turkey” and “Türkiye”: other names of the same delegation."
    ]


@pytest.mark.django_db
@pytest.mark.usefixtures("sample_db")
@pytest.mark.parametrize(
    "query", ["-", '"', "OR", "Turkey OR", "OR -Turkey", '"-Turkey', "UK UK UK", "Russia " * 100]
)
def test_odd_queries_that_name_delegations_are_answered(client, query):
    response = get(client, q=query)
    assert response.status_code == 200
    assert response.context["search"].valid
