"""The one place that searches statements: the parameters of a URL in, a page of
results with its total, facets and snippets out.

A results page costs a bounded number of queries whatever the corpus: the
delegations (to read the `delegation` parameter), the exact count, the page's
rows, their snippets, and one GROUP BY per facet. Snippets are computed for the
page's rows only, after pagination.
"""

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.postgres.search import SearchRank
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Value
from django.db.models.functions import Left
from django.http import QueryDict
from django.utils.text import Truncator

from speeches.filters import StatementFilter
from speeches.fulltext import (
    MAX_QUERY_LENGTH,
    SNIPPET_SOURCE_LENGTH,
    clean_text,
    has_terms,
    snippets,
    web_query,
)
from speeches.models import Delegation, Statement

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

    @property
    def form(self):
        return self.filterset.form

    @property
    def results(self) -> list[Statement]:
        return list(self.page.object_list) if self.page else []

    @property
    def delegation_options(self) -> list[tuple[str, str]]:
        field = self.form.fields.get("delegation")
        return list(field.choices) if field else []

    @property
    def chosen_delegations(self) -> list[tuple[str, str]]:
        """The delegations the URL names (known ones only), to show as ticked boxes."""
        names = dict(self.delegation_options)
        wanted = self.filterset.data.getlist("delegation") if names else []
        return [(slug, names[slug]) for slug in dict.fromkeys(wanted) if slug in names]


def delegation_choices() -> list[tuple[str, str]]:
    return list(Delegation.objects.order_by("name").values_list("slug", "name"))


def search_statements(*, params: QueryDict, scope: Delegation | None = None) -> StatementSearch:
    """Search statements with the URL's parameters; within one delegation's when `scope` is given."""
    queryset = Statement.objects.all() if scope is None else Statement.objects.filter(delegation=scope)
    filterset = StatementFilter(
        params, queryset=queryset, delegations=None if scope else delegation_choices()
    )
    if not filterset.is_valid():
        return StatementSearch(filterset=filterset, valid=False)

    data = filterset.form.cleaned_data
    query = data.get("q") or ""
    sort = data.get("sort") or ("relevance" if query else "newest")
    if sort == "relevance" and not query:
        sort = "newest"
    search = StatementSearch(filterset=filterset, valid=True, query=query, sort=sort)
    search.filtered = any(data.get(name) for name in filterset.filters if name not in ("q", "sort"))
    search.filtered_in_panel = any(
        data.get(name) for name in filterset.filters if name not in ("q", "sort", "delegation")
    )
    if len(clean_text(params.get("q", ""))) > MAX_QUERY_LENGTH:
        search.notices.append(f"Your search was cut to its first {MAX_QUERY_LENGTH} characters.")

    matches = filterset.qs
    if sort == "relevance":
        rank = SearchRank(F("search"), web_query(query), normalization=Value(RANK_NORMALIZATION))
        ordered = matches.alias(rank=rank).order_by("-rank", "id")
    else:
        ordered = matches.order_by(*(NEWEST if sort == "newest" else OLDEST))
    rows = (
        ordered.select_related("debate", "delegation")
        .only(*LIST_FIELDS)
        .annotate(opening=Left("text", SNIPPET_SOURCE_LENGTH))
    )

    search.page = Paginator(rows, PAGE_SIZE).get_page(params.get("page"))
    search.total = search.page.paginator.count
    if search.total == 0 and query and not has_terms(query):
        search.notices.append(
            "Your search holds only very common words or punctuation, which are not indexed: "
            "try more specific words."
        )
        return search

    _attach_snippets(list(search.page.object_list), query=query)
    search.delegation_facet = _delegation_facet(filterset, params) if scope is None else []
    search.year_facet = _year_facet(filterset, params)
    return search


def _attach_snippets(statements: list[Statement], *, query: str) -> None:
    marked = snippets(openings={s.pk: s.opening for s in statements}, query=query) if query else {}
    suffix = "?" + urlencode({"q": query}) if query else ""
    for statement in statements:
        statement.snippet = marked.get(statement.pk) or Truncator(statement.opening).words(40)
        statement.url = statement.get_absolute_url() + suffix


def url_with(params: QueryDict, **changes: str | list[str] | None) -> str:
    """This page's query string with some parameters changed (None removes one); back to page 1."""
    changed = params.copy()
    changed.pop("page", None)
    for name, value in changes.items():
        if value is None:
            changed.pop(name, None)
        elif isinstance(value, list):
            changed.setlist(name, value)
        else:
            changed[name] = value
    return "?" + changed.urlencode() if changed else "?"


def _delegation_facet(filterset: StatementFilter, params: QueryDict) -> list[FacetValue]:
    selected = filterset.form.cleaned_data.get("delegation") or []
    counts = (
        filterset.filter_without(StatementFilter.FACET_DIMENSIONS["delegation"])
        .order_by()
        .values("delegation__slug", "delegation__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "delegation__name")
    )
    facet = []
    for row in counts:
        slug = row["delegation__slug"]
        if slug is None:
            facet.append(FacetValue("No delegation recorded", row["count"]))
            continue
        chosen = slug in selected
        others = [s for s in selected if s != slug] if chosen else [*selected, slug]
        facet.append(
            FacetValue(row["delegation__name"], row["count"], url_with(params, delegation=others), chosen)
        )
    # The unattributed count last: it has no link.
    return _with_shares(sorted(facet, key=lambda v: v.url is None))


def _year_facet(filterset: StatementFilter, params: QueryDict) -> list[FacetValue]:
    data = filterset.form.cleaned_data
    counts = (
        filterset.filter_without(StatementFilter.FACET_DIMENSIONS["year"])
        .order_by()
        .values("debate__year")
        .annotate(count=Count("pk"))
        .order_by(F("debate__year").desc(nulls_last=True))
    )
    facet = []
    for row in counts:
        year = row["debate__year"]
        if year is None:
            facet.append(FacetValue("Year not known", row["count"]))
            continue
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        chosen = data.get("date_from") == first and data.get("date_to") == last
        url = (
            url_with(params, date_from=None, date_to=None)
            if chosen
            else url_with(params, date_from=first.isoformat(), date_to=last.isoformat())
        )
        facet.append(FacetValue(str(year), row["count"], url, chosen))
    return _with_shares(facet)
