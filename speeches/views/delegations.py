from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from speeches.models import Delegation
from speeches.page_cache import cached_page
from speeches.search.service import search_statements
from speeches.selectors import delegations_with_counts, filtered_delegations

KIND_TABS = [
    (Delegation.Kind.MEMBER_STATE, "Member States"),
    (Delegation.Kind.OBSERVER_STATE, "Observer States"),
    (Delegation.Kind.ORGANISATION, "Organisations"),
    (Delegation.Kind.UNITED_NATIONS, "United Nations"),
    (Delegation.Kind.OTHER, "Other"),
]


def delegation_list(request: HttpRequest) -> HttpResponse:
    filterset = filtered_delegations(params=request.GET)
    valid = filterset.is_valid()
    return render(
        request,
        "speeches/delegation_list.html",
        {
            "form": filterset.form,
            "delegations": delegations_with_counts(filterset.qs) if valid else [],
            "kinds": KIND_TABS,
            "section": "delegations",
        },
        status=200 if valid else 400,
    )


@cached_page
def delegation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    delegation = get_object_or_404(Delegation, slug=slug)
    search = search_statements(params=request.GET, scope=delegation)
    return render(
        request,
        "speeches/delegation_detail.html",
        {"delegation": delegation, "search": search, "section": "delegations"},
        status=200 if search.valid else 400,
    )
