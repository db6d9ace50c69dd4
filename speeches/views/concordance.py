import csv

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse

from speeches.search.export import Echo, not_a_search
from speeches.search.querystring import QueryString
from speeches.search.service import search_concordance

# How often a page waiting for its lines to be sorted reloads itself, and when the CSV says to ask again.
RETRY_SECONDS = 10


def statement_concordance(request: HttpRequest) -> HttpResponse:
    """Every occurrence of a search's words, in context (speeches.search.concordance)."""
    found = search_concordance(params=request.GET)
    kept = [(name, request.GET.getlist(name)) for name in request.GET if name not in ("q", "order", "page")]
    # While the worker sorts the lines, the page and its CSV are of the lines as spoken.
    shown = {"order": "text"} if found.sorting else {}
    context = {
        "concordance": found,
        "form": found.filterset.form,
        "kept_params": kept,
        "search_url": reverse("statement-list")
        + QueryString(request.GET).with_changes(order=None, page=None),
        "csv_url": reverse("statement-concordance-csv")
        + QueryString(request.GET).with_changes(page=None, **shown),
        "section": "statements",
        "reload_seconds": RETRY_SECONDS
        if found.sorting and not (found.sorting.failed or found.sorting.busy)
        else None,
    }
    return render(request, "speeches/statement_concordance.html", context, status=200 if found.valid else 400)


def not_sorted_yet(sorting) -> HttpResponse:
    """The CSV of lines the worker has not sorted yet: when to ask again, or that it failed."""
    if sorting.failed:
        return HttpResponse(
            "These lines could not be sorted by their context; the lines as spoken are at order=text.\n",
            content_type="text/plain; charset=utf-8",
            status=409,
        )
    if sorting.busy:
        message, retry = (
            "Too many concordances wait to be sorted to take this one; ask again in a few minutes.",
            300,
        )
    else:
        message, retry = (
            "These lines are being sorted by their context; ask again in a minute.",
            RETRY_SECONDS,
        )
    response = HttpResponse(message + "\n", content_type="text/plain; charset=utf-8", status=503)
    response["Retry-After"] = str(retry)
    return response


def statement_concordance_csv(request: HttpRequest) -> HttpResponse:
    found = search_concordance(params=request.GET, export=True)
    if not found.valid:
        return not_a_search(found.filterset.form.errors)
    if found.sorting:
        return not_sorted_yet(found.sorting)
    site = f"{request.scheme}://{request.get_host()}"
    writer = csv.writer(Echo())

    def rows():
        yield writer.writerow(["meeting", "date", "speaker", "delegation", "left", "keyword", "right", "url"])
        for line in found.page.object_list if found.page else []:
            yield writer.writerow(
                [
                    line.meeting,
                    line.date,
                    line.speaker,
                    line.delegation,
                    line.left,
                    line.keyword,
                    line.right,
                    site + line.statement_url,
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="unsc-concordance.csv"'
    return response
