from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from speeches.models import Debate, Delegation, Resolution, Statement


def home(request):
    debates = Debate.objects.annotate(statement_count=Count("statements")).order_by(
        "-date", "-meeting_number"
    )
    return render(
        request,
        "speeches/home.html",
        {
            "debates": debates[:50],
            "debate_count": Debate.objects.count(),
            "statement_count": Statement.objects.count(),
        },
    )


def debate_detail(request, slug):
    debate = get_object_or_404(Debate, slug=slug)
    statements = debate.statements.select_related("delegation").order_by("speech_number")
    return render(request, "speeches/debate_detail.html", {"debate": debate, "statements": statements})


def statement_detail(request, slug, speech_number):
    statement = get_object_or_404(
        Statement.objects.select_related("debate", "delegation"),
        debate__slug=slug,
        speech_number=speech_number,
    )
    return render(request, "speeches/statement_detail.html", {"statement": statement})


def delegation_detail(request, slug):
    delegation = get_object_or_404(Delegation, slug=slug)
    statements = delegation.statements.select_related("debate").order_by("-debate__date", "speech_number")[
        :100
    ]
    return render(
        request, "speeches/delegation_detail.html", {"delegation": delegation, "statements": statements}
    )


def resolution_detail(request, number):
    resolution = get_object_or_404(Resolution, number=number)
    citations = resolution.citations.select_related("statement__debate", "statement__delegation")
    return render(
        request, "speeches/resolution_detail.html", {"resolution": resolution, "citations": citations}
    )
