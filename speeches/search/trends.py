"""How often, by year: a search's matches as rates, so that a year with more meetings does not
look like a trend.

For each year, two rates of each series:
- statements: matching statements per 1,000 statements of that year (within the same
  filters, and for a delegation's series, within that delegation's statements);
- words: occurrences of the query's words per 100,000 words of those statements. The
  occurrences are counted in the search vector's positions of the text (weight C), so
  they are the words as the search matches them (word endings folded: "women" counts
  "woman"); each word of a query of several words is counted.

A chart compares up to MAX_DELEGATIONS delegations (the search's `delegation` values) or
up to MAX_QUERIES queries (`q` and `compare`). Each series' figures are kept until the
archive changes (speeches.search.answers), as broad searches are.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, IntegerField, Sum
from django.db.models.expressions import RawSQL
from django.http import QueryDict

from speeches.search.answers import Answers, required_lexemes
from speeches.search.filters import StatementFilter
from speeches.search.kept import Kept
from speeches.search.query import quoted

MAX_DELEGATIONS = 5
MAX_QUERIES = 3

# The occurrences of some lexemes in a statement's text (the vector's weight C positions).
OCCURRENCES = (
    "(SELECT coalesce(sum(cardinality(array_positions(u.weights, 'C'))), 0) "
    'FROM unnest("speeches_statement"."search") u WHERE u.lexeme = ANY(%s))'
)


@dataclass
class Year:
    year: int
    matching: int  # statements that match
    statements: int  # statements of the year within the series' scope
    occurrences: int
    words: int

    @property
    def per_thousand(self) -> float:
        return 1000 * self.matching / self.statements if self.statements else 0.0

    @property
    def per_100k_words(self) -> float:
        return 100_000 * self.occurrences / self.words if self.words else 0.0


@dataclass
class Series:
    label: str
    years: list[Year] = field(default_factory=list)

    def by_year(self) -> dict[int, Year]:
        return {y.year: y for y in self.years}


@dataclass
class Trend:
    series: list[Series]
    years: list[int]  # every year any series has statements in, oldest first
    notice: str = ""


def series_params(filterset: StatementFilter, params: QueryDict) -> list[tuple[str, QueryDict]]:
    """The series a chart draws, each as the parameters of its own search: one per delegation
    asked for (several), or one per query (`q` and each `compare`), or the search alone."""
    data = filterset.form.cleaned_data
    delegations = data.get("delegation") or []
    names = (
        dict(filterset.filters["delegation"].extra.get("choices", []))
        if "delegation" in filterset.filters
        else {}
    )
    compare = [q for q in params.getlist("compare") if q.strip()][: MAX_QUERIES - 1]
    if len(delegations) > 1:
        result = []
        for slug in delegations[:MAX_DELEGATIONS]:
            one = params.copy()
            one.setlist("delegation", [slug])
            one.pop("compare", None)
            result.append((names.get(slug, slug), one))
        return result
    queries = [data.get("q") or "", *compare] if compare else [data.get("q") or ""]
    result = []
    for query in queries:
        one = params.copy()
        one["q"] = query
        one.pop("compare", None)
        result.append((quoted(query) if query else "All statements", one))
    return result


def trend(filterset: StatementFilter, params: QueryDict, *, scope=None) -> Trend:
    answers = Answers()
    series = []
    for label, one in series_params(filterset, params):
        # Each series is the search of its own parameters, validated by the same FilterSet.
        sub = filterset.again(one)
        if not sub.is_valid():
            continue
        asked = {"scope": scope.pk if scope else None, **sub.form.cleaned_data, "sort": ""}
        rows = answers.get("trend", asked, lambda sub=sub: _yearly(sub))
        series.append(Series(label, [Year(*row) for row in rows]))
    years = sorted({y.year for s in series for y in s.years})
    notice = ""
    if len(params.getlist("delegation")) > MAX_DELEGATIONS:
        notice = f"The chart compares the first {MAX_DELEGATIONS} delegations asked for."
    return Trend(series, years, notice)


def _yearly(filterset: StatementFilter) -> list[list[int]]:
    """[year, matching, statements, occurrences, words] for each year, oldest first."""
    query = filterset.form.cleaned_data.get("q") or ""
    totals = year_totals(filterset)
    if query:
        lexemes = required_lexemes(query)
        matched = (
            filterset.qs.exclude(debate__year=None)
            .order_by()
            .annotate(occurrences=RawSQL(OCCURRENCES, [lexemes], output_field=IntegerField()))  # noqa: S611 (fixed SQL; the lexemes are a parameter)
            .values("debate__year")
            .annotate(matching=Count("id"), found=Sum(F("occurrences")))
        )
        found = {row["debate__year"]: (row["matching"], int(row["found"] or 0)) for row in matched}
    else:
        found = totals
    return [
        [year, found.get(year, (0, 0))[0], statements, found.get(year, (0, 0))[1], words]
        for year, (statements, words) in sorted(totals.items())
    ]


def year_totals(filterset: StatementFilter) -> dict[int, tuple[int, int]]:
    """{year: (statements, words)} of the statements within the search's filters but its words:
    the rates' denominators."""
    rows = (
        filterset.filter_without({"q"})
        .exclude(debate__year=None)
        .order_by()
        .values("debate__year")
        .annotate(statements=Count("id"), words=Sum("word_count"))
        .values_list("debate__year", "statements", "words")
    )
    return {year: (statements, int(words or 0)) for year, statements, words in rows}


# Statements per year within a search's filters (but its words), by generation and filters.
_YEAR_TOTALS = Kept(size=64)


def facet_rates(filterset: StatementFilter, year_facet: list, answers: Answers, *, scope=None) -> Trend:
    """The search's matching statements per 1,000 statements of each year, from its year facet
    (the matches' count per year, already computed) and the year's statements within the same
    filters: the chart a results page shows. The totals are one GROUP BY, kept in this process
    for the search generation (speeches.search.kept): every search without filters shares them."""
    data = {k: v for k, v in filterset.form.cleaned_data.items() if k not in ("q", "sort") and v}
    key = (answers.generation, scope.pk if scope else None, repr(sorted(data.items())))

    of_year = _YEAR_TOTALS.get(key, lambda: year_totals(filterset))
    matching = {int(v.label): v.count for v in year_facet if v.label.isdigit()}
    query = filterset.form.cleaned_data.get("q") or ""
    years = [Year(year, matching.get(year, 0), n, 0, 0) for year, (n, _) in sorted(of_year.items())]
    return Trend([Series(quoted(query), years)], [y.year for y in years])
