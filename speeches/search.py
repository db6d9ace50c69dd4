"""The one place that searches statements: the parameters of a URL in, a page of
results with its total, facets and snippets out.

A results page costs a bounded number of queries whatever the corpus: the
delegations (to read the `delegation` parameter), the planner's estimate of
the matches, the count, the page's rows, their openings and snippets, and one
GROUP BY per facet. Snippets are computed for the page's rows only, after
pagination. A search the planner expects to match many statements is answered
from speeches.search_cache: computed exactly once, then kept until the
statements change.
"""

import datetime as dt
import html
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import quote_plus, urlencode

from django.contrib.postgres.search import SearchRank
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import Count, F, QuerySet, Value, Window
from django.db.models.functions import Left, RowNumber
from django.http import QueryDict
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator, get_text_list

from speeches import export
from speeches.filters import StatementFilter
from speeches.fulltext import (
    MAX_QUERY_LENGTH,
    SNIPPET_SOURCE_LENGTH,
    clean_text,
    has_terms,
    snippets,
    web_query,
)
from speeches.links import statement_links
from speeches.models import Delegation, Statement
from speeches.query_names import Widened
from speeches.search_cache import KEPT, Answers

PAGE_SIZE = 20
# ts_rank's normalisation 1 divides by 1 + log(length): long speeches do not win by length alone.
RANK_NORMALIZATION = 1

NEWEST = [
    F("debate__year").desc(nulls_last=True),
    F("debate__date").desc(nulls_last=True),
    F("debate__meeting_number").desc(nulls_last=True),
    F("debate__resumption").desc(),
    "speech_number",
    "id",
]
OLDEST = [
    F("debate__year").asc(nulls_last=True),
    F("debate__date").asc(nulls_last=True),
    F("debate__meeting_number").asc(nulls_last=True),
    "debate__resumption",
    "speech_number",
    "id",
]
# Each sort's order as expressions, for the window that numbers a broad search's matches.
ORDERS = {
    "relevance": [F("rank").desc(), F("id").asc()],
    "newest": [item if not isinstance(item, str) else F(item).asc() for item in NEWEST],
    "oldest": [item if not isinstance(item, str) else F(item).asc() for item in OLDEST],
}
LIST_FIELDS = [
    "speech_number",
    "speaker",
    "role",
    "participant_type",
    "language",
    "delegation_as_printed",
    "debate",
    "debate__symbol",
    "debate__slug",
    "debate__date",
    "debate__year",
    "debate__topic",
    "delegation",
    "delegation__name",
    "delegation__slug",
    "delegation__kind",
]


@dataclass
class FacetValue:
    label: str
    count: int
    url: str | None = None  # the search narrowed to this value; None when it has no parameter
    selected: bool = False
    share: int = 0  # percent of the largest count, for bars


def _with_shares(facet: list[FacetValue]) -> list[FacetValue]:
    largest = max((v.count for v in facet), default=0)
    for value in facet:
        value.share = round(100 * value.count / largest) if largest else 0
    return facet


def delegation_choices() -> list[tuple[str, str]]:
    return delegation_list().choices


class DelegationList:
    """Every delegation, with what each search page derives from them: the form's choices,
    the facet's names and link parameters, and the select's <option>s (a few hundred each,
    which cost several milliseconds a page to build). One instance is kept per process and
    reused while the delegations read at each request are the same."""

    def __init__(self, rows: list[tuple[int, str, str]]):
        self.rows = rows
        self.choices = [(slug, name) for _, slug, name in rows]
        self.names = {pk: (slug, name) for pk, slug, name in rows}
        self.by_slug = dict(self.choices)
        # A facet value's parameter and label, ready for its link (see facet_items).
        self.quoted = {slug: quote_plus(slug) for _, slug, _ in rows}
        self.labels = {slug: html.escape(name) for _, slug, name in rows}
        self.options_html = mark_safe(  # noqa: S308 (escaped)
            "".join(
                f'<option value="{html.escape(slug)}">{self.labels[slug]}</option>' for _, slug, _ in rows
            )
        )


_kept_delegations: DelegationList | None = None


def delegation_list() -> DelegationList:
    """The delegations by name, read at each request (a millisecond), with what derives
    from them built again only when they changed."""
    global _kept_delegations
    rows = list(Delegation.objects.order_by("name").values_list("pk", "slug", "name"))
    kept = _kept_delegations
    if kept is None or kept.rows != rows:
        kept = _kept_delegations = DelegationList(rows)
    return kept


@dataclass
class StatementSearch:
    filterset: StatementFilter
    valid: bool
    query: str = ""
    sort: str = "newest"
    page: Page | None = None
    total: int = 0
    notices: list[str] = field(default_factory=list)
    delegation_facet: list[FacetValue] = field(default_factory=list)
    year_facet: list[FacetValue] = field(default_factory=list)
    # Parameters that narrow the search (not `q`, `sort` or `page`): the "clear filters" link keeps q.
    filtered: bool = False
    # Those of them set in the form's "Filters" panel (delegations show as ticked boxes outside it).
    filtered_in_panel: bool = False
    answers: Answers | None = None
    # The same search's statements as CSV (speeches.export).
    export_url: str = ""
    # Every delegation, for the form and the facet; None within one delegation's statements.
    delegations: DelegationList | None = None

    @property
    def form(self):
        return self.filterset.form

    @property
    def export_limit(self) -> int:
        """How many statements the CSV holds at most."""
        return export.MAX_ROWS

    @property
    def results(self) -> list[Statement]:
        return list(self.page.object_list) if self.page else []

    @property
    def delegation_options(self) -> list[tuple[str, str]]:
        return self.delegations.choices if self.delegations else []

    @property
    def delegation_options_html(self) -> SafeString:
        """The delegation select's <option>s, escaped."""
        return self.delegations.options_html if self.delegations else mark_safe("")

    @cached_property
    def chosen_delegations(self) -> list[tuple[str, str]]:
        """The delegations the URL names (known ones only), to show as ticked boxes."""
        names = self.delegations.by_slug if self.delegations else {}
        wanted = self.filterset.data.getlist("delegation") if names else []
        return [(slug, names[slug]) for slug in dict.fromkeys(wanted) if slug in names]


def search_statements(*, params: QueryDict, scope: Delegation | None = None) -> StatementSearch:
    """Search statements with the URL's parameters; within one delegation's when `scope` is given."""
    queryset = Statement.objects.all() if scope is None else Statement.objects.filter(delegation=scope)
    delegations = None if scope else delegation_list()
    filterset = StatementFilter(
        params, queryset=queryset, delegations=None if delegations is None else delegations.choices
    )
    if not filterset.is_valid():
        return StatementSearch(filterset=filterset, valid=False, delegations=delegations)

    data = filterset.form.cleaned_data
    query, sort, ordered = _ordered(filterset)
    widened = filterset.form.widened
    search = StatementSearch(filterset=filterset, valid=True, query=query, sort=sort, delegations=delegations)
    search.filtered = any(data.get(name) for name in filterset.filters if name not in ("q", "sort"))
    search.filtered_in_panel = any(
        data.get(name) for name in filterset.filters if name not in ("q", "sort", "delegation")
    )
    if len(clean_text(params.get("q", ""))) > MAX_QUERY_LENGTH:
        search.notices.append(f"Your search was cut to its first {MAX_QUERY_LENGTH} characters.")
    if widened.added:
        whose = "the same delegation" if len(widened.rewrites) == 1 else "the delegations named"
        names = get_text_list([f"“{name}”" for name in widened.added], "and")
        search.notices.append(f"Also searched as {names}: other names of {whose}.")

    answers = Answers()
    asked = {"scope": scope.pk if scope else None, **data, "sort": sort}
    names = delegations.names if delegations else {}
    if answers.is_broad(filterset):
        whole = BroadPass(ordered, ORDERS[sort], names)
        # The kept ranking and facets (those broad too), read in one query.
        answers.prefetch(
            ("ranked", asked), *((f"{f}_facet", _facet_asked(asked, f)) for f in ("delegation", "year"))
        )
        ranked = answers.get("ranked", asked, whole.ranked)
        results = Results(ordered, ids=ranked["ids"], total=ranked["total"])

        def counted(facet: str) -> list:
            return answers.get(f"{facet}_facet", _facet_asked(asked, facet), getattr(whole, facet))
    else:
        # One pass over the matches gives the total, the order and the facets that
        # count the same matches: one reading of their vectors instead of four.
        matched = list(ordered.values_list("pk", "delegation_id", "debate__year"))
        results = Results(ordered, ids=[pk for pk, _, _ in matched], total=len(matched))

        def counted(facet: str) -> list:
            if facet == "delegation":
                return _delegation_rows(Counter(d for _, d, _ in matched), names)
            return _sorted_year_counts([[year, n] for year, n in Counter(y for _, _, y in matched).items()])

    search.export_url = reverse("statement-export") + QueryString(params).with_changes(
        delegation=scope.slug if scope else params.getlist("delegation") or None
    )
    search.page = Paginator(results, PAGE_SIZE).get_page(params.get("page"))
    search.total = search.page.paginator.count
    search.answers = answers
    if search.total == 0 and query and not has_terms(query):
        search.notices.append(
            "Your search holds only very common words or punctuation, which are not indexed: "
            "try more specific words."
        )
        return search

    _attach_snippets(list(search.page.object_list), query=widened)
    # A facet counts the search without its own parameters: the same matches unless one is set.
    if scope is None:
        if _narrowed_by(filterset, "delegation"):
            counts = _facet_counts(answers, filterset, asked, "delegation", _delegation_counts)
        else:
            counts = counted("delegation")
        search.delegation_facet = _delegation_facet(counts, filterset, params, delegations)
    if _narrowed_by(filterset, "year"):
        counts = _facet_counts(answers, filterset, asked, "year", _year_counts)
    else:
        counts = counted("year")
    search.year_facet = _year_facet(counts, filterset, params)
    return search


def _ordered(filterset: StatementFilter) -> tuple[str, str, QuerySet]:
    """A valid search's query (as searched), its sort, and its matches in that order."""
    data = filterset.form.cleaned_data
    query = data.get("q") or ""  # as typed: the form's `widened` is what is searched
    sort = data.get("sort") or ("relevance" if query else "newest")
    if sort == "relevance" and not query:
        sort = "newest"
    matches = filterset.qs
    if sort == "relevance":
        rank = SearchRank(
            F("search"), web_query(filterset.form.widened), normalization=Value(RANK_NORMALIZATION)
        )
        return query, sort, matches.alias(rank=rank).order_by("-rank", "id")
    return query, sort, matches.order_by(*(NEWEST if sort == "newest" else OLDEST))


def statements_to_export(params: QueryDict) -> tuple[StatementFilter, QuerySet | None]:
    """The statements a search matches, in its order, to be written out whole (speeches.export);
    None for parameters that are not valid, whose errors the filterset's form holds."""
    filterset = StatementFilter(
        params, queryset=Statement.objects.all(), delegations=delegation_list().choices
    )
    if not filterset.is_valid():
        return filterset, None
    return filterset, _ordered(filterset)[2]


def _narrowed_by(filterset: StatementFilter, facet: str) -> bool:
    """Whether the search has a parameter that the facet ignores (its counts are then of more)."""
    data = filterset.form.cleaned_data
    return any(data.get(name) for name in StatementFilter.FACET_DIMENSIONS[facet])


class Results:
    """A search's results for the paginator, read a page at a time: first the page's
    ids, from a broad search's kept ids or from the ordered matches, then the rows
    of those ids only, with the opening of their text for snippets (read with the
    ordered matches, the text of every match would be fetched before the sort).

    Pages past a broad search's kept ids come from the ordered matches: exact, and
    as slow as a broad search is.
    """

    ordered = True  # for the paginator

    def __init__(self, matches: QuerySet, *, ids: list[int] | None = None, total: int | None = None):
        self.matches, self.ids, self.total = matches, ids, total

    def count(self) -> int:
        if self.total is None:
            self.total = self.matches.count()
        return self.total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Statement]:
        start, stop, _ = index.indices(self.count())
        if self.ids is not None and (stop <= len(self.ids) or len(self.ids) >= self.total):
            wanted = self.ids[start:stop]
        else:
            wanted = list(self.matches.values_list("pk", flat=True)[start:stop])
        found = (
            Statement.objects.select_related("debate", "delegation")
            .only(*LIST_FIELDS)
            .annotate(opening=Left("text", SNIPPET_SOURCE_LENGTH))
            .order_by()
            .in_bulk(wanted)
        )
        return [found[pk] for pk in wanted if pk in found]


class BroadPass:
    """One pass over a broad search's matches, made when first needed and only once: the
    first KEPT ids in order, the total, and the counts by delegation and by year. At
    170,000 statements reading the matches is nearly all of the cost (about a second for
    "security"), so they are read once rather than once for each."""

    def __init__(self, ordered: QuerySet, order: list, names: dict[int, tuple[str, str]]):
        self.ordered, self.order, self.names = ordered, order, names

    @cached_property
    def _found(self) -> tuple[list[int], int, list, list]:
        rows = (
            self.ordered.annotate(position=Window(RowNumber(), order_by=self.order))
            .order_by()
            .values_list("pk", "delegation_id", "debate__year", "position")
        )
        sql, params = rows.query.sql_with_params()
        with connections[rows.db].cursor() as cursor:
            cursor.execute(
                f"""
                WITH m (pk, delegation_id, year, position) AS MATERIALIZED ({sql})
                SELECT (SELECT array_agg(pk ORDER BY position) FROM m WHERE position <= %s),
                       (SELECT count(*) FROM m),
                       (SELECT json_agg(json_build_array(delegation_id, n))
                        FROM (SELECT delegation_id, count(*) AS n FROM m GROUP BY 1) AS d),
                       (SELECT json_agg(json_build_array(year, n))
                        FROM (SELECT year, count(*) AS n FROM m GROUP BY 1) AS y)
                """,
                [*params, KEPT],
            )
            ids, total, delegations, years = cursor.fetchone()
        return ids or [], total, delegations or [], years or []

    def ranked(self) -> dict:
        ids, total, _, _ = self._found
        return {"ids": ids, "total": total}

    def delegation(self) -> list[list]:
        return _delegation_rows(dict(self._found[2]), self.names)

    def year(self) -> list[list]:
        return _sorted_year_counts([list(row) for row in self._found[3]])


def _facet_asked(asked: dict, facet: str) -> dict:
    """What a facet's counts depend on: the search without the facet's own parameters, nor its order."""
    ignored = StatementFilter.FACET_DIMENSIONS[facet]
    return {k: v for k, v in asked.items() if k not in ignored and k not in ("sort", "page")}


def _delegation_rows(counts: dict, names: dict[int, tuple[str, str]]) -> list[list]:
    return _sorted_delegation_counts([[*names.get(pk, (None, None)), n] for pk, n in counts.items()])


def _facet_counts(answers: Answers, filterset: StatementFilter, asked: dict, name: str, count) -> list:
    """A facet's counts: over the search without the facet's own parameters, kept when broad."""
    ignored = StatementFilter.FACET_DIMENSIONS[name]
    queryset = filterset.filter_without(ignored)
    if not answers.is_broad(filterset, frozenset(ignored)):
        return count(queryset)
    return answers.get(f"{name}_facet", _facet_asked(asked, name), lambda: count(queryset))


def _attach_snippets(statements: list[Statement], *, query: Widened) -> None:
    marked = snippets(openings={s.pk: s.opening for s in statements}, query=query) if query.text else {}
    suffix = "?" + urlencode({"q": query.text}) if query.text else ""
    link = statement_links()
    for statement in statements:
        statement.snippet = marked.get(statement.pk) or Truncator(statement.opening).words(40)
        statement.url = link(statement.debate.slug, statement.speech_number) + suffix


def url_with(params: QueryDict, **changes: str | list[str] | None) -> str:
    """This page's query string with some parameters changed (None removes one); back to page 1."""
    return QueryString(params).with_changes(**changes)


class QueryString:
    """A page's parameters, encoded once, for the many links that change one or two of them
    (a results page has a few hundred facet values)."""

    def __init__(self, params: QueryDict, *, without: tuple[str, ...] = ("page",)):
        self.parts = {name: _encode(name, values) for name, values in params.lists() if name not in without}

    def with_changes(self, **changes: str | list[str] | None) -> str:
        parts = dict(self.parts)
        for name, value in changes.items():
            if value is None:
                parts.pop(name, None)
            else:
                parts[name] = _encode(name, value if isinstance(value, list) else [value])
        return "?" + "&".join(part for part in parts.values() if part)

    def layout(self, *names: str) -> list[str | int]:
        """The query string of with_changes(**{names[i]: ...}), as its fixed runs of parts
        (strings) and, where each named parameter goes, its index: see filled()."""
        parts = {**self.parts, **dict.fromkeys(names)}  # in place, or added at the end: as with_changes
        segments: list[str | int] = []
        fixed: list[str] = []
        for name, part in parts.items():
            if name in names:
                segments += ["&".join(fixed), names.index(name)]
                fixed = []
            elif part:
                fixed.append(part)
        return [*segments, "&".join(fixed)]


def filled(layout: list[str | int], values: list[str]) -> str:
    """A query string from its layout (QueryString.layout) and the named parameters' encoded parts."""
    return "?" + "&".join(part for part in (values[s] if isinstance(s, int) else s for s in layout) if part)


def _encode(name: str, values: list[str]) -> str:
    key = quote_plus(name)
    return "&".join(f"{key}={quote_plus(str(value))}" for value in values)


def _delegation_counts(queryset: QuerySet) -> list[list]:
    """[slug, name, count] by delegation, most statements first; slug None for no delegation."""
    counts = queryset.order_by().values("delegation__slug", "delegation__name").annotate(count=Count("pk"))
    return _sorted_delegation_counts(
        [[row["delegation__slug"], row["delegation__name"], row["count"]] for row in counts]
    )


def _sorted_delegation_counts(counts: list[list]) -> list[list]:
    return sorted(counts, key=lambda row: (-row[2], row[1] is None, row[1] or ""))


def _year_counts(queryset: QuerySet) -> list[list]:
    """[year, count], latest first; year None for debates without one."""
    counts = queryset.order_by().values("debate__year").annotate(count=Count("pk"))
    return _sorted_year_counts([[row["debate__year"], row["count"]] for row in counts])


def _sorted_year_counts(counts: list[list]) -> list[list]:
    return sorted(counts, key=lambda row: (row[0] is None, -(row[0] or 0)))


def _delegation_facet(
    counts: list[list], filterset: StatementFilter, params: QueryDict, delegations: DelegationList
) -> list[FacetValue]:
    selected = filterset.form.cleaned_data.get("delegation") or []
    # Each link is this page's query string with another list of delegations: built from
    # its fixed parts, not parameter by parameter (a few hundred links a page).
    layout = QueryString(params).layout("delegation")
    chosen = _encode("delegation", selected)
    adding = f"{chosen}&delegation=" if chosen else "delegation="
    quoted = delegations.quoted
    facet, unattributed = [], []
    for slug, name, count in counts:
        if slug is None:
            unattributed.append(FacetValue("No delegation recorded", count))
        elif slug in selected:
            others = _encode("delegation", [s for s in selected if s != slug])
            facet.append(FacetValue(name, count, filled(layout, [others]), True))
        else:
            part = adding + (quoted.get(slug) or quote_plus(slug))
            facet.append(FacetValue(name, count, filled(layout, [part])))
    # The unattributed count last: it has no link.
    return _with_shares(facet + unattributed)


def _year_facet(counts: list[list], filterset: StatementFilter, params: QueryDict) -> list[FacetValue]:
    data = filterset.form.cleaned_data
    links = QueryString(params)
    layout = links.layout("date_from", "date_to")
    facet = []
    for year, count in counts:
        if year is None:
            facet.append(FacetValue("Year not known", count))
            continue
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        chosen = data.get("date_from") == first and data.get("date_to") == last
        url = (
            links.with_changes(date_from=None, date_to=None)
            if chosen
            else filled(layout, [f"date_from={first.isoformat()}", f"date_to={last.isoformat()}"])
        )
        facet.append(FacetValue(str(year), count, url, chosen))
    return _with_shares(facet)
