from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from speeches.selectors import home as home_page


def home(request: HttpRequest) -> HttpResponse:
    page = home_page()
    return render(
        request,
        "speeches/home.html",
        {
            "summary": page.summary,
            "recent_debates": page.recent_debates,
            "top_delegations": page.top_delegations,
            "top_resolutions": page.top_resolutions,
        },
    )
