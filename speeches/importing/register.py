"""The Council's register written: the vetoes of the UN library's list (speeches.parsing.register).

Each veto is upserted by its natural key (its date, its draft as printed, and which of
the list's vetoes of that date and draft it is, in the list's order), so
importing the list again changes nothing, and a corrected page updates the rows
it corrects. The list is written in one transaction: whole, or not at all.
"""

from collections import Counter
from collections.abc import Callable

from django.db import transaction

from speeches.importing.report import RegisterWritten
from speeches.models import Delegation, Veto, max_lengths
from speeches.parsing.register import Veto as ParsedVeto

_LIMITS = max_lengths(Veto)


def write_vetoes(
    vetoes: list[ParsedVeto], delegation_for: Callable[[str], Delegation | None]
) -> RegisterWritten:
    written = RegisterWritten()
    with transaction.atomic():
        existing = {
            (v.date, v.draft_as_printed, v.ordinal): v for v in Veto.objects.prefetch_related("members")
        }
        seen: Counter = Counter()
        for parsed in vetoes:
            values = {
                "date_as_printed": parsed.date_as_printed[: _LIMITS["date_as_printed"]],
                "drafts": parsed.drafts,
                "meeting": parsed.meeting[: _LIMITS["meeting"]],
                "letters": parsed.letters,
                "agenda_item": parsed.agenda_item,
            }
            members = sorted({d.pk for name in parsed.members if (d := delegation_for(name)) is not None})
            draft = parsed.draft_as_printed[: _LIMITS["draft_as_printed"]]
            seen[(parsed.date, draft)] += 1
            key = (parsed.date, draft, seen[(parsed.date, draft)])
            veto = existing.get(key)
            if veto is None:
                veto = Veto.objects.create(date=key[0], draft_as_printed=key[1], ordinal=key[2], **values)
                veto.members.set(members)
                written.created += 1
                continue
            changed = [name for name, value in values.items() if getattr(veto, name) != value]
            same_members = sorted(m.pk for m in veto.members.all()) == members
            if not changed and same_members:
                written.unchanged += 1
                continue
            for name in changed:
                setattr(veto, name, values[name])
            if changed:
                veto.save(update_fields=changed)
            if not same_members:
                veto.members.set(members)
            written.updated += 1
    return written
