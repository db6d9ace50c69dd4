"""The one place that searches statements: the parameters of a URL in, a page of
results with its total, facets and snippets out.

A results page costs a bounded number of queries whatever the corpus: the
delegations (to read the `delegation` parameter), the planner's estimate of
the matches, the count, the page's rows, their openings and snippets, and one
GROUP BY per facet. Snippets are computed for the page's rows only, after
pagination. A search the planner expects to match many statements is answered
from speeches.search.answers: computed exactly once, then kept until the
statements change.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from urllib.parse import urlencode

from django.contrib.postgres.search import SearchRank
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import F, OrderBy, QuerySet, Value, Window
from django.db.models.functions import Left, RowNumber
from django.http import QueryDict
from django.urls import reverse
from django.utils.text import Truncator, get_text_list

from speeches.links import statement_links
from speeches.models import Delegation, Statement
from speeches.search import concordance, export, facets, sorts, trends
from speeches.search.answers import KEPT, Answers, required_lexemes
from speeches.search.chronology import NEWEST_DEBATES, OLDEST_DEBATES, chronology
from speeches.search.directory import DelegationList, Directory, directory
from speeches.search.facets import FacetValue
from speeches.search.filters import StatementFilter
from speeches.search.highlights import SNIPPET_SOURCE_LENGTH, snippets
from speeches.search.names import Widened
from speeches.search.query import MAX_QUERY_LENGTH, clean_text, has_terms, web_query
from speeches.search.querystring import QueryString

PAGE_SIZE = 20
# ts_rank's normalisation 1 divides by 1 + log(length): long speeches do not win by length alone.
RANK_NORMALIZATION = 1


def _of_statements(debate_order: list) -> list:
    """A sort of debates (speeches.search.chronology) as a sort of their statements: then by
    their numbers, then ids."""
    return [
        OrderBy(F(f"debate__{item.expression.name}"), descending=item.descending, nulls_last=item.nulls_last)
        for item in debate_order
    ] + [F("speech_number").asc(), F("id").asc()]


NEWEST = _of_statements(NEWEST_DEBATES)
OLDEST = _of_statements(OLDEST_DEBATES)
# Each sort's order as expressions, for the window that numbers a broad search's matches.
ORDERS = {
    "relevance": [F("rank").desc(), F("id").asc()],
    "newest": NEWEST,
    "oldest": OLDEST,
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
    # The same search's statements as CSV (speeches.search.export); the JSON's differs by suffix.
    export_url: str = ""
    feed_url: str = ""
    # Matching statements per 1,000 of each year, for the chart beside the results (a query only).
    year_rates: "trends.Trend | None" = None
    trend_url: str = ""  # the same search's words, year by year (speeches.search.trends)

    @property
    def concordance_url(self) -> str:
        """The same search's words in their contexts (speeches.search.concordance)."""
        return self.trend_url.replace("/statements/trends/", "/statements/concordance/", 1)

    @property
    def export_json_url(self) -> str:
        return self.export_url.replace("/export.csv", "/export.json", 1)

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

    @cached_property
    def chosen_delegations(self) -> list[tuple[str, str]]:
        """The delegations the URL names (known ones only), to show as ticked boxes."""
        names = self.delegations.by_slug if self.delegations else {}
        wanted = self.filterset.data.getlist("delegation") if names else []
        return [(slug, names[slug]) for slug in dict.fromkeys(wanted) if slug in names]


def search_statements(*, params: QueryDict, scope: Delegation | None = None) -> StatementSearch:
    """Search statements with the URL's parameters; within one delegation's when `scope` is given."""
    answers = Answers()
    kept = directory(answers.generation)
    delegations = None if scope else kept.delegations
    filterset = statement_filterset(params=params, scope=scope, kept=kept)
    if not filterset.is_valid():
        return StatementSearch(filterset=filterset, valid=False, delegations=delegations)

    data = filterset.form.cleaned_data
    query, sort, ordered = _ordered(filterset)
    search = StatementSearch(
        filterset=filterset, valid=True, query=query, sort=sort, delegations=delegations, answers=answers
    )
    search.filtered = any(data.get(name) for name in filterset.filters if name not in ("q", "sort"))
    search.filtered_in_panel = any(
        data.get(name) for name in filterset.filters if name not in ("q", "sort", "delegation")
    )
    search.notices = _notices(params, filterset.widened)
    search.export_url = reverse("statement-export") + QueryString(params).with_changes(
        delegation=scope.slug if scope else params.getlist("delegation") or None
    )
    # The same search's newest statements as an Atom feed (speeches.feeds).
    feed_query = QueryString(params).with_changes(page=None, sort=None)
    search.feed_url = (
        reverse("delegation-feed", args=[scope.slug]) if scope else reverse("statement-feed")
    ) + (feed_query if feed_query != "?" else "")
    search.trend_url = reverse("statement-trends") + QueryString(params).with_changes(
        page=None, sort=None, delegation=scope.slug if scope else params.getlist("delegation") or None
    )
    asked = {"scope": scope.pk if scope else None, **data, "sort": sort}
    results, counted = _matches(answers, filterset, ordered, asked, delegations)
    search.page = Paginator(results, PAGE_SIZE).get_page(params.get("page"))
    search.total = search.page.paginator.count
    if search.total == 0 and query and not has_terms(query):
        search.notices.append(ONLY_COMMON_WORDS)
    else:
        _attach_snippets(list(search.page.object_list), query=filterset.widened)
        facets.attach(search, counted=counted, asked=asked, params=params, scope=scope)
        if query and search.year_facet:
            search.year_rates = trends.facet_rates(filterset, search.year_facet, answers, scope=scope)
    if answers.as_of:
        search.notices.append(importing_notice(answers.as_of))
    return search


def importing_notice(as_of: datetime) -> str:
    """What a page says when it shows answers kept from before an import's latest statements."""
    return (
        "An import is adding statements to the archive: these results and counts are as they were at "
        f"{as_of:%H:%M:%S} UTC, and take in the new statements when it ends."
    )


ONLY_COMMON_WORDS = (
    "Your search holds only very common words or punctuation, which are not indexed: try more specific words."
)


def _notices(params: QueryDict, widened: Widened) -> list[str]:
    """What the page tells the reader about how their query was searched."""
    notices = []
    if len(clean_text(params.get("q", ""))) > MAX_QUERY_LENGTH:
        notices.append(f"Your search was cut to its first {MAX_QUERY_LENGTH} characters.")
    if widened.added:
        whose = "the same delegation" if len(widened.rewrites) == 1 else "the delegations named"
        added = get_text_list([f"“{name}”" for name in widened.added], "and")
        notices.append(f"Also searched as {added}: other names of {whose}.")
    return notices


def _matches(
    answers: Answers, filterset: StatementFilter, ordered: QuerySet, asked: dict, delegations
) -> tuple["Results", facets.Counted]:
    """The search's results for the paginator, and its facets' counts of the same matches.

    A broad search is answered from what was kept (computed once, in one pass);
    a narrow one in one pass over its matches, which gives the total, the order
    and the facets' counts: one reading of their vectors instead of four."""
    by_pk = delegations.names if delegations else {}
    sort = asked["sort"]
    if answers.is_broad(filterset):
        whole = BroadPass(ordered, ORDERS[sort], by_pk)
        # The kept ranking and facets (those broad too), read in one query.
        answers.prefetch(
            ("ranked", asked), *((f"{f}_facet", facets.facet_asked(asked, f)) for f in facets.FACETS)
        )
        ranked = answers.get("ranked", asked, whole.ranked)

        def counted(facet: str) -> list:
            return answers.get(f"{facet}_facet", facets.facet_asked(asked, facet), getattr(whole, facet))

        return Results(ordered, ids=ranked["ids"], total=ranked["total"]), counted

    # Each match's debate, looked up in the debates' chronology rather than joined (which
    # costs a hash of every debate); sorted by date, the matches are sorted by it too.
    if sort == "relevance":
        matched = list(ordered.values_list("pk", "delegation_id", "debate_id"))
    else:
        matched = list(
            filterset.qs.order_by().values_list("pk", "delegation_id", "debate_id", "speech_number")
        )
    by_debate = Counter(m[2] for m in matched)
    debates = chronology(answers.generation, debates=by_debate)
    if sort != "relevance":
        matched = debates.sorted(matched, sort)

    def counted(facet: str) -> list:
        if facet == "delegation":
            return facets.delegation_rows(Counter(m[1] for m in matched), by_pk)
        return facets.sorted_year_counts(
            [list(row) for row in debates.year_counts(by_debate.items()).items()]
        )

    return Results(ordered, ids=[m[0] for m in matched], total=len(matched)), counted


def _ordered(filterset: StatementFilter) -> tuple[str, str, QuerySet]:
    """A valid search's query (as searched), its sort, and its matches in that order."""
    data = filterset.form.cleaned_data
    query = data.get("q") or ""  # as typed: the filterset's `widened` is what is searched
    sort = data.get("sort") or ("relevance" if query else "newest")
    if sort == "relevance" and not query:
        sort = "newest"
    matches = filterset.qs
    if sort == "relevance":
        rank = SearchRank(F("search"), web_query(filterset.widened), normalization=Value(RANK_NORMALIZATION))
        return query, sort, matches.alias(rank=rank).order_by("-rank", "id")
    return query, sort, matches.order_by(*(NEWEST if sort == "newest" else OLDEST))


def statement_filterset(
    *, params: QueryDict, scope: Delegation | None = None, kept: "Directory | None" = None
) -> StatementFilter:
    """The search's FilterSet for these parameters (within one delegation's statements when
    `scope` is given), with the delegation directory `kept` (read now when not given)."""
    kept = kept or directory()
    queryset = Statement.objects.all() if scope is None else Statement.objects.filter(delegation=scope)
    return StatementFilter(
        params,
        queryset=queryset,
        delegations=None if scope else kept.delegations.choices,
        spellings=kept.names,
    )


def search_trend(
    *, params: QueryDict, scope: Delegation | None = None
) -> tuple[StatementFilter, "trends.Trend | None"]:
    """How often a search's words are used, year by year (speeches.search.trends); None for
    parameters that are not valid, whose errors the filterset's form holds."""
    filterset = statement_filterset(params=params, scope=scope)
    if not filterset.is_valid():
        return filterset, None
    return filterset, trends.trend(filterset, params, scope=scope)


@dataclass
class Concordance:
    filterset: StatementFilter
    valid: bool
    query: str = ""
    order: str = "text"
    total: int = 0
    page: Page | None = None
    notice: str = ""
    # The lines asked for sorted, too many to sort at once: being sorted by the worker
    # (speeches.search.sorts) while the page shows them as spoken.
    sorting: "sorts.Asked | None" = None


class _Lines:
    """A concordance's lines for the paginator: its exact length, and the lines of a slice
    found when asked (speeches.search.concordance.lines)."""

    ordered = True  # for the paginator, which would otherwise read `matches` to ask

    def __init__(self, source: concordance.Source, total: int):
        self.source, self.total = source, total

    def __len__(self) -> int:
        return self.total

    def count(self) -> int:
        return self.total

    def __getitem__(self, index: slice) -> list:
        start = index.start or 0
        stop = self.total if index.stop is None else index.stop
        found = self.source
        return list(
            concordance.lines(
                found.ordered, found.first, found.lexemes, found.query, skip=start, limit=stop - start
            )
        )


def _concordance_source(
    filterset: StatementFilter, lexemes: list[str], answers: Answers
) -> concordance.Source:
    ordered = filterset.qs.order_by(*NEWEST)
    asked = {**filterset.form.cleaned_data, "sort": "newest"}
    first = answers.get("concordance_ids", asked, lambda: concordance.first_ids(ordered))
    return concordance.Source(ordered, first, lexemes, filterset.form.cleaned_data.get("q") or "")


def concordance_source(params: QueryDict) -> concordance.Source | None:
    """A concordance's statements read from its page's parameters (for the worker that sorts
    it, speeches.search.sorts); None when the parameters are not valid, or find no words."""
    filterset = statement_filterset(params=params)
    if not filterset.is_valid() or not filterset.form.cleaned_data.get("q"):
        return None
    lexemes = required_lexemes(filterset.form.cleaned_data["q"])
    return _concordance_source(filterset, lexemes, Answers()) if lexemes else None


def search_concordance(*, params: QueryDict, export: bool = False) -> Concordance:
    """Every occurrence of a search's words in its statements (speeches.search.concordance)."""
    filterset = statement_filterset(params=params)
    if not filterset.is_valid():
        return Concordance(filterset, valid=False)
    query = filterset.form.cleaned_data.get("q") or ""
    order = params.get("order", "text").lower()
    result = Concordance(
        filterset, valid=True, query=query, order=order if order in concordance.SORTS else "text"
    )
    lexemes = required_lexemes(query) if query else []
    if not lexemes:
        result.notice = "Type the words to find in their contexts." if not query else ONLY_COMMON_WORDS
        return result
    answers = Answers()
    source = _concordance_source(filterset, lexemes, answers)
    result.total = concordance.total(filterset, lexemes, answers)
    lines: Sequence = _Lines(source, result.total)
    if result.order != "text":
        if result.total <= concordance.MAX_SORTED:
            every = concordance.lines(source.ordered, source.first, lexemes, query)
            lines = sorted(every, key=concordance.sort_key(result.order))
        elif result.total > sorts.MAX_LINES:
            result.notice = (
                f"Lines are sorted by their context when there are at most {sorts.MAX_LINES:,}: "
                "narrow the search to sort these."
            )
            result.order = "text"
        else:
            asked = concordance.asked(filterset, lexemes)
            kept = sorts.ask(asked, params, result.order, answers.generation)
            if kept.done:
                lines = sorts.SortedLines(kept.sort, lexemes, query)
            else:
                result.sorting = kept
    size = concordance.MAX_EXPORTED if export else concordance.PAGE_LINES
    result.page = Paginator(lines, size).get_page(1 if export else params.get("page"))
    return result


def statements_to_export(params: QueryDict) -> tuple[StatementFilter, QuerySet | None]:
    """The statements a search matches, in its order, to be written out whole (speeches.search.export);
    None for parameters that are not valid, whose errors the filterset's form holds."""
    filterset = statement_filterset(params=params)
    if not filterset.is_valid():
        return filterset, None
    return filterset, _ordered(filterset)[2]


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
                """,  # noqa: S608 (`sql` is Django's own SQL for the queryset; its values are parameters)
                [*params, KEPT],
            )
            ids, total, delegations, years = cursor.fetchone()
        return ids or [], total, delegations or [], years or []

    def ranked(self) -> dict:
        ids, total, _, _ = self._found
        return {"ids": ids, "total": total}

    def delegation(self) -> list[list]:
        return facets.delegation_rows(dict(self._found[2]), self.names)

    def year(self) -> list[list]:
        return facets.sorted_year_counts([list(row) for row in self._found[3]])


def _attach_snippets(statements: list[Statement], *, query: Widened) -> None:
    marked = snippets(openings={s.pk: s.opening for s in statements}, query=query) if query.text else {}
    suffix = "?" + urlencode({"q": query.text}) if query.text else ""
    link = statement_links()
    for statement in statements:
        statement.snippet = marked.get(statement.pk) or Truncator(statement.opening).words(40)
        statement.url = link(statement.debate.slug, statement.speech_number) + suffix
