from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from speeches.selectors import archive_summary, debates_with_counts, most_cited_resolutions, top_delegations


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "speeches/home.html",
        {
            "summary": archive_summary(),
            "recent_debates": debates_with_counts()[:8],
            "top_delegations": top_delegations(limit=10),
            "top_resolutions": most_cited_resolutions(limit=10),
        },
    )
