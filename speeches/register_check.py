"""Where a meeting's own record and the Council's register disagree on what it decided.

A full verbatim record gives the meeting's decisions as its President announced
them (Decision, with the votes by name); the register gives the library's
outcomes (RegisterOutcome). They are two readings of one meeting, made by
different people from different documents: where they differ (a resolution one
lists and the other does not, another tally, a draft failed or a presidential
statement only one of them has) a curator should look at the record. Computed
when asked, so that it is never stale whichever of the two was imported last.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Prefetch

from speeches.models import Debate, Decision, RegisterOutcome, Vote


@dataclass(frozen=True)
class Disagreement:
    debate: Debate
    about: str  # "S/RES/2334 (2016)", "draft S/2016/1026", "presidential statements"
    record: str  # what the record says
    register: str  # what the register says


def disagreements(*, debate_ids: list[int] | None = None) -> list[Disagreement]:
    """The disagreements of the meetings that have both a record's decisions and the register's
    outcomes (of `debate_ids` only, when given), by meeting, newest first."""
    debates = Debate.objects.filter(in_register=True, decisions__isnull=False).distinct()
    if debate_ids is not None:
        debates = debates.filter(pk__in=debate_ids)
    debates = debates.order_by("-date", "-meeting_number", "-resumption").prefetch_related(
        Prefetch(
            "decisions",
            queryset=Decision.objects.select_related("resolution").prefetch_related(
                Prefetch("votes", queryset=Vote.objects.select_related("delegation"))
            ),
        ),
        Prefetch("register_outcomes", queryset=RegisterOutcome.objects.select_related("resolution")),
    )
    found: list[Disagreement] = []
    for debate in debates:
        found.extend(_compare(debate, list(debate.decisions.all()), list(debate.register_outcomes.all())))
    return found


def _compare(
    debate: Debate, decisions: list[Decision], outcomes: list[RegisterOutcome]
) -> list[Disagreement]:
    found: list[Disagreement] = []

    def differ(about: str, record: str, register: str) -> None:
        found.append(Disagreement(debate, about, record, register))

    # Resolutions adopted, and their tallies where the record names the votes.
    recorded = {
        d.resolution.number: d
        for d in decisions
        if d.kind == Decision.Kind.RESOLUTION and d.adopted and d.resolution is not None
    }
    listed = {
        o.resolution.number: o for o in outcomes if o.kind == RegisterOutcome.Kind.RESOLUTION and o.resolution
    }
    for number in sorted(recorded.keys() | listed.keys()):
        decision, outcome = recorded.get(number), listed.get(number)
        symbol = (decision.resolution if decision else outcome.resolution).symbol
        if decision is None:
            differ(symbol, "no such decision", f"adopted {outcome.tally}".strip())
        elif outcome is None:
            differ(symbol, "adopted", "not listed")
        elif (tally := _record_tally(decision)) and outcome.in_favour is not None and tally != outcome.tally:
            differ(symbol, f"adopted {tally}", f"adopted {outcome.tally}")

    # Drafts that failed, vetoed or not.
    failed_record = {
        d.draft_symbol for d in decisions if d.kind == Decision.Kind.RESOLUTION and d.adopted is False
    }
    failed_register = {
        o.document
        for o in outcomes
        if o.kind in (RegisterOutcome.Kind.NOT_ADOPTED, RegisterOutcome.Kind.VETOED)
    }
    for draft in sorted(failed_record ^ failed_register):
        if draft in failed_record:
            differ(f"draft {draft or '(no symbol)'}", "not adopted", "not listed")
        else:
            differ(f"draft {draft or '(no symbol)'}", "no such vote", "not adopted")

    # Presidential statements: by symbol where the record gives them, else by number.
    by_record = [d.document_symbol for d in decisions if d.kind == Decision.Kind.PRESIDENTIAL_STATEMENT]
    by_register = [o.document for o in outcomes if o.kind == RegisterOutcome.Kind.PRESIDENTIAL_STATEMENT]
    named = all(by_record) and all(by_register)
    if (set(by_record) != set(by_register)) if named else (len(by_record) != len(by_register)):
        differ(
            "presidential statements",
            ", ".join(s or "unnumbered" for s in by_record) or "none",
            ", ".join(s or "unnumbered" for s in by_register) or "none",
        )
    return found


def _record_tally(decision: Decision) -> str:
    """ "14-0-1" from the record's votes by name; "" when the record names none."""
    counts = Counter(vote.position for vote in decision.votes.all())
    if not counts:
        return ""
    return f"{counts[Vote.Position.IN_FAVOUR]}-{counts[Vote.Position.AGAINST]}-{counts[Vote.Position.ABSTAINING]}"
