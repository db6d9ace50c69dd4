from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from speeches.selectors import filtered_vetoes, veto_rows


def veto_list(request: HttpRequest) -> HttpResponse:
    """Every veto since 1946, newest first: by permanent member, by decade."""
    filterset = filtered_vetoes(params=request.GET)
    valid = filterset.is_valid()
    rows = veto_rows(list(filterset.qs)) if valid else []
    return render(
        request,
        "speeches/veto_list.html",
        {"filterset": filterset, "form": filterset.form, "rows": rows, "valid": valid, "section": "vetoes"},
        status=200 if valid else 400,
    )
