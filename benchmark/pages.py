"""Time the mix's pages through the Django stack, and check them against the exact answer.

For each class: the page (URL resolution, view, search, template) timed over
many runs; the bare index lookup (the same match, LIMIT 20, no ranking) as the
floor; the naive implementation (the search vector computed from the text on
the fly, ranked and counted) as the ceiling; and how far the page's results
and total are from the exact ones (full ranking over every match, true count).
"""

import heapq
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape

from django.conf import settings
from django.contrib.postgres.search import SearchRank
from django.db import connection, transaction
from django.db.models import Count, F, QuerySet, Value, Window
from django.http import QueryDict
from django.test import Client, override_settings

from benchmark.mix import API, TRENDS, VETOES, Query
from speeches.models import SEARCH_CONFIG, Citation, Debate, Resolution, Statement
from speeches.search import concordance, sorts
from speeches.search.answers import required_lexemes
from speeches.search.directory import delegation_choices
from speeches.search.filters import StatementFilter, VetoFilter
from speeches.search.query import web_query
from speeches.search.service import NEWEST, PAGE_SIZE, RANK_NORMALIZATION, concordance_source
from speeches.search.trends import year_totals
from speeches.selectors import citing_statements, filtered_vetoes
from speeches.views.resolutions import CITATIONS_PER_PAGE

_RESULT = re.compile(r'<li class="result" id="result-(\d+)"')
_TOTAL = re.compile(r'data-total="(\d+)"')
_DEBATE_STATEMENT = re.compile(r'<article class="meeting__statement" id="s(\d+)"')
_CONCORDANCE_LINE = re.compile(r'<td class="concordance__keyword"><a href="/debates/[^/]+/(\d+)/')
# A concordance line's link, keyword and words after, as a page shows them (escaped).
_CONCORDANCE_ROW = re.compile(
    r'<td class="concordance__keyword"><a href="([^"]+)">([^<]*)</a></td><td class="concordance__right">([^<]*)</td>'
)
_TREND_YEAR = re.compile(r'<tr><th scope="row">(\d+)</th><td class="num">([\d,]+)</td>')
_CITATION = re.compile(r'<li class="citing__item" id="citation-(\d+)"')
_VETO = re.compile(r'<tr class="veto" id="veto-(\d+)"')
_STATEMENT_URL = re.compile(r"/debates/([^/]+)/(\d+)/$")
# A concordance's true total, from vectors computed on the fly from the text (not the stored ones).
_NAIVE_OCCURRENCES = (
    "SELECT coalesce(sum(cardinality(u.positions)), 0) FROM speeches_statement s, "
    "unnest(to_tsvector(%s::regconfig, s.text) || to_tsvector(%s::regconfig, s.folded_terms)) u "
    "WHERE s.id IN ({matches}) AND u.lexeme = ANY(%s)"
)


@dataclass
class Shown:
    """What a page showed: its rows (statement ids, or speech numbers on a debate page) and total."""

    rows: list[int]
    total: int
    lines: list[tuple[str, str, str]] = field(default_factory=list)  # a concordance's: link, keyword, after


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def measure_pages(
    mix: dict[str, list[Query]], *, runs: int, naive_runs: int, log: Callable[[str], None]
) -> dict[str, dict]:
    client = Client(raise_request_exception=True)
    # Pages are built at every request here (the whole-page cache is for the HTTP figures).
    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"], PAGE_CACHE_SECONDS=0):
        sorting = sort_concordances(client, [q for queries in mix.values() for q in queries if q.sorted], log)
        # The first request of each query warms up, and is the one that computes a broad answer.
        shown, first = {}, {}
        for queries in mix.values():
            for query in queries:
                started = time.perf_counter()
                shown[query.url] = _shown(query, _get(client, query))
                first[query.url] = (time.perf_counter() - started) * 1000
        times: dict[str, list[float]] = {name: [] for name in mix}
        # Classes interleaved, as readers' requests are.
        for run in range(runs):
            for name, queries in mix.items():
                query = queries[run % len(queries)]
                started = time.perf_counter()
                _get(client, query)
                times[name].append((time.perf_counter() - started) * 1000)
    figures = {}
    for name, queries in mix.items():
        log(f"{name}: exact answers, index lookups, naive runs")
        checks = [_check(q, shown[q.url]) for q in queries]
        lookups = [_bare_lookup(query) for query in queries]
        limit = [_timed(_evaluate, lookups[i % len(lookups)]) for i in range(runs)]
        naive = [_timed(_naive, q) for q in queries[: max(0, naive_runs)] if has_naive(q)]
        figures[name] = {
            "p50_ms": round(percentile(times[name], 50), 1),
            "p95_ms": round(percentile(times[name], 95), 1),
            "p99_ms": round(percentile(times[name], 99), 1),
            "limit_p50_ms": round(percentile(limit, 50), 2),
            "naive_p50_ms": round(percentile(naive, 50), 1) if naive else None,
            "overlap_at_20": round(sum(c[0] for c in checks) / len(checks), 2),
            "count_error": round(max(c[1] for c in checks), 4),
            "first_ms": [round(first[q.url], 1) for q in queries],
            "runs": len(times[name]),
            "queries": [str(q) for q in queries],
            "overlap_by_query": [c[0] for c in checks],
            "true_totals": [c[2] for c in checks],
            "shown_totals": [shown[q.url].total for q in queries],
        }
        if any(q.sorted for q in queries):
            figures[name]["sort_seconds"] = [sorting.get(q.url) for q in queries]
    return figures


def sort_concordances(client: Client, queries: list[Query], log: Callable[[str], None]) -> dict[str, float]:
    """Ask for each sorted concordance, then sort what was asked as the worker does
    (speeches.search.sorts): the seconds each sort took, by URL (none for one short enough
    to be sorted while its page waits)."""
    seconds = {}
    for query in queries:
        _get(client, query)
        sort = sorts.claim_next()
        if sort is None:
            continue
        started = time.perf_counter()
        if not sorts.run(sort, concordance_source):
            raise RuntimeError(f"{query.url}: not sorted: {type(sort).objects.get(pk=sort.pk).error}")
        seconds[query.url] = round(time.perf_counter() - started, 2)
        log(f"{query.url}: sorted in {seconds[query.url]} s")
    return seconds


def _get(client: Client, query: Query):
    response = client.get(query.url)
    if response.status_code != 200:
        raise RuntimeError(f"{query.url} answered {response.status_code}")
    return response


def _evaluate(queryset: QuerySet) -> None:
    list(queryset.all())  # a fresh copy: a queryset keeps its rows once read


def _timed(function, query) -> float:
    started = time.perf_counter()
    function(query)
    return (time.perf_counter() - started) * 1000


def _shown(query: Query, response) -> Shown:
    if query.path == API:
        answer = response.json()
        return Shown(_statement_ids([r["url"] for r in answer["results"]]), answer["count"])
    html = response.content.decode()
    if query.debate_slug:
        rows = [int(n) for n in _DEBATE_STATEMENT.findall(html)]
        return Shown(rows, len(rows))
    if query.resolution is not None:
        return Shown([int(n) for n in _CITATION.findall(html)], int(_TOTAL.search(html)[1]))
    if query.path == VETOES:
        return Shown([int(n) for n in _VETO.findall(html)], int(_TOTAL.search(html)[1]))
    if query.path == TRENDS:
        # Each year's matching statements, in the table under the chart.
        counts = [int(n.replace(",", "")) for _, n in _TREND_YEAR.findall(html)]
        return Shown(counts, sum(counts))
    total = _TOTAL.search(html)
    if query.concordance:
        if query.sorted and 'id="concordance-sorting"' in html:
            raise RuntimeError(f"{query.url}: still being sorted")
        lines = [tuple(map(unescape, row)) for row in _CONCORDANCE_ROW.findall(html)]
        return Shown([int(n) for n in _CONCORDANCE_LINE.findall(html)], int(total[1]) if total else 0, lines)
    return Shown([int(pk) for pk in _RESULT.findall(html)], int(total[1]) if total else 0)


def _statement_ids(urls: list[str]) -> list[int]:
    """The statements at these permanent URLs, in their order."""
    keys = [(m[1], int(m[2])) for m in (_STATEMENT_URL.search(u) for u in urls) if m]
    ids = {
        (slug, n): pk
        for pk, slug, n in Statement.objects.filter(debate__slug__in={slug for slug, _ in keys}).values_list(
            "id", "debate__slug", "speech_number"
        )
    }
    return [ids[key] for key in keys if key in ids]


def _params(query: Query) -> QueryDict:
    params = QueryDict(mutable=True)
    params.update(query.params)
    return params


def _valid(query: Query, filterset):
    if not filterset.is_valid():
        raise RuntimeError(f"{query.url}: {filterset.errors}")
    return filterset


def _vetoes(query: Query) -> VetoFilter:
    return _valid(query, filtered_vetoes(params=_params(query)))


def _filterset(query: Query) -> StatementFilter:
    return _valid(
        query,
        StatementFilter(_params(query), queryset=Statement.objects.all(), delegations=delegation_choices()),
    )


def _check(query: Query, shown: Shown) -> tuple[float, float, int]:
    """(how many of 20 shown results belong on the page by the exact answer, the total's relative
    error, the true total)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 0")
        if query.debate_slug:
            exact = list(
                Debate.objects.get(slug=query.debate_slug)
                .statements.order_by("speech_number")
                .values_list("speech_number", flat=True)
            )
            right = len(set(shown.rows[:PAGE_SIZE]) & set(exact[:PAGE_SIZE]))
            return _out_of_20(right, len(exact[:PAGE_SIZE])), _error(shown.total, len(exact)), len(exact)
        if query.resolution is not None:
            citations = citing_statements(resolution=Resolution.objects.get(number=query.resolution))
            exact = list(citations.values_list("id", flat=True)[:CITATIONS_PER_PAGE])
            total = citations.count()
            right = sum(1 for a, b in zip(shown.rows, exact, strict=False) if a == b)
            return _out_of_20(right, len(exact)), _error(shown.total, total), total
        if query.path == VETOES:
            exact = set(_vetoes(query).qs.values_list("id", flat=True))
            right = len(set(shown.rows) & exact)
            return _out_of_20(right, len(exact)), _error(shown.total, len(exact)), len(exact)
        filterset = _filterset(query)
        if query.path == TRENDS:
            # Each year's matching statements, counted in the stored vectors by the plain match.
            by_year = dict(
                filterset.qs.exclude(debate__year=None)
                .order_by()
                .values("debate__year")
                .annotate(n=Count("id"))
                .values_list("debate__year", "n")
            )
            exact = [by_year.get(year, 0) for year in sorted(year_totals(filterset))]
            # A year is right when its row holds its count; a table of other years is all wrong.
            right = sum(map(int.__eq__, shown.rows, exact)) if len(shown.rows) == len(exact) else 0
            return _out_of_20(right, len(exact)), _error(shown.total, sum(exact)), sum(exact)
        matches = filterset.qs
        if query.sorted:
            # The first page's lines are the first of every line sorted, computed again from the texts.
            total = _naive_occurrences(filterset)
            exact = _first_sorted_lines(filterset, query.params["order"])
            right = sum(map(tuple.__eq__, shown.lines, exact))
            return _out_of_20(right, len(exact)), _error(shown.total, total), total
        if query.concordance:
            # Every line of the first page shown, and the total every occurrence.
            total = _naive_occurrences(filterset)
            expected = min(concordance.PAGE_LINES, total)
            return (
                _out_of_20(min(len(shown.rows), expected), expected),
                _error(shown.total, total),
                total,
            )
        total = matches.count()
        # The page asked for, or the last one when there are fewer (as the paginator does).
        start = (min(query.page, max(1, math.ceil(total / PAGE_SIZE))) - 1) * PAGE_SIZE
        text = filterset.form.cleaned_data.get("q")
        if not text:
            exact = list(matches.order_by(*NEWEST).values_list("id", flat=True)[start : start + PAGE_SIZE])
            right = len(set(shown.rows) & set(exact))
            return _out_of_20(right, len(exact)), _error(shown.total, total), total
        # Tie-aware: a shown result belongs on the page if its exact score lies
        # between the exact scores of the page's first and last places.
        rank = SearchRank(F("search"), web_query(filterset.widened), normalization=Value(RANK_NORMALIZATION))
        scores = list(
            matches.annotate(rank=rank)
            .order_by("-rank", "id")
            .values_list("rank", flat=True)[: start + PAGE_SIZE]
        )
        page = scores[start:]
        if not page:
            return (0.0 if shown.rows else float(PAGE_SIZE)), _error(shown.total, total), total
        high = scores[start] if start else math.inf
        low = page[-1]
        mine = Statement.objects.filter(pk__in=shown.rows).annotate(rank=rank).values_list("rank", flat=True)
        right = sum(1 for score in mine if low <= score <= high)
        return _out_of_20(right, len(page)), _error(shown.total, total), total


def _first_sorted_lines(filterset: StatementFilter, order: str) -> list[tuple[str, str, str]]:
    """The first page of a concordance sorted by `order`: every line found in the matches'
    texts, the smallest by the words around the keyword (ties in the order of the text, as
    heapq.nsmallest keeps them)."""
    query = filterset.form.cleaned_data.get("q") or ""
    ordered = filterset.qs.order_by(*NEWEST)
    every = concordance.lines(ordered, {"ids": [], "all": False}, required_lexemes(query), query)
    first = heapq.nsmallest(concordance.PAGE_LINES, every, key=concordance.sort_key(order))
    return [(line.statement_url, line.keyword, line.right) for line in first]


def _naive_occurrences(filterset: StatementFilter) -> int:
    """How many occurrences of the query's lexemes the matches' texts hold, from vectors
    computed from the text on the fly: the concordance's exact total and its naive cost."""
    lexemes = required_lexemes(filterset.form.cleaned_data.get("q") or "")
    sql, params = filterset.qs.order_by().values("id").query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 0")
        cursor.execute(
            _NAIVE_OCCURRENCES.format(matches=sql), [SEARCH_CONFIG, SEARCH_CONFIG, *params, lexemes]
        )
        return int(cursor.fetchone()[0])


def _out_of_20(right: int, expected: int) -> float:
    """Right results as a score out of 20, when a page holds fewer than 20 (a rare word)."""
    return PAGE_SIZE * right / expected if expected else float(PAGE_SIZE)


def _error(shown: int, true: int) -> float:
    return abs(shown - true) / true if true else float(shown != 0)


def _bare_lookup(query: Query) -> QuerySet:
    """The floor: the page's match (the GIN index for words) and filters, LIMIT 20, unranked."""
    if query.debate_slug:
        debate = Debate.objects.get(slug=query.debate_slug)
        return Statement.objects.filter(debate=debate).values_list("id", flat=True)[:PAGE_SIZE]
    if query.resolution is not None:
        return Citation.objects.filter(resolution__number=query.resolution).values_list("id", flat=True)[
            :CITATIONS_PER_PAGE
        ]
    if query.path == VETOES:
        return _vetoes(query).qs.values_list("id", flat=True)
    start = (query.page - 1) * PAGE_SIZE
    return _filterset(query).qs.order_by().values_list("id", flat=True)[start : start + PAGE_SIZE]


def has_naive(query: Query) -> bool:
    """Whether the page has a naive form to compare with: a search for words reads every text on
    the fly; a resolution's citations and the vetoes are plain lookups with no naive form."""
    return query.resolution is None and query.path != VETOES


def _naive(query: Query) -> None:
    """The obvious implementation: the search vector computed from the text of every
    candidate row, then ranked, paged and counted (no facets, no snippets). At 170,000
    statements this reads and parses all the text: minutes, so it is run once a class."""
    if query.debate_slug:
        debate = Debate.objects.get(slug=query.debate_slug)
        list(debate.statements.select_related("delegation").order_by("speech_number"))
        return
    filterset = _filterset(query)
    if query.concordance:
        _naive_occurrences(filterset)
        return
    start = (query.page - 1) * PAGE_SIZE
    text = filterset.form.cleaned_data.get("q")
    if not text:
        matches = filterset.qs
        list(matches.order_by(*NEWEST)[start : start + PAGE_SIZE])
        matches.count()
        return
    vector = Statement._meta.get_field("search").expression
    search = web_query(filterset.widened)
    matches = filterset.filter_without({"q"}).annotate(vector=vector).filter(vector=search)
    if query.path == TRENDS:
        # Each year's matches and their occurrences, from vectors computed on the fly.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 0")
            list(matches.order_by().values("debate__year").annotate(n=Count("id")))
        _naive_occurrences(filterset)
        return
    rank = SearchRank(vector, search, normalization=Value(RANK_NORMALIZATION))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 0")
        # With PostgreSQL's own defaults (two parallel workers, JIT), not the archive's session
        # options, and the total counted in the same pass: the obvious implementation at its best.
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 2")
        cursor.execute("SET LOCAL jit = on")
        list(
            matches.annotate(rank=rank, total=Window(Count("pk")))
            .order_by("-rank", "id")
            .values_list("id", "total")[start : start + PAGE_SIZE]
        )
