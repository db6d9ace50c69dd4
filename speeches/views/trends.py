import csv

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from speeches.search.export import Echo, not_a_search
from speeches.search.querystring import QueryString
from speeches.search.service import search_trend
from speeches.search.trends import MAX_QUERIES


def statement_trends(request: HttpRequest) -> HttpResponse:
    """How often a search's words are used, year by year (speeches.search.trends)."""
    filterset, trend = search_trend(params=request.GET)
    compare = [q for q in request.GET.getlist("compare") if q.strip()][: MAX_QUERIES - 1]
    kept = [
        (name, request.GET.getlist(name))
        for name in request.GET
        if name not in ("q", "compare", "page", "sort")
    ]
    query = request.GET.get("q", "")
    context = {
        "filterset": filterset,
        "form": filterset.form,
        "trend": trend,
        "query": query,
        "compare": [*compare, ""] if len(compare) < MAX_QUERIES - 1 else compare,
        "kept_params": kept,
        "search_url": reverse("statement-list") + QueryString(request.GET).with_changes(compare=None),
        "csv_url": reverse("statement-trends-csv") + QueryString(request.GET).with_changes(),
        "section": "statements",
    }
    return render(request, "speeches/statement_trends.html", context, status=200 if trend else 400)


def statement_trends_csv(request: HttpRequest) -> HttpResponse:
    filterset, trend = search_trend(params=request.GET)
    if trend is None:
        return not_a_search(filterset.form.errors)
    writer = csv.writer(Echo())
    lines = [
        writer.writerow(
            [
                "series",
                "year",
                "matching_statements",
                "statements",
                "per_1000_statements",
                "occurrences",
                "words",
                "per_100000_words",
            ]
        )
    ]
    for series in trend.series:
        for y in series.years:
            lines.append(
                writer.writerow(
                    [
                        series.label,
                        y.year,
                        y.matching,
                        y.statements,
                        f"{y.per_thousand:.3f}",
                        y.occurrences,
                        y.words,
                        f"{y.per_100k_words:.3f}",
                    ]
                )
            )
    response = HttpResponse("".join(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="unsc-trend.csv"'
    return response
