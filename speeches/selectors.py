"""Reads for the pages other than the statement search (see speeches.search.service)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404, QueryDict

from speeches.models import (
    Citation,
    Debate,
    DebateMember,
    Decision,
    Delegation,
    Resolution,
    Statement,
    Veto,
    Vote,
)
from speeches.search.answers import Answers
from speeches.search.filters import DebateFilter, DelegationFilter, VetoFilter

DEBATE_ORDER = [
    F("year").desc(nulls_last=True),
    F("date").desc(nulls_last=True),
    F("meeting_number").desc(nulls_last=True),
    F("resumption").desc(),
    F("pk").desc(),  # two letters of one day: a stable order for pages and the API
]


@dataclass(frozen=True)
class ArchiveSummary:
    statements: int
    debates: int
    delegations: int
    first_year: int | None
    last_year: int | None


@dataclass(frozen=True)
class Home:
    summary: ArchiveSummary
    recent_debates: list[Debate]
    top_delegations: list[Delegation]
    top_resolutions: list[Resolution]


HOME_DEBATES = 8
HOME_RANKED = 10


def home() -> Home:
    """What the home page shows: the archive's size, the latest debates, the delegations
    that speak most and the resolutions cited most.

    Counting them reads every statement and citation (about a second at 170,000
    statements with joins and GROUP BY; about 100 ms from the indexes as below), so
    they are computed once and kept until the archive changes, as broad searches are
    (speeches.search.answers): a request then reads them in two queries.
    """
    asked = {"debates": HOME_DEBATES, "ranked": HOME_RANKED}
    value = Answers().get("home", asked, _home_values)
    statements, debates, delegations, first_year, last_year = value["summary"]
    recent = []
    for pk, symbol, slug, date, year, topic, outcome, count in value["debates"]:
        debate = Debate(pk=pk, symbol=symbol, slug=slug, year=year, topic=topic, outcome=outcome)
        debate.date = dt.date.fromisoformat(date) if date else None
        debate.statement_count = count
        recent.append(debate)
    top_delegations = []
    for pk, name, slug, count in value["delegations"]:
        delegation = Delegation(pk=pk, name=name, slug=slug)
        delegation.statement_count = count
        top_delegations.append(delegation)
    top_resolutions = []
    for pk, number, year, count in value["resolutions"]:
        resolution = Resolution(pk=pk, number=number, year=year)
        resolution.statement_count = count
        top_resolutions.append(resolution)
    return Home(
        summary=ArchiveSummary(statements, debates, delegations, first_year, last_year),
        recent_debates=recent,
        top_delegations=top_delegations,
        top_resolutions=top_resolutions,
    )


def _home_values() -> dict:
    """Home()'s figures, as JSON. Counts are COUNT(*) by an indexed column, which PostgreSQL
    reads from the index alone (statement_delegation, citations by resolution)."""
    by_delegation, cited = statement_counts()
    debates = Debate.objects.filter(Exists(Statement.objects.filter(debate=OuterRef("pk")))).aggregate(
        debates=Count("pk"), first_year=Min("year"), last_year=Max("year")
    )
    speaking = [pk for pk in by_delegation if pk is not None]
    delegations = sorted(
        Delegation.objects.filter(pk__in=speaking).values_list("pk", "name", "slug"),
        key=lambda row: (-by_delegation[row[0]], row[1]),
    )[:HOME_RANKED]
    recent = list(
        Debate.objects.filter(Exists(Statement.objects.filter(debate=OuterRef("pk"))))
        .order_by(*DEBATE_ORDER)
        .values_list("pk", "symbol", "slug", "date", "year", "topic", "outcome")[:HOME_DEBATES]
    )
    spoken = _debate_counts([row[0] for row in recent])
    # Most cited first, then by number: resolutions cited nowhere too, when fewer are cited.
    resolutions = sorted(
        Resolution.objects.values_list("pk", "number", "year"),
        key=lambda row: (-cited.get(row[0], 0), row[1]),
    )[:HOME_RANKED]
    return {
        "summary": [
            sum(by_delegation.values()),
            debates["debates"],
            len(speaking),
            debates["first_year"],
            debates["last_year"],
        ],
        "debates": [
            [pk, symbol, slug, date.isoformat() if date else None, year, topic, outcome, spoken.get(pk, 0)]
            for pk, symbol, slug, date, year, topic, outcome in recent
        ],
        "delegations": [[pk, name, slug, by_delegation[pk]] for pk, name, slug in delegations],
        "resolutions": [[pk, number, year, cited.get(pk, 0)] for pk, number, year in resolutions],
    }


def _debate_counts(ids: list[int]) -> dict[int, int]:
    """Statements by debate, for these debates only: one GROUP BY over the natural key's index."""
    return dict(
        Statement.objects.filter(debate_id__in=ids)
        .order_by()
        .values("debate_id")
        .annotate(n=Count("*"))
        .values_list("debate_id", "n")
    )


def with_statement_counts(debates: list[Debate]) -> list[Debate]:
    """Set each debate's statement_count, counted for the page's debates only, not over
    every statement as an annotation before paginating."""
    counts = _debate_counts([d.pk for d in debates])
    for debate in debates:
        debate.statement_count = counts.get(debate.pk, 0)
    return debates


def _counts() -> dict:
    """Statements by delegation (None: those of no delegation) and by cited resolution, as
    JSON pairs."""
    by_delegation = (
        Statement.objects.order_by()
        .values("delegation_id")
        .annotate(n=Count("*"))
        .values_list("delegation_id", "n")
    )
    by_resolution = (
        Citation.objects.order_by()
        .values("resolution_id")
        .annotate(n=Count("*"))
        .values_list("resolution_id", "n")
    )
    return {"delegations": list(by_delegation), "resolutions": list(by_resolution)}


def statement_counts() -> tuple[dict[int | None, int], dict[int, int]]:
    """(statements by delegation id, None for those of no delegation; statements citing each
    resolution id).

    Counting reads every statement and citation (a quarter of a second at 170,000
    statements, from the indexes), so the counts are kept until the archive changes,
    as broad searches are (speeches.search.answers)."""
    value = Answers().get("counts", {}, _counts)
    return dict(value["delegations"]), dict(value["resolutions"])


def delegations_with_counts(delegations: QuerySet[Delegation]) -> list[Delegation]:
    """Those of `delegations` that have spoken, each with its statement_count."""
    by_delegation, _ = statement_counts()
    spoken = list(delegations.filter(pk__in=[pk for pk in by_delegation if pk is not None]))
    for delegation in spoken:
        delegation.statement_count = by_delegation[delegation.pk]
    return spoken


def resolutions_with_counts(resolutions: list[Resolution]) -> list[Resolution]:
    """Set each resolution's statement_count (the statements citing it)."""
    _, by_resolution = statement_counts()
    for resolution in resolutions:
        resolution.statement_count = by_resolution.get(resolution.pk, 0)
    return resolutions


def resolution_years() -> list[tuple[int, int]]:
    """(year, resolutions of the year), newest first."""
    return list(
        Resolution.objects.order_by("-year").values("year").annotate(n=Count("pk")).values_list("year", "n")
    )


def resolutions_of_year(year: int) -> list[Resolution]:
    """The year's resolutions by number, each with its meeting and its statement_count."""
    return resolutions_with_counts(
        list(Resolution.objects.filter(year=year).select_related("meeting").order_by("number"))
    )


def filtered_debates(*, params: QueryDict) -> DebateFilter:
    years = list(
        Debate.objects.exclude(year=None).order_by("-year").values_list("year", flat=True).distinct()
    )
    delegations = list(
        Delegation.objects.filter(Exists(Statement.objects.filter(delegation=OuterRef("pk"))))
        .order_by("name")
        .values_list("slug", "name")
    )
    return DebateFilter(
        params, queryset=Debate.objects.order_by(*DEBATE_ORDER), years=years, delegations=delegations
    )


@dataclass(frozen=True)
class YearCoverage:
    """How many of a year's meetings the archive holds statements of."""

    year: int | None
    held: int
    meetings: int

    @property
    def percent(self) -> int:
        return round(100 * self.held / self.meetings) if self.meetings else 0


def coverage() -> list[YearCoverage]:
    """Per year, newest first: the meetings the archive knows (the register's and any other
    it holds statements of) and how many of them it holds statements of. Kept until the
    archive changes (speeches.search.answers)."""
    rows = Answers().get("coverage", {}, _coverage_values)
    return [YearCoverage(*row) for row in rows]


def _coverage_values() -> list[list]:
    held = Exists(Statement.objects.filter(debate=OuterRef("pk")))
    counts = (
        Debate.objects.order_by()
        .values("year")
        .annotate(meetings=Count("pk"), held=Count("pk", filter=Q(held)))
        .values_list("year", "held", "meetings")
    )
    return sorted((list(row) for row in counts), key=lambda row: -(row[0] or 0))


def filtered_delegations(*, params: QueryDict) -> DelegationFilter:
    return DelegationFilter(params, queryset=Delegation.objects.order_by("name"))


def debate_statements(*, debate: Debate) -> QuerySet[Statement]:
    """The meeting's statements in order, with what its page shows (not their search vectors)."""
    return debate.statements.select_related("delegation").only(*DEBATE_PAGE_FIELDS).order_by("speech_number")


def meeting_record(*, debate: Debate) -> tuple[list[Decision], list[DebateMember]]:
    """What a debate read from its full record adds to its page: the decisions with
    their resolutions and votes, and the members, in three queries whatever their number;
    none for a debate that has no record."""
    if not debate.record_file:
        return [], []
    votes = Prefetch("votes", queryset=Vote.objects.select_related("delegation"))
    decisions = list(debate.decisions.select_related("resolution").prefetch_related(votes))
    return decisions, list(debate.members.select_related("delegation"))


DEBATE_PAGE_FIELDS = [
    "debate",
    "speech_number",
    "speaker",
    "role",
    "participant_type",
    "language",
    "text",
    "delegation",
    "delegation__name",
]


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


# What a citation's line shows of its statement: not the text nor its search vector.
_CITING_DEFERRED = ["statement__text", "statement__search", "statement__folded_terms", "statement__checksum"]
# A resolution cited more often than this has its order kept (the first CITING_KEPT citations).
CITING_SMALL = 1_000
CITING_KEPT = 1_000


def citing_statements(*, resolution: Resolution) -> QuerySet[Citation]:
    """The resolution's citations, newest meeting first: the exact order of its page."""
    return (
        resolution.citations.select_related("statement__debate", "statement__delegation")
        .defer(*_CITING_DEFERRED)
        .order_by(
            F("statement__debate__year").desc(nulls_last=True),
            F("statement__debate__date").desc(nulls_last=True),
            "statement__debate__meeting_number",
            "statement__speech_number",
            "pk",
        )
    )


class CitingPages:
    """A resolution's citations for a Paginator: counted, and sliced a page at a time.

    Ordering every citation of a much-cited resolution by its meeting's date joins each to its
    statement and debate (resolution 1325 at 170,000 statements: 44,000 of them, 140 ms), so for
    a resolution cited more than CITING_SMALL times the order of the first CITING_KEPT is kept
    until the archive changes (speeches.search.answers), as broad searches keep their ranking,
    and a page within them is read by id. Its total is kept with it: counting grows with the
    citations (1325 at 510,000 statements: 131,540 of them, 13 ms), and both are read in one
    query."""

    def __init__(self, resolution: Resolution):
        self.resolution = resolution
        self._count: int | None = None
        self._answers = Answers()
        self._asked = {"resolution": resolution.number}

    def count(self) -> int:
        if self._count is None:
            # Counted up to CITING_SMALL + 1: past it, the total is kept with the order.
            self._count = self.resolution.citations.all()[: CITING_SMALL + 1].count()
            if self._count > CITING_SMALL:
                self._answers.prefetch(("citing_total", self._asked), ("citing", self._asked))
                self._count = self._answers.get("citing_total", self._asked, self.resolution.citations.count)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, wanted: slice) -> list[Citation]:
        ordered = citing_statements(resolution=self.resolution)
        if self.count() <= CITING_SMALL or wanted.stop > CITING_KEPT:
            return list(ordered[wanted])
        ids = self._answers.get(
            "citing",
            self._asked,
            lambda: list(ordered.values_list("pk", flat=True)[:CITING_KEPT]),
        )[wanted]
        found = ordered.order_by().in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]


def filtered_vetoes(*, params: QueryDict) -> VetoFilter:
    return VetoFilter(params, queryset=Veto.objects.prefetch_related("members"))


@dataclass
class VetoRow:
    """A veto as /vetoes/ shows it: the debate of its meeting, when the archive holds its
    statements, and what each member who cast it said there."""

    veto: Veto
    debate: Debate | None
    said: list[tuple[Delegation, list[Statement]]]


def veto_rows(vetoes: list[Veto]) -> list[VetoRow]:
    """Each veto with its debate and the vetoing members' statements in it: two queries for
    the page, whatever the number of vetoes."""
    # A vote by written procedure (2020) is the debate named by one of its letters.
    named = {symbol for v in vetoes for symbol in [v.meeting, *v.letters] if symbol}
    debates = {d.symbol: d for d in Debate.objects.filter(symbol__in=named)}
    members = {m.pk for v in vetoes for m in v.members.all()}
    statements: dict[tuple[int, int], list[Statement]] = {}
    for statement in (
        Statement.objects.filter(debate__in=debates.values(), delegation_id__in=members)
        .only("debate", "speech_number", "speaker", "delegation")
        .order_by("speech_number")
    ):
        statements.setdefault((statement.debate_id, statement.delegation_id), []).append(statement)
    rows = []
    for veto in vetoes:
        debate = next((debates[s] for s in [veto.meeting, *veto.letters] if s in debates), None)
        said = [(m, statements.get((debate.pk, m.pk), [])) for m in veto.members.all()] if debate else []
        rows.append(VetoRow(veto, debate, said))
    return rows
