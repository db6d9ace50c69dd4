"""Write parsed statements to the database: the one import path, used by the
import_statements command and (later) the admin.

Statements are upserted by their natural key, (debate symbol, speech number),
so a re-import changes nothing and every statement keeps its id and URL; a
changed file updates its statement in place. Parsing happens before any
write, so a refused file writes nothing. Writes go in batches for speed; if a
batch fails in the database, its statements are retried one by one, each in
its own transaction, so one bad statement cannot take others down with it.
"""

from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils.text import slugify

from speeches.delegation_registry import lookup as lookup_known_delegation
from speeches.models import Citation, Debate, Delegation, DelegationAlias, Document, Resolution, Statement
from speeches.parsing.normalize import folded_terms, name_key
from speeches.parsing.sources import BadInput, Entry, iter_collections
from speeches.parsing.speech import MeetingInfo, Options, ParsedStatement, Unplaceable, build_statement
from speeches.parsing.symbols import parse_filename
from speeches.parsing.tables import MeetingRow, SpeechRow, TableError, read_table, table_kind
from speeches.parsing.text import NotText, decode

BATCH_SIZE = 400

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
]
# Fields a source may leave empty without erasing what another source said:
# a cleaned file with the speaker turn removed must not forget the speaker.
KEEP_WHEN_EMPTY = {
    "speaker",
    "role",
    "delegation_id",
    "delegation_as_printed",
    "participant_type",
    "language",
}
DEBATE_FIELDS = ["date", "year", "topic", "agenda_region", "agenda_subitems", "outcome", "speech_format"]


@dataclass
class Refusal:
    source: str
    reason: str

    def __str__(self):
        return f"{self.source}: {self.reason}"


@dataclass
class ImportReport:
    files_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # files of other kinds (README.md, .csv) in a folder or archive
    refused: list[Refusal] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.refused

    def summary(self) -> str:
        prefix = "Dry run, nothing written: " if self.dry_run else ""
        text = (
            f"{prefix}{self.files_read} files read; statements: {self.created} created, "
            f"{self.updated} updated, {self.unchanged} unchanged; {len(self.refused)} refused"
        )
        if self.skipped:
            text += f"; {self.skipped} other files skipped"
        return text


class _DryRunRollback(Exception):
    pass


def import_paths(
    paths: Iterable[Path | str],
    *,
    options: Options | None = None,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import speech files, folders and archives; return what happened.

    `progress(done, total)` is called as statements are processed.
    """
    importer = Importer(options=options or Options(), dry_run=dry_run, progress=progress)
    if dry_run:
        # The same code path as a real import, rolled back at the end, so the
        # report says exactly what a real import would do.
        try:
            with transaction.atomic():
                importer.run([Path(p) for p in paths])
                raise _DryRunRollback
        except _DryRunRollback:
            pass
    else:
        importer.run([Path(p) for p in paths])
    return importer.report


class Importer:
    def __init__(self, *, options: Options, dry_run: bool, progress: Callable[[int, int], None] | None):
        self.options = options
        self.report = ImportReport(dry_run=dry_run)
        self.progress = progress
        self.done = 0
        self.total = 0
        self.debates: dict[str, Debate] = {}
        self.delegations: dict[str, Delegation] = {}
        self.pending: list[ParsedStatement] = []

    # Reading ------------------------------------------------------------

    def run(self, paths: list[Path]) -> None:
        # Outside a transaction, batches are written by a second thread on its
        # own connection while this one parses the next batch: PostgreSQL's
        # work (building search vectors) and Python's then use both cores.
        # Inside one (a dry run, a test), everything stays on this connection.
        self.writer = None if connection.in_atomic_block else ThreadPoolExecutor(max_workers=1)
        self.in_flight: Future | None = None
        try:
            for path, entries in iter_collections(paths):
                if isinstance(entries, BadInput):
                    self.report.refused.append(Refusal(str(path), str(entries).removeprefix(f"{path}: ")))
                    continue
                self._import_collection(entries)
            self._flush()
        finally:
            if self.writer:
                self._wait()
                self.writer.submit(lambda: connection.close()).result()
                self.writer.shutdown()

    def _import_collection(self, entries: list[Entry]) -> None:
        texts = [e for e in entries if e.kind == "text"]
        tables = [e for e in entries if e.kind == "table"]
        self.report.skipped += len(entries) - len(texts) - len(tables)
        speech_rows, meeting_rows, content_rows = self._read_tables(tables)
        self.total += len(texts) + len(content_rows)

        for entry in texts:
            self.report.files_read += 1
            filename = entry.path.name
            try:
                if entry.size == 0:
                    raise NotText("is empty")
                text = decode(entry.read())
                file_meta = parse_filename(filename)
                row = speech_rows.get(filename)
                parsed = build_statement(
                    text,
                    source=filename,
                    file_meta=file_meta,
                    row=row,
                    meeting_row=meeting_rows.get(
                        (file_meta.basename if file_meta else "") or (row.basename if row else "")
                    ),
                    options=self.options,
                )
            except (NotText, Unplaceable, BadInput) as exc:
                self._refuse(entry.name, str(exc))
                continue
            self._add(parsed)

        for row in content_rows:
            try:
                parsed = build_statement(
                    row.content or "",
                    source=row.filename,
                    file_meta=parse_filename(row.filename),
                    row=row,
                    meeting_row=meeting_rows.get(row.basename),
                    options=self.options,
                )
            except Unplaceable as exc:
                self._refuse(row.source, str(exc))
                continue
            self._add(parsed)

    def _read_tables(self, tables: list[Entry]):
        speech_rows: dict[str, SpeechRow] = {}
        meeting_rows: dict[str, MeetingRow] = {}
        content_rows: list[SpeechRow] = []
        for entry in tables:
            data = entry.read()
            try:
                if (
                    table_kind(
                        [h.strip().lower() for h in decode(data[:65536]).split("\n", 1)[0].split("\t")]
                    )
                    is None
                ):
                    self.report.skipped += 1  # some other .tsv
                    continue
            except NotText as exc:
                self._refuse(entry.name, str(exc))
                continue
            for row in read_table(data, entry.name):
                if isinstance(row, TableError):
                    self._refuse(row.source, str(row).removeprefix(f"{row.source}: "))
                elif isinstance(row, MeetingRow):
                    meeting_rows[row.basename] = row
                elif row.content is not None:
                    content_rows.append(row)
                else:
                    speech_rows[PurePosixPath(row.filename).name] = row
        return speech_rows, meeting_rows, content_rows

    def _refuse(self, source: str, reason: str) -> None:
        self.report.refused.append(Refusal(source, reason))
        self._tick()

    def _tick(self, n: int = 1) -> None:
        self.done += n
        if self.progress:
            self.progress(self.done, self.total)

    def _add(self, parsed: ParsedStatement) -> None:
        self.pending.append(parsed)
        if len(self.pending) >= BATCH_SIZE:
            self._flush()

    # Writing ------------------------------------------------------------

    def _flush(self) -> None:
        batch, self.pending = self.pending, []
        if not batch:
            return
        if self.writer is None:
            self._write_batch(batch)
        else:
            self._wait()
            self.in_flight = self.writer.submit(self._write_batch, batch)

    def _wait(self) -> None:
        if self.in_flight is not None:
            self.in_flight.result()  # re-raises what the writer raised
            self.in_flight = None

    def _write_batch(self, batch: list[ParsedStatement]) -> None:
        try:
            with transaction.atomic():
                self._write(batch)
        except (IntegrityError, DatabaseError):
            # Find the statement the database refuses; write the others.
            self.debates.clear()
            self.delegations.clear()
            for parsed in batch:
                try:
                    with transaction.atomic():
                        self._write([parsed])
                except (IntegrityError, DatabaseError) as exc:
                    self.debates.clear()
                    self.delegations.clear()
                    self._refuse(parsed.source, f"the database refused it: {exc}".strip())

    def _write(self, batch: list[ParsedStatement]) -> None:
        debates = {p.meeting.meeting.symbol: self._debate(p.meeting) for p in batch}
        # Two files may carry the same statement (a resumed import, or the
        # same speech in two folders): the later one wins.
        keyed: dict[tuple, ParsedStatement] = {}
        for parsed in batch:
            debate = debates[parsed.meeting.meeting.symbol]
            number = parsed.speech_number
            if number is None:
                number = self._number_for_unnumbered(debate, parsed)
            keyed[(debate.pk, number)] = parsed

        existing = {
            (s.debate_id, s.speech_number): s
            for s in Statement.objects.filter(
                debate_id__in={k[0] for k in keyed}, speech_number__in={k[1] for k in keyed}
            ).only("id", "debate", "speech_number", *[f.removesuffix("_id") for f in STATEMENT_FIELDS])
        }
        to_create, to_update, cited, unchanged = [], [], [], 0
        for (debate_id, number), parsed in keyed.items():
            values = self._statement_values(parsed)
            statement = existing.get((debate_id, number))
            if statement is None:
                statement = Statement(debate_id=debate_id, speech_number=number, **values)
                to_create.append(statement)
                cited.append((statement, parsed))
                continue
            changed = [
                name
                for name, value in values.items()
                if getattr(statement, name) != value and not (name in KEEP_WHEN_EMPTY and value in ("", None))
            ]
            if changed:
                for name in changed:
                    setattr(statement, name, values[name])
                to_update.append((statement, changed))
                if "checksum" in changed:
                    cited.append((statement, parsed))
            else:
                unchanged += 1
        Statement.objects.bulk_create(to_create)
        for statement, changed in to_update:
            statement.save(update_fields=changed)
        created_ids = {s.pk for s in to_create}
        self._write_citations(cited, replace={s.pk for s, _ in cited if s.pk not in created_ids})
        self.report.unchanged += unchanged
        self.report.created += len(to_create)
        self.report.updated += len(to_update)
        self._tick(len(batch))

    def _number_for_unnumbered(self, debate: Debate, parsed: ParsedStatement) -> int:
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

    def _statement_values(self, parsed: ParsedStatement) -> dict:
        delegation = self._delegation(parsed.delegation)
        return {
            "speaker": parsed.speaker[:200],
            "role": parsed.role[:200],
            "delegation_id": delegation.pk if delegation else None,
            "delegation_as_printed": parsed.delegation[:200],
            "participant_type": parsed.participant_type,
            "language": parsed.language[:40],
            "text": parsed.text,
            "word_count": parsed.word_count,
            "source_file": parsed.source[:255],
            "checksum": parsed.checksum,
            "folded_terms": folded_terms(parsed.text),
        }

    def _write_citations(self, cited: list[tuple[Statement, ParsedStatement]], replace: set[int]) -> None:
        if replace:
            Citation.objects.filter(statement_id__in=replace).delete()
            Statement.documents.through.objects.filter(statement_id__in=replace).delete()
        numbers = {c.number: c.year for _, p in cited for c in p.resolutions}
        symbols = {d for _, p in cited for d in p.documents}
        if numbers:
            Resolution.objects.bulk_create(
                [Resolution(number=n, year=y) for n, y in numbers.items()], ignore_conflicts=True
            )
        if symbols:
            Document.objects.bulk_create([Document(symbol=s) for s in symbols], ignore_conflicts=True)
        resolution_ids = dict(Resolution.objects.filter(number__in=numbers).values_list("number", "id"))
        document_ids = dict(Document.objects.filter(symbol__in=symbols).values_list("symbol", "id"))
        Citation.objects.bulk_create(
            [
                Citation(statement_id=s.pk, resolution_id=resolution_ids[c.number], sentence=c.sentence)
                for s, p in cited
                for c in p.resolutions
            ]
        )
        Statement.documents.through.objects.bulk_create(
            [
                Statement.documents.through(statement_id=s.pk, document_id=document_ids[d])
                for s, p in cited
                for d in p.documents
            ]
        )

    def _debate(self, info: MeetingInfo) -> Debate:
        symbol = info.meeting.symbol
        debate = self.debates.get(symbol)
        if debate is None:
            debate, _ = Debate.objects.get_or_create(
                symbol=symbol,
                defaults={
                    "slug": info.meeting.slug,
                    "meeting_number": info.meeting.meeting_number,
                    "resumption": info.meeting.resumption,
                },
            )
            self.debates[symbol] = debate
        changed = []
        for name in DEBATE_FIELDS:
            value = getattr(info, name)
            if value not in ("", None, []) and getattr(debate, name) != value:
                setattr(debate, name, value)
                changed.append(name)
        if changed:
            debate.save(update_fields=changed)
        return debate

    def _delegation(self, printed: str) -> Delegation | None:
        key = name_key(printed)
        if not key or key in {"na", "individual"}:
            return None
        if key in self.delegations:
            return self.delegations[key]
        delegation = (
            Delegation.objects.filter(aliases__key=key).first()
            or Delegation.objects.filter(slug=slugify(printed)[:200]).first()
        )
        if delegation is None:
            delegation = self._create_delegation(printed)
        self.delegations[key] = delegation
        return delegation

    def _create_delegation(self, printed: str) -> Delegation:
        known = lookup_known_delegation(printed)
        if known is None:
            # An unrecognised spelling: kept as its own delegation, which a
            # curator can merge into the right one.
            name, kind, iso3, spellings = printed.strip(), Delegation.Kind.OTHER, "", [printed.strip()]
        else:
            name, kind, iso3, spellings = (
                known.name,
                known.kind,
                known.iso3,
                [known.name, *known.aliases, printed],
            )
        delegation = Delegation.objects.filter(name=name).first()
        if delegation is None:
            delegation = Delegation.objects.create(name=name, slug=_unique_slug(name), kind=kind, iso3=iso3)
        DelegationAlias.objects.bulk_create(
            [
                DelegationAlias(delegation=delegation, name=s, key=name_key(s))
                for s in dict.fromkeys(spellings)
                if name_key(s)
            ],
            ignore_conflicts=True,
        )
        return delegation


def _unique_slug(name: str) -> str:
    base = slugify(name)[:190] or "delegation"
    slug, n = base, 1
    while Delegation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
