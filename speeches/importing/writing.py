"""Writing parsed statements: a batch at a time, or a whole record at once.

Statements are upserted by their natural key, (debate symbol, speech number),
so a re-import changes nothing and every statement keeps its id and URL; a
changed file updates its statement in place. If a batch fails in the
database, its statements are retried one by one, each in its own
transaction, so one bad statement cannot take others down with it. A full
record is written in one transaction with its meeting-level facts
(speeches.importing.records): whole, or not at all.

Once a debate has been read from its record, the record's text is kept:
speech files of the same meeting (the corpus's OCR'd split of the same
record, numbered the same way) change nothing in it and add nothing to it.
"""

from django.db import DatabaseError, IntegrityError, transaction

from speeches.importing import records, resumptions
from speeches.importing.citations import write_citations
from speeches.importing.copy import NUMBERS, copy_statements
from speeches.importing.debates import Debates
from speeches.importing.delegations import Delegations
from speeches.importing.report import Refusal, Unattributed, Written
from speeches.models import Debate, Statement, max_lengths
from speeches.parsing.normalize import folded_terms
from speeches.parsing.speech import ParsedRecord, ParsedStatement

# Statement fields that an import sets; compared to tell "updated" from "unchanged".
STATEMENT_FIELDS = [
    "speaker",
    "role",
    "delegation_id",
    "delegation_as_printed",
    "participant_type",
    "language",
    "text",
    "folded_terms",
    "word_count",
    "source_file",
    "checksum",
    "attribution_note",
    "council_status",
]
TEXT_FIELDS = [f for f in STATEMENT_FIELDS if f not in NUMBERS]
# Fields a source may leave empty without erasing what another source said:
# a cleaned file with the speaker turn removed must not forget the speaker.
KEEP_WHEN_EMPTY = {
    "council_status",
    "speaker",
    "role",
    "delegation_id",
    "delegation_as_printed",
    "participant_type",
    "language",
}
# Fields that say where a statement was read, not what it says: the same record as
# PDF and as text, or the same speech in another folder, changes nothing.
PROVENANCE = {"source_file"}
_LIMITS = max_lengths(Statement)


def _refused_by_database(source: str, exc: Exception) -> Refusal:
    return Refusal(source, f"the database refused it: {exc}".strip())


class StatementWriter:
    def __init__(self, *, debates: Debates, delegations: Delegations, import_job_id: int | None):
        self.debates = debates
        self.delegations = delegations
        self.import_job_id = import_job_id

    def write_batch(self, batch: list[ParsedStatement]) -> Written:
        # Delegations first, each committed on its own: workers share them,
        # and a delegation is never a half-written statement.
        for parsed in batch:
            self.delegations(parsed.delegation)
        try:
            with transaction.atomic():
                return self._write(batch)
        except (IntegrityError, DatabaseError):
            self.debates.forget()
        # Find the statement the database refuses; write the others.
        total = Written()
        for parsed in batch:
            try:
                with transaction.atomic():
                    written = self._write([parsed])
            except (IntegrityError, DatabaseError) as exc:
                self.debates.forget()
                written = Written(refused=[_refused_by_database(parsed.source, exc)])
            total.add(written)
        return total

    def write_record(self, parsed: ParsedRecord) -> Written:
        """A whole meeting in one transaction: statements, members, decisions."""
        record = parsed.record
        for name in (
            *(m.delegation for m in record.cover.members),
            *(s.delegation for s in parsed.statements),
            *(v.delegation for d in record.decisions for v in d.votes),
        ):
            self.delegations(name)
        symbol = parsed.meeting.meeting.symbol
        try:
            with transaction.atomic():
                from_earlier = resumptions.attribute_from_earlier_parts(parsed)
                for statement in from_earlier:
                    self.delegations(statement.delegation)
                written = self._write(parsed.statements, from_record=True)
                debate = self.debates[symbol]
                records.write_meeting(debate, parsed, self.delegations)
                of_later = resumptions.attribute_later_parts(
                    debate, parsed.record.invitations, self.delegations
                )
        except (IntegrityError, DatabaseError) as exc:
            self.debates.forget()
            return Written(refused=[_refused_by_database(parsed.source, exc)])
        written.records = 1
        written.attributed = [*from_earlier, *of_later]
        written.flagged.extend(
            Unattributed(parsed.source, symbol, s.speech_number, s.speaker, s.attribution_note)
            for s in parsed.statements
            if s.attribution_note
        )
        return written

    def _write(self, batch: list[ParsedStatement], *, from_record: bool = False) -> Written:
        keyed = self._keyed(batch, from_record=from_record)
        existing = {
            (s.debate_id, s.speech_number): s
            for s in Statement.objects.filter(
                debate_id__in={k[0] for k in keyed}, speech_number__in={k[1] for k in keyed}
            ).only("id", "debate", "speech_number", *[f.removesuffix("_id") for f in STATEMENT_FIELDS])
        }
        written = Written()
        to_create, created, to_update, cited = [], [], [], []
        for (debate_id, number), (debate, parsed) in keyed.items():
            statement = existing.get((debate_id, number))
            if debate.record_file and not from_record:
                # The record's text stands; the speech file is the same statement.
                if statement is None:
                    written.refused.append(_not_in_record(parsed, debate, number))
                else:
                    written.unchanged += 1
                continue
            if parsed.attribution_note and not from_record:
                written.flagged.append(
                    Unattributed(
                        parsed.source, debate.symbol, number, parsed.speaker, parsed.attribution_note
                    )
                )
            values = self._values(parsed)
            if statement is None:
                to_create.append((debate_id, number, self.import_job_id, values))
                created.append(parsed)
            elif changed := self._changes(statement, values):
                to_update.append((statement, changed))
                if "checksum" in changed:
                    cited.append((statement, parsed))
            else:
                written.unchanged += 1
        created_ids = copy_statements(to_create, TEXT_FIELDS)
        for statement, changed in to_update:
            statement.save(update_fields=changed)
        write_citations(
            [(pk, p.resolutions, p.documents) for pk, p in zip(created_ids, created, strict=True)]
            + [(s.pk, p.resolutions, p.documents) for s, p in cited],
            replace={s.pk for s, _ in cited},
        )
        written.created, written.updated = len(to_create), len(to_update)
        return written

    def _keyed(self, batch: list[ParsedStatement], *, from_record: bool) -> dict:
        """The batch by natural key. Two files may carry the same statement (a resumed
        import, or the same speech in two folders): the later one wins."""
        debates = self.debates.of([p.meeting for p in batch], from_record=from_record)
        keyed: dict[tuple[int, int], tuple[Debate, ParsedStatement]] = {}
        for parsed in batch:
            debate = debates[parsed.meeting.meeting.symbol]
            number = parsed.speech_number
            if number is None:
                number = _number_for_unnumbered(debate, parsed)
            keyed[(debate.pk, number)] = (debate, parsed)
        return keyed

    def _changes(self, statement: Statement, values: dict) -> list[str]:
        """Set what changed on `statement`; return the fields to save (none when unchanged)."""
        changed = [
            name
            for name, value in values.items()
            if getattr(statement, name) != value and not (name in KEEP_WHEN_EMPTY and value in ("", None))
        ]
        if "delegation_id" not in changed and statement.delegation_id and statement.delegation_as_printed:
            # Another spelling of the same delegation ("United States", "United States Of America"
            # in two corpora): the one first read stands, so that importing both again changes nothing.
            changed = [name for name in changed if name != "delegation_as_printed"]
        if not set(changed) - PROVENANCE:
            return []
        for name in changed:
            setattr(statement, name, values[name])
        statement.last_import_id = self.import_job_id
        return [*changed, "last_import_id"]

    def _values(self, parsed: ParsedStatement) -> dict:
        delegation = self.delegations(parsed.delegation)
        return {
            "speaker": parsed.speaker[: _LIMITS["speaker"]],
            "role": parsed.role[: _LIMITS["role"]],
            "delegation_id": delegation.pk if delegation else None,
            "delegation_as_printed": parsed.delegation[: _LIMITS["delegation_as_printed"]],
            "participant_type": parsed.participant_type,
            "language": parsed.language[: _LIMITS["language"]],
            "text": parsed.text,
            "word_count": parsed.word_count,
            "source_file": parsed.source[: _LIMITS["source_file"]],
            "checksum": parsed.checksum,
            "folded_terms": folded_terms(parsed.text),
            "attribution_note": parsed.attribution_note[: _LIMITS["attribution_note"]],
            "council_status": parsed.council_status,
        }


def _not_in_record(parsed: ParsedStatement, debate: Debate, number: int) -> Refusal:
    return Refusal(
        parsed.source,
        f"{debate.symbol} was read from its full record ({debate.record_file}), "
        f"which has no speech {number}; the file adds nothing to it",
    )


def _number_for_unnumbered(debate: Debate, parsed: ParsedStatement) -> int:
    """A statement given with a meeting but no speech number: the same text
    already in that meeting keeps its number; new text goes last."""
    same = (
        Statement.objects.filter(debate=debate, checksum=parsed.checksum)
        .values_list("speech_number", flat=True)
        .first()
    )
    if same is not None:
        return same
    last = (
        Statement.objects.filter(debate=debate)
        .order_by("-speech_number")
        .values_list("speech_number", flat=True)
        .first()
    )
    return 1 if last is None else last + 1
