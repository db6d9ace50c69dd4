from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from speeches.models import Resolution
from speeches.search.filters import ResolutionField
from speeches.selectors import citing_statements, resolutions_with_counts

RESOLUTIONS_PER_PAGE = 100
CITATIONS_PER_PAGE = 50


def resolution_list(request: HttpRequest) -> HttpResponse:
    """All cited resolutions; `?number=1325` goes straight to one."""
    field = ResolutionField(required=False)
    wanted, error = None, ""
    try:
        wanted = field.clean(request.GET.get("number", ""))
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if wanted is not None:
        resolution = Resolution.objects.filter(number=wanted.number).first()
        if resolution is not None:
            return redirect(resolution)
        error = f"No statement in the archive cites resolution {wanted.number}."
    page = Paginator(Resolution.objects.order_by("number"), RESOLUTIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    page.object_list = resolutions_with_counts(list(page.object_list))
    return render(
        request,
        "speeches/resolution_list.html",
        {"page": page, "number": request.GET.get("number", ""), "error": error, "section": "resolutions"},
        status=400 if error and wanted is None else 200,
    )


def resolution_detail(request: HttpRequest, number: int) -> HttpResponse:
    resolution = get_object_or_404(Resolution, number=number)
    page = Paginator(citing_statements(resolution=resolution), CITATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "speeches/resolution_detail.html",
        {"resolution": resolution, "page": page, "section": "resolutions"},
    )
