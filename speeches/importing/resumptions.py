"""A resumed meeting is one meeting: its parts share what the President said at the start.

The President invites a meeting's briefers and guests in its first part
("I invite Mr. Robert Mardini, Director-General of the International Committee
of the Red Cross, to participate in this meeting"); a resumption (S/PV.8699
(Resumption 1)) continues the meeting, and its record often names those speakers
only as "Mr. Mardini:". Such a turn, which the record alone cannot attribute, is
attributed with the invitations of the meeting's earlier parts, whichever part
is imported first:

- a resumption written after its first part takes the first part's invitations
  (stored on the Debate) before its statements are written;
- a first part written after its resumptions attributes their flagged turns
  then, and the import report lists each.
"""

from speeches.importing.report import Attributed
from speeches.models import Debate, Statement
from speeches.parsing.attribution import Invitation, invited_for
from speeches.parsing.speech import ParsedRecord


def stored(invitations: list[Invitation]) -> list[dict]:
    return [{"name": i.name, "title": i.title} for i in invitations]


def _earlier_invitations(number: int, resumption: int) -> list[tuple[str, Invitation]]:
    parts = Debate.objects.filter(meeting_number=number, resumption__lt=resumption).order_by("resumption")
    return [
        (symbol, Invitation(i["name"], i["title"]))
        for symbol, invitations in parts.values_list("symbol", "invitations")
        for i in invitations
    ]


def attribute_from_earlier_parts(parsed: ParsedRecord) -> list[Attributed]:
    """Give a resumption's flagged turns the delegations its earlier parts invited them for."""
    meeting = parsed.meeting.meeting
    if not meeting.resumption or meeting.meeting_number is None:
        return []
    earlier = _earlier_invitations(meeting.meeting_number, meeting.resumption)
    attributed = []
    for statement in parsed.statements:
        if not statement.attribution_note or statement.role or statement.delegation:
            continue
        for symbol, invitation in earlier:
            if delegation := invited_for(statement.speaker, [invitation]):
                statement.delegation, statement.participant_type = delegation, "invited"
                statement.attribution_note = ""
                attributed.append(
                    Attributed(meeting.symbol, statement.speech_number, statement.speaker, delegation, symbol)
                )
                break
    return attributed


def attribute_later_parts(debate: Debate, invitations: list[Invitation], delegation_for) -> list[Attributed]:
    """Attribute the flagged turns of the resumptions already imported of `debate`'s meeting
    with its invitations; `delegation_for(name)` gives the Delegation of a printed name."""
    if debate.meeting_number is None or not invitations:
        return []
    flagged = (
        Statement.objects.filter(
            debate__meeting_number=debate.meeting_number,
            debate__resumption__gt=debate.resumption,
            delegation__isnull=True,
            role="",
        )
        .exclude(debate__record_file="")
        .exclude(attribution_note="")
        .select_related("debate")
        .order_by("debate__resumption", "speech_number")
    )
    attributed = []
    for statement in flagged:
        printed = invited_for(statement.speaker, invitations)
        delegation = delegation_for(printed) if printed else None
        if delegation is None:
            continue
        statement.delegation, statement.delegation_as_printed = delegation, printed
        statement.participant_type, statement.attribution_note = "invited", ""
        statement.save(
            update_fields=["delegation", "delegation_as_printed", "participant_type", "attribution_note"]
        )
        attributed.append(
            Attributed(
                statement.debate.symbol, statement.speech_number, statement.speaker, printed, debate.symbol
            )
        )
    return attributed
