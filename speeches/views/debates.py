from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from speeches.models import Debate
from speeches.page_cache import cached_page
from speeches.selectors import (
    coverage,
    debate_statements,
    filtered_debates,
    meeting_record,
    with_statement_counts,
)

DEBATES_PER_PAGE = 50


def debate_list(request: HttpRequest) -> HttpResponse:
    filterset = filtered_debates(params=request.GET)
    valid = filterset.is_valid()
    page = Paginator(filterset.qs, DEBATES_PER_PAGE).get_page(request.GET.get("page")) if valid else None
    if page is not None:
        page.object_list = with_statement_counts(list(page.object_list))
    years = coverage()
    year = filterset.form.cleaned_data.get("year") if valid else None
    context = {
        "filterset": filterset,
        "form": filterset.form,
        "page": page,
        "coverage": years,
        "held": sum(y.held for y in years),
        "meetings": sum(y.meetings for y in years),
        "year_coverage": next((y for y in years if y.year == year), None) if year else None,
        "section": "debates",
    }
    return render(request, "speeches/debate_list.html", context, status=200 if valid else 400)


@cached_page
def debate_detail(request: HttpRequest, slug: str) -> HttpResponse:
    debate = get_object_or_404(Debate.objects.select_related("president_delegation"), slug=slug)
    decisions, members = meeting_record(debate=debate)
    context = {
        "outcomes": list(debate.register_outcomes.select_related("resolution")),
        "debate": debate,
        "statements": list(debate_statements(debate=debate)),
        "decisions": decisions,
        "members": members,
        "section": "debates",
    }
    return render(request, "speeches/debate_detail.html", context)
