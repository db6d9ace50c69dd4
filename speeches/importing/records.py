"""The meeting-level part of a full verbatim record's import: the debate's
cover-page facts, its members, and what it decided.

Called by speeches.importing.writing inside the transaction that writes the record's
statements, so a record is written whole or not at all. Every row is upserted
by a natural key ((debate, delegation) for members, (debate, number) for
decisions, (decision, delegation) for votes), so importing the same record
again changes nothing.
"""

from collections.abc import Callable

from speeches.importing import resumptions
from speeches.models import Debate, DebateMember, Decision, Delegation, Resolution, Vote, max_lengths
from speeches.parsing.citations import cited_documents
from speeches.parsing.speech import ParsedRecord

DelegationFor = Callable[[str], Delegation | None]
_DEBATE = max_lengths(Debate)
_MEMBER = max_lengths(DebateMember)
_DECISION = max_lengths(Decision)


def write_meeting(debate: Debate, parsed: ParsedRecord, delegation_for: DelegationFor) -> None:
    record = parsed.record
    cover = record.cover
    president = delegation_for(cover.president_delegation)
    values = {
        "record_file": parsed.source[: _DEBATE["record_file"]],
        "agenda_documents": [s for item in cover.agenda for s in cited_documents(item)],
        "invitations": resumptions.stored(record.invitations),
        "president_name": cover.president[: _DEBATE["president_name"]],
        "president_delegation_id": president.pk if president else None,
        "called_to_order_at": record.times.called_to_order,
        "resumed_at": record.times.resumed,
        "suspended_at": record.times.suspended,
        "rose_at": record.times.rose,
    }
    changed = [name for name, value in values.items() if getattr(debate, name) != value]
    # The file's name alone is no change: the same record read as PDF and as text.
    if set(changed) - {"record_file"} or not debate.record_file:
        for name in changed:
            setattr(debate, name, values[name])
        debate.save(update_fields=changed)
    _write_members(debate, [(m.delegation, m.representative) for m in cover.members], delegation_for)
    _write_decisions(debate, record.decisions, delegation_for)


def _write_members(debate: Debate, members: list[tuple[str, str]], delegation_for: DelegationFor) -> None:
    wanted: dict[int, tuple[str, int]] = {}
    for order, (printed, representative) in enumerate(members):
        delegation = delegation_for(printed)
        if delegation is not None and delegation.pk not in wanted:
            wanted[delegation.pk] = (representative[: _MEMBER["representative"]], order)
    existing = {m.delegation_id: m for m in debate.members.all()}
    for delegation_id, (representative, order) in wanted.items():
        member = existing.pop(delegation_id, None)
        if member is None:
            DebateMember.objects.create(
                debate=debate, delegation_id=delegation_id, representative=representative, order=order
            )
        elif (member.representative, member.order) != (representative, order):
            member.representative, member.order = representative, order
            member.save(update_fields=["representative", "order"])
    if existing:
        DebateMember.objects.filter(pk__in=[m.pk for m in existing.values()]).delete()


def _write_decisions(debate: Debate, decisions: list, delegation_for: DelegationFor) -> None:
    numbers = {d.resolution for d in decisions if d.resolution}
    if numbers:
        Resolution.objects.bulk_create(
            [Resolution(number=n, year=y) for n, y in sorted(numbers)], ignore_conflicts=True
        )
    resolutions = dict(
        Resolution.objects.filter(number__in=[n for n, _ in numbers]).values_list("number", "pk")
    )
    existing = {d.number: d for d in debate.decisions.prefetch_related("votes")}
    for number, parsed in enumerate(decisions, start=1):
        values = {
            "kind": parsed.kind,
            "subject": parsed.subject[: _DECISION["subject"]],
            "draft_symbol": parsed.draft[: _DECISION["draft_symbol"]],
            "adopted": parsed.adopted,
            "resolution_id": resolutions.get(parsed.resolution[0]) if parsed.resolution else None,
            "document_symbol": parsed.document[: _DECISION["document_symbol"]],
            "result": parsed.result,
        }
        decision = existing.pop(number, None)
        if decision is None:
            decision = Decision.objects.create(debate=debate, number=number, **values)
            current = {}
        else:
            changed = [name for name, value in values.items() if getattr(decision, name) != value]
            if changed:
                for name in changed:
                    setattr(decision, name, values[name])
                decision.save(update_fields=changed)
            current = {v.delegation_id: v for v in decision.votes.all()}
        wanted = {}
        for vote in parsed.votes:
            delegation = delegation_for(vote.delegation)
            if delegation is not None:
                wanted.setdefault(delegation.pk, vote.position)
        for delegation_id, position in wanted.items():
            vote = current.pop(delegation_id, None)
            if vote is None:
                Vote.objects.create(decision=decision, delegation_id=delegation_id, position=position)
            elif vote.position != position:
                vote.position = position
                vote.save(update_fields=["position"])
        if current:
            Vote.objects.filter(pk__in=[v.pk for v in current.values()]).delete()
    if existing:
        Decision.objects.filter(pk__in=[d.pk for d in existing.values()]).delete()
