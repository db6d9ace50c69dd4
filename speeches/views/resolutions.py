from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from speeches.models import Resolution
from speeches.search.filters import ResolutionField
from speeches.selectors import CitingPages, resolution_years, resolutions_of_year

CITATIONS_PER_PAGE = 50
_YEAR = forms.IntegerField(min_value=1945, max_value=2100)


def resolution_list(request: HttpRequest) -> HttpResponse:
    """Every resolution, a year at a time (the latest by default), with how often each is
    cited; `?number=1325` goes straight to one."""
    errors: dict[str, str] = {}
    number = request.GET.get("number", "")
    try:
        wanted = ResolutionField(required=False).clean(number)
    except ValidationError as exc:
        wanted, errors["number"] = None, " ".join(exc.messages)
    if wanted is not None:
        resolution = Resolution.objects.filter(number=wanted.number).first()
        if resolution is not None:
            return redirect(resolution)
        errors["number"] = f"The archive has no resolution {wanted.number}."
    years = resolution_years()
    year = years[0][0] if years else None
    if request.GET.get("year"):
        try:
            year = _YEAR.clean(request.GET["year"])
        except ValidationError as exc:
            errors["year"] = f"Year: {' '.join(exc.messages)}"
    context = {
        "years": years,
        "year": year,
        "resolutions": resolutions_of_year(year) if year is not None and "year" not in errors else [],
        "number": number,
        "errors": errors,
        "section": "resolutions",
    }
    bad_input = "year" in errors or ("number" in errors and wanted is None)
    return render(request, "speeches/resolution_list.html", context, status=400 if bad_input else 200)


def resolution_detail(request: HttpRequest, number: int) -> HttpResponse:
    resolution = get_object_or_404(Resolution.objects.select_related("meeting"), number=number)
    page = Paginator(CitingPages(resolution), CITATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "speeches/resolution_detail.html",
        {"resolution": resolution, "page": page, "section": "resolutions"},
    )
