import csv

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse

from speeches.search.export import Echo, not_a_search
from speeches.search.querystring import QueryString
from speeches.search.service import search_concordance


def statement_concordance(request: HttpRequest) -> HttpResponse:
    """Every occurrence of a search's words, in context (speeches.search.concordance)."""
    found = search_concordance(params=request.GET)
    kept = [(name, request.GET.getlist(name)) for name in request.GET if name not in ("q", "order", "page")]
    context = {
        "concordance": found,
        "form": found.filterset.form,
        "kept_params": kept,
        "search_url": reverse("statement-list")
        + QueryString(request.GET).with_changes(order=None, page=None),
        "csv_url": reverse("statement-concordance-csv") + QueryString(request.GET).with_changes(page=None),
        "section": "statements",
    }
    return render(request, "speeches/statement_concordance.html", context, status=200 if found.valid else 400)


def statement_concordance_csv(request: HttpRequest) -> HttpResponse:
    found = search_concordance(params=request.GET, export=True)
    if not found.valid:
        return not_a_search(found.filterset.form.errors)
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
