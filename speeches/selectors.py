"""Reads for the pages other than the statement search (see speeches.search)."""

from dataclasses import dataclass

from django.db.models import Count, Exists, F, Max, Min, OuterRef, QuerySet
from django.http import Http404, QueryDict

from speeches.filters import DebateFilter, DelegationFilter
from speeches.models import Citation, Debate, Delegation, Resolution, Statement

DEBATE_ORDER = [
    F("year").desc(nulls_last=True),
    F("date").desc(nulls_last=True),
    F("meeting_number").desc(nulls_last=True),
    F("resumption").desc(),
]


@dataclass(frozen=True)
class ArchiveSummary:
    statements: int
    debates: int
    delegations: int
    first_year: int | None
    last_year: int | None


def archive_summary() -> ArchiveSummary:
    statements = Statement.objects.aggregate(
        statements=Count("pk"), delegations=Count("delegation", distinct=True)
    )
    debates = Debate.objects.filter(Exists(Statement.objects.filter(debate=OuterRef("pk")))).aggregate(
        debates=Count("pk"), first_year=Min("year"), last_year=Max("year")
    )
    return ArchiveSummary(**statements, **debates)


def debates_with_counts() -> QuerySet[Debate]:
    return Debate.objects.annotate(statement_count=Count("statements")).order_by(*DEBATE_ORDER)


def delegations_with_counts() -> QuerySet[Delegation]:
    return (
        Delegation.objects.annotate(statement_count=Count("statements"))
        .filter(statement_count__gt=0)
        .order_by("name")
    )


def top_delegations(*, limit: int) -> list[Delegation]:
    return list(delegations_with_counts().order_by("-statement_count", "name")[:limit])


def resolutions_with_counts() -> QuerySet[Resolution]:
    return Resolution.objects.annotate(statement_count=Count("citations")).order_by("number")


def most_cited_resolutions(*, limit: int) -> list[Resolution]:
    return list(resolutions_with_counts().order_by("-statement_count", "number")[:limit])


def filtered_debates(*, params: QueryDict) -> DebateFilter:
    years = list(
        Debate.objects.exclude(year=None).order_by("-year").values_list("year", flat=True).distinct()
    )
    delegations = list(
        Delegation.objects.filter(Exists(Statement.objects.filter(delegation=OuterRef("pk"))))
        .order_by("name")
        .values_list("slug", "name")
    )
    return DebateFilter(params, queryset=debates_with_counts(), years=years, delegations=delegations)


def filtered_delegations(*, params: QueryDict) -> DelegationFilter:
    return DelegationFilter(params, queryset=delegations_with_counts())


def debate_statements(*, debate: Debate) -> QuerySet[Statement]:
    return debate.statements.select_related("delegation").order_by("speech_number")


def statement_by_number(*, slug: str, speech_number: int) -> Statement:
    try:
        return Statement.objects.select_related("debate", "delegation").get(
            debate__slug=slug, speech_number=speech_number
        )
    except Statement.DoesNotExist:
        raise Http404("No such statement") from None


@dataclass(frozen=True)
class Neighbours:
    previous: Statement | None
    next: Statement | None


def neighbours(*, statement: Statement) -> Neighbours:
    """The statements before and after this one in its meeting (one query)."""
    siblings = Statement.objects.filter(debate_id=statement.debate_id).only(
        "speech_number", "speaker", "role", "delegation_as_printed", "debate_id"
    )
    before = siblings.filter(speech_number__lt=statement.speech_number).order_by("-speech_number")[:1]
    after = siblings.filter(speech_number__gt=statement.speech_number).order_by("speech_number")[:1]
    found = list(before.union(after, all=True))
    for sibling in found:
        sibling.debate = statement.debate  # for its URL, without a query
    return Neighbours(
        previous=next((s for s in found if s.speech_number < statement.speech_number), None),
        next=next((s for s in found if s.speech_number > statement.speech_number), None),
    )


def citations_of(*, statement: Statement) -> list[Citation]:
    return list(statement.citations.select_related("resolution").order_by("resolution__number"))


def citing_statements(*, resolution: Resolution) -> QuerySet[Citation]:
    return resolution.citations.select_related("statement__debate", "statement__delegation").order_by(
        F("statement__debate__year").desc(nulls_last=True),
        F("statement__debate__date").desc(nulls_last=True),
        "statement__debate__meeting_number",
        "statement__speech_number",
    )
