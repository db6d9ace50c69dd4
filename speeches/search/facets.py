"""A search's facets: how many of its statements each delegation made, and each year holds.

A facet counts the search without its own parameters (the delegation facet ignores
`delegation`, the year facet the dates), so that it shows where else to go; when
none of those is set, it counts the search's own matches, which the search's one
pass over them has already counted (speeches.search.service).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote_plus

from django.db import connections
from django.db.models import Count, QuerySet
from django.http import QueryDict

from speeches.search.answers import Answers
from speeches.search.chronology import chronology
from speeches.search.directory import DelegationList
from speeches.search.filters import StatementFilter
from speeches.search.querystring import QueryString, encode, filled

FACETS = ("delegation", "year")
# A facet's counts of the search's own matches, by facet name (speeches.search.service).
Counted = Callable[[str], list]


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


def narrowed_by(filterset: StatementFilter, facet: str) -> bool:
    """Whether the search has a parameter that the facet ignores (its counts are then of more)."""
    data = filterset.form.cleaned_data
    return any(data.get(name) for name in StatementFilter.FACET_DIMENSIONS[facet])


def facet_asked(asked: dict, facet: str) -> dict:
    """What a facet's counts depend on: the search without the facet's own parameters, nor its order."""
    ignored = StatementFilter.FACET_DIMENSIONS[facet]
    return {k: v for k, v in asked.items() if k not in ignored and k not in ("sort", "page")}


def delegation_rows(counts: dict, names: dict[int, tuple[str, str]]) -> list[list]:
    return sorted_delegation_counts([[*names.get(pk, (None, None)), n] for pk, n in counts.items()])


def facet_counts(answers: Answers, filterset: StatementFilter, asked: dict, name: str, count) -> list:
    """A facet's counts: over the search without the facet's own parameters, kept when broad."""
    ignored = StatementFilter.FACET_DIMENSIONS[name]
    queryset = filterset.filter_without(ignored)
    if not answers.is_broad(filterset, frozenset(ignored)):
        return count(queryset)
    return answers.get(f"{name}_facet", facet_asked(asked, name), lambda: count(queryset))


def delegation_counts(queryset: QuerySet) -> list[list]:
    """[slug, name, count] by delegation, most statements first; slug None for no delegation."""
    counts = queryset.order_by().values("delegation__slug", "delegation__name").annotate(count=Count("pk"))
    return sorted_delegation_counts(
        [[row["delegation__slug"], row["delegation__name"], row["count"]] for row in counts]
    )


def sorted_delegation_counts(counts: list[list]) -> list[list]:
    return sorted(counts, key=lambda row: (-row[2], row[1] is None, row[1] or ""))


def year_counts(queryset: QuerySet, generation: int | None = None) -> list[list]:
    """[year, count], latest first; year None for debates without one. Counted by debate,
    whose years are looked up rather than joined (speeches.search.chronology)."""
    # A few thousand (debate, count) rows, read as they come (not through the ORM's converters).
    grouped = queryset.order_by().values_list("debate_id").annotate(count=Count("pk"))
    sql, params = grouped.query.sql_with_params()
    with connections[grouped.db].cursor() as cursor:
        cursor.execute(sql, params)
        counts = cursor.fetchall()
    years = chronology(generation, debates=[debate for debate, _ in counts]).year_counts(counts)
    return sorted_year_counts([list(row) for row in years.items()])


def sorted_year_counts(counts: list[list]) -> list[list]:
    return sorted(counts, key=lambda row: (row[0] is None, -(row[0] or 0)))


def delegation_facet(
    counts: list[list], filterset: StatementFilter, params: QueryDict, delegations: DelegationList
) -> list[FacetValue]:
    selected = filterset.form.cleaned_data.get("delegation") or []
    # Each link is this page's query string with another list of delegations: built from
    # its fixed parts, not parameter by parameter (a few hundred links a page).
    layout = QueryString(params).layout("delegation")
    chosen = encode("delegation", selected)
    adding = f"{chosen}&delegation=" if chosen else "delegation="
    quoted = delegations.quoted
    facet, unattributed = [], []
    for slug, name, count in counts:
        if slug is None:
            unattributed.append(FacetValue("No delegation recorded", count))
        elif slug in selected:
            others = encode("delegation", [s for s in selected if s != slug])
            facet.append(FacetValue(name, count, filled(layout, [others]), True))
        else:
            part = adding + (quoted.get(slug) or quote_plus(slug))
            facet.append(FacetValue(name, count, filled(layout, [part])))
    # The unattributed count last: it has no link.
    return _with_shares(facet + unattributed)


def year_facet(counts: list[list], filterset: StatementFilter, params: QueryDict) -> list[FacetValue]:
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


def attach(search, *, counted: Counted, asked: dict, params: QueryDict, scope) -> None:
    """Set the search's delegation facet (not within one delegation's statements) and year facet."""
    filterset, answers = search.filterset, search.answers
    if scope is None:
        if narrowed_by(filterset, "delegation"):
            counts = facet_counts(answers, filterset, asked, "delegation", delegation_counts)
        else:
            counts = counted("delegation")
        search.delegation_facet = delegation_facet(counts, filterset, params, search.delegations)
    if narrowed_by(filterset, "year"):
        counts = facet_counts(
            answers, filterset, asked, "year", lambda queryset: year_counts(queryset, answers.generation)
        )
    else:
        counts = counted("year")
    search.year_facet = year_facet(counts, filterset, params)
