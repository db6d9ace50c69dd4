"""The register's yearly tables written: every meeting a Debate, its outcomes, its resolutions.

Register and statements are one archive. A meeting the archive holds statements of
is the same Debate (found by its symbol, or for a 2020-2021 meeting by
videoconference by any of its letters); the register fills its date and topic
only where the statements' sources gave none, and adds what only the register
says (press release, closed, the outcomes). Every Resolution the tables list is
created or brought up to date with its date, topic, meeting and tally.

Written in a few queries for the whole register (9,469 meetings, 1946-2022) in
one transaction: whole, or not at all. Importing the same pages again changes
nothing and says so.
"""

import dataclasses
from dataclasses import dataclass
from pathlib import PurePath

from django.db import transaction

from speeches.importing.report import RegisterWritten
from speeches.models import Debate, RegisterOutcome, Resolution, max_lengths
from speeches.parsing.register import RESOLUTION, Outcome, RegisterMeeting, RowProblem
from speeches.parsing.symbols import meeting_slug

_DEBATE_LIMITS = max_lengths(Debate)
_OUTCOME_LIMITS = max_lengths(RegisterOutcome)


@dataclass(frozen=True)
class Listed:
    """A meeting as the register lists it, with the page and row that do."""

    source: str
    meeting: RegisterMeeting

    @property
    def where(self) -> str:
        return f"{self.source}, row {self.meeting.row}"


@dataclass
class MeetingsWritten:
    meetings: RegisterWritten = dataclasses.field(default_factory=RegisterWritten)
    resolutions: RegisterWritten = dataclasses.field(default_factory=RegisterWritten)
    problems: list[RowProblem] = dataclasses.field(default_factory=list)
    debate_ids: list[int] = dataclasses.field(default_factory=list)


def merge(
    pages: list[tuple[str, list[RegisterMeeting]]],
) -> tuple[list[Listed], list[Listed], list[RowProblem]]:
    """The meetings of the pages, one per symbol; those the register gives no symbol or letter
    of; and the listings that disagree. The library lists a few meetings twice: one
    row per agenda item (S/PV.4194, S/PV.7348) or the same row again (S/PV.6576). The first
    listing is kept, with the outcomes and topics of the others that it does not have."""
    by_symbol: dict[str, Listed] = {}
    unnamed: list[Listed] = []
    problems: list[RowProblem] = []
    for source, meetings in pages:
        for meeting in meetings:
            listed = Listed(source, meeting)
            if not meeting.symbol:
                unnamed.append(listed)
                continue
            first = by_symbol.get(meeting.symbol)
            if first is None:
                by_symbol[meeting.symbol] = listed
                continue
            if meeting.date != first.meeting.date:
                problems.append(
                    RowProblem(
                        source,
                        meeting.row,
                        f"{meeting.symbol} is listed again with another date ({_day(meeting.date)}): "
                        f"kept {_day(first.meeting.date)} of {first.where}",
                    )
                )
            by_symbol[meeting.symbol] = Listed(first.source, _combined(first.meeting, meeting))
    return list(by_symbol.values()), unnamed, problems


def _day(date) -> str:
    return f"{date.day} {date:%B %Y}"


def _combined(first: RegisterMeeting, again: RegisterMeeting) -> RegisterMeeting:
    known = {(o.kind, o.document, o.as_printed) for o in first.outcomes}
    topics = [t for t in [again.topic, *again.other_topics] if t and t != first.topic]
    return dataclasses.replace(
        first,
        outcomes=[
            *first.outcomes,
            *(o for o in again.outcomes if (o.kind, o.document, o.as_printed) not in known),
        ],
        other_topics=list(dict.fromkeys([*first.other_topics, *topics])),
        letters=list(dict.fromkeys([*first.letters, *again.letters])),
        press_release=first.press_release or again.press_release,
    )


def write_meetings(pages: list[tuple[str, list[RegisterMeeting]]]) -> MeetingsWritten:
    listed, unnamed, problems = merge(pages)
    written = MeetingsWritten(problems=problems)
    for item in unnamed:
        resolutions = ", ".join(o.document for o in item.meeting.outcomes if o.kind == RESOLUTION)
        kept = f"; its resolution {resolutions} is kept with its date and topic" if resolutions else ""
        written.problems.append(
            RowProblem(
                item.source,
                item.meeting.row,
                f"no meeting record or letter: the meeting of {_day(item.meeting.date)} is not "
                f"imported{kept}",
            )
        )
    with transaction.atomic():
        debates, created, updated = _write_debates(listed)
        resolution_ids = _write_resolutions(listed, unnamed, debates, written)
        updated |= _write_outcomes(listed, debates, resolution_ids) - created
    written.debate_ids = [debates[item.meeting.symbol].pk for item in listed]
    written.meetings = RegisterWritten(
        created=len(created), updated=len(updated), unchanged=len(listed) - len(created) - len(updated)
    )
    return written


# Debates ----------------------------------------------------------------------------------

# What only the register says of a meeting: always the register's.
_REGISTER_FIELDS = ["in_register", "register_row", "press_release", "closed", "other_topics"]
# What the statements' sources may have said: the register fills it only where they did not.
_FILLED_FIELDS = ["date", "year", "topic"]


def _register_values(item: Listed) -> dict:
    meeting = item.meeting
    return {
        "in_register": True,
        # The page's own name, not where it was saved (an upload's folder changes each time).
        "register_row": f"{PurePath(item.source).name}, row {meeting.row}"[: _DEBATE_LIMITS["register_row"]],
        "press_release": meeting.press_release[: _DEBATE_LIMITS["press_release"]],
        "closed": meeting.closed,
        "other_topics": meeting.other_topics,
        "date": meeting.date,
        "year": meeting.date.year if meeting.date else None,
        "topic": meeting.topic,
    }


def _write_debates(listed: list[Listed]) -> tuple[dict[str, Debate], set[int], set[int]]:
    """The debate of each listed meeting, by the register's symbol; the ids of those created,
    and of those changed."""
    symbols = {item.meeting.symbol for item in listed}
    letters = {letter for item in listed for letter in item.meeting.letters}
    known = {d.symbol: d for d in Debate.objects.filter(symbol__in=symbols | letters)}
    debates: dict[str, Debate] = {}
    new: list[Debate] = []
    changed: dict[int, Debate] = {}
    fields: set[str] = set()
    for item in listed:
        meeting = item.meeting
        # A meeting by videoconference the corpus names by another of its letters.
        debate = known.get(meeting.symbol) or next(
            (known[letter] for letter in meeting.letters if letter in known), None
        )
        values = _register_values(item)
        if debate is None:
            debate = Debate(
                symbol=meeting.symbol,
                slug=meeting_slug(meeting.symbol),
                meeting_number=meeting.meeting_number,
                resumption=meeting.resumption,
                **values,
            )
            new.append(debate)
        else:
            update = [
                name
                for name in _REGISTER_FIELDS + _FILLED_FIELDS
                if getattr(debate, name) != values[name]
                and (name in _REGISTER_FIELDS or getattr(debate, name) in ("", None))
            ]
            if update:
                for name in update:
                    setattr(debate, name, values[name])
                changed[debate.pk] = debate
                fields.update(update)
        debates[meeting.symbol] = debate
    Debate.objects.bulk_create(new, batch_size=1000)
    if changed:
        Debate.objects.bulk_update(list(changed.values()), sorted(fields), batch_size=1000)
    return debates, {d.pk for d in new}, set(changed)


# Resolutions -------------------------------------------------------------------------------

_RESOLUTION_FIELDS = [
    "year",
    "date",
    "topic",
    "meeting_id",
    "in_favour",
    "against",
    "abstaining",
    "adopted_how",
]


def _tally_values(outcome: Outcome) -> dict:
    tally = outcome.tally
    if tally is None:
        return {"in_favour": None, "against": None, "abstaining": None, "adopted_how": ""}
    return {
        "in_favour": tally.in_favour,
        "against": tally.against,
        "abstaining": tally.abstaining,
        "adopted_how": tally.how,
    }


def _write_resolutions(
    listed: list[Listed], unnamed: list[Listed], debates: dict[str, Debate], written: MeetingsWritten
) -> dict[int, int]:
    """Every resolution the tables list, by number; returns their ids by number."""
    wanted: dict[int, dict] = {}
    where: dict[int, str] = {}
    for item in [*listed, *unnamed]:
        debate = debates.get(item.meeting.symbol)
        for outcome in item.meeting.outcomes:
            if outcome.kind != RESOLUTION or outcome.resolution is None:
                continue
            number, year = outcome.resolution
            if number in wanted:
                if where[number] != item.where:
                    written.problems.append(
                        RowProblem(
                            item.source,
                            item.meeting.row,
                            f"resolution {number} is listed again: kept the listing of {where[number]}",
                        )
                    )
                continue
            where[number] = item.where
            wanted[number] = {
                "year": year,
                "date": item.meeting.date,
                "topic": item.meeting.topic,
                "meeting_id": debate.pk if debate is not None else None,
                **_tally_values(outcome),
            }
    existing = {r.number: r for r in Resolution.objects.filter(number__in=wanted)}
    new, changed = [], []
    for number, values in wanted.items():
        resolution = existing.get(number)
        if resolution is None:
            new.append(Resolution(number=number, **values))
            continue
        update = [name for name in _RESOLUTION_FIELDS if getattr(resolution, name) != values[name]]
        if update:
            for name in update:
                setattr(resolution, name, values[name])
            changed.append(resolution)
        else:
            written.resolutions.unchanged += 1
    Resolution.objects.bulk_create(new, batch_size=1000)
    if changed:
        Resolution.objects.bulk_update(changed, _RESOLUTION_FIELDS, batch_size=1000)
    written.resolutions.created += len(new)
    written.resolutions.updated += len(changed)
    ids = {r.number: r.pk for r in [*existing.values(), *new]}
    return ids


# Outcomes ----------------------------------------------------------------------------------

_OUTCOME_FIELDS = [
    "number",
    "kind",
    "document",
    "resolution_id",
    "in_favour",
    "against",
    "abstaining",
    "adopted_how",
    "vetoed_by",
    "as_printed",
]


def _outcome_rows(meeting: RegisterMeeting, resolution_ids: dict[int, int]) -> list[tuple]:
    rows = []
    for number, outcome in enumerate(meeting.outcomes, start=1):
        tally = _tally_values(outcome)
        resolution_id = resolution_ids.get(outcome.resolution[0]) if outcome.resolution else None
        rows.append(
            (
                number,
                outcome.kind,
                outcome.document[: _OUTCOME_LIMITS["document"]],
                resolution_id,
                tally["in_favour"],
                tally["against"],
                tally["abstaining"],
                tally["adopted_how"],
                outcome.vetoed_by,
                outcome.as_printed,
            )
        )
    return rows


def _write_outcomes(
    listed: list[Listed], debates: dict[str, Debate], resolution_ids: dict[int, int]
) -> set[int]:
    """Each meeting's outcomes, replaced where they differ from what is stored; returns the
    ids of the debates whose outcomes were replaced."""
    stored: dict[int, list[tuple]] = {}
    ids = [debates[item.meeting.symbol].pk for item in listed]
    for row in (
        RegisterOutcome.objects.filter(debate_id__in=ids)
        .order_by("debate_id", "number")
        .values_list("debate_id", *_OUTCOME_FIELDS)
    ):
        stored.setdefault(row[0], []).append(tuple(row[1:]))
    replaced: list[int] = []
    new: list[RegisterOutcome] = []
    seen: set[int] = set()
    for item in listed:
        debate = debates[item.meeting.symbol]
        if debate.pk in seen:
            continue  # two listings found one debate by its letters: the first one's outcomes
        seen.add(debate.pk)
        rows = _outcome_rows(item.meeting, resolution_ids)
        if stored.get(debate.pk, []) == rows:
            continue
        replaced.append(debate.pk)
        new.extend(
            RegisterOutcome(debate=debate, **dict(zip(_OUTCOME_FIELDS, row, strict=True))) for row in rows
        )
    if replaced:
        RegisterOutcome.objects.filter(debate_id__in=replaced).delete()
    RegisterOutcome.objects.bulk_create(new, batch_size=2000)
    return set(replaced)
