"""Write parsed statements to the database: the one import path, used by the
import_statements command and the admin's uploads (both through speeches.import_queue).

Statements are upserted by their natural key, (debate symbol, speech number),
so a re-import changes nothing and every statement keeps its id and URL; a
changed file updates its statement in place. Parsing happens before any
write, so a refused file writes nothing. Writes go in batches for speed; if a
batch fails in the database, its statements are retried one by one, each in
its own transaction, so one bad statement cannot take others down with it.

Every file and table row is first entered in the import's plan (a temporary
SQLite file, speeches.import_plan), then parsed and written, by one process
or, for large imports, by worker processes that each take whole meetings: the
import's memory does not grow with its input.

A full verbatim record (recognised by its cover page, or every file with the
`records` option) is a whole meeting: its statements, members and decisions
are written in one transaction of their own. Once a debate has been read from
its record, the record's text is kept: speech files of the same meeting (the
corpus's OCR'd split of the same record, numbered the same way) change
nothing in it and add nothing to it.
"""

import io
import multiprocessing
import os
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.db import DatabaseError, IntegrityError, connection, connections, transaction
from django.utils.text import slugify

from speeches import record_import, search_cache, search_index
from speeches.citing import write_citations
from speeches.delegation_registry import lookup as lookup_known_delegation
from speeches.import_plan import Placement, Plan, PlannedJob
from speeches.models import Debate, Delegation, DelegationAlias, Statement
from speeches.parsing.normalize import folded_terms, name_key
from speeches.parsing.records import NotARecord, looks_like_record, parse_record, sniff_meeting
from speeches.parsing.sources import BadInput, Entry, iter_collections
from speeches.parsing.speech import (
    MeetingInfo,
    Options,
    ParsedRecord,
    ParsedStatement,
    Unplaceable,
    build_statement,
    record_statements,
)
from speeches.parsing.symbols import parse_filename
from speeches.parsing.tables import MeetingRow, SpeechRow, TableError, read_header, read_table, table_kind
from speeches.parsing.text import NotText, decode

BATCH_SIZE = 400
# Imports at least this large run in one worker process per core (see Importer._parallel).
PARALLEL_MIN_STATEMENTS = 5_000
WORKERS = min(2, os.cpu_count() or 1)
# Debates kept between batches; more are read again when a batch needs them.
MAX_KEPT_DEBATES = 2_000

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
class Unattributed:
    """A statement kept but flagged for review of who spoke: a record's speaker that could
    not be tied to a delegation, or a speech file whose text holds another speaker's turn."""

    source: str
    symbol: str
    speech_number: int
    speaker: str
    reason: str

    def __str__(self):
        return f"{self.source}: {self.symbol} speech {self.speech_number} ({self.speaker}): {self.reason}"


@dataclass
class ImportReport:
    files_read: int = 0
    records: int = 0  # full verbatim records among the files read
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # files of other kinds (README.md, .csv) in a folder or archive
    refused: list[Refusal] = field(default_factory=list)
    unattributed: list[Unattributed] = field(default_factory=list)
    dry_run: bool = False
    # Seconds each phase took, in order ("read and plan", "parse and write", ...).
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.refused

    def merge(self, other: "ImportReport") -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.records += other.records
        self.refused.extend(other.refused)
        self.unattributed.extend(other.unattributed)

    def summary(self) -> str:
        prefix = "Dry run, nothing written: " if self.dry_run else ""
        records = f" ({self.records} full meeting records)" if self.records else ""
        text = (
            f"{prefix}{self.files_read} files read{records}; statements: {self.created} created, "
            f"{self.updated} updated, {self.unchanged} unchanged; {len(self.refused)} refused"
        )
        if self.unattributed:
            text += f"; {len(self.unattributed)} to review (who spoke)"
        if self.skipped:
            text += f"; {self.skipped} other files skipped"
        return text

    def timing(self) -> str:
        """Where the time went: "read and plan 8.6s, parse and write 171.0s, ..."."""
        return ", ".join(f"{phase} {seconds:.1f}s" for phase, seconds in self.phases.items())


class _DryRunRollback(Exception):
    pass


def import_paths(
    paths: Iterable[Path | str],
    *,
    options: Options | None = None,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    import_job_id: int | None = None,
) -> ImportReport:
    """Import speech files, folders and archives; return what happened.

    `progress(done, total)` is called as statements are processed. Statements
    created or changed point to the ImportJob `import_job_id` (their last_import).
    """
    importer = Importer(
        options=options or Options(), dry_run=dry_run, progress=progress, import_job_id=import_job_id
    )
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
        with importer.timed("statistics and change log"):
            search_cache.after_import()
    return importer.report


class Importer:
    def __init__(
        self,
        *,
        options: Options,
        dry_run: bool,
        progress: Callable[[int, int], None] | None,
        import_job_id: int | None = None,
    ):
        self.options = options
        self.import_job_id = import_job_id
        self.report = ImportReport(dry_run=dry_run)
        self.progress = progress
        self.done = 0
        self.total = 0
        self.debates: dict[str, Debate] = {}
        self.delegations: dict[str, Delegation] = {}
        self.pending: list[ParsedStatement] = []
        self.shared_done = None

    # Reading ------------------------------------------------------------

    @contextmanager
    def timed(self, phase: str):
        """Record how long the block took as the report's `phase`."""
        started = time.monotonic()
        try:
            yield
        finally:
            self.report.phases[phase] = time.monotonic() - started

    def run(self, paths: list[Path]) -> None:
        with tempfile.TemporaryDirectory(prefix="unsc-import-") as folder:
            plan = Plan(Path(folder), parts=WORKERS)
            try:
                self._run(plan, paths)
            finally:
                plan.close()

    def _run(self, plan: Plan, paths: list[Path]) -> None:
        with self.timed("read and plan"):
            for collection, (path, entries) in enumerate(iter_collections(paths)):
                if isinstance(entries, BadInput):
                    self.report.refused.append(Refusal(str(path), str(entries).removeprefix(f"{path}: ")))
                    continue
                self._plan(plan, collection, entries)
            plan.finish()
            self.total = plan.count + len(self.report.refused)
            self.done = len(self.report.refused)
        parallel = self._parallel(plan)
        # A large import drops the search index and builds it once at the end.
        # One killed before the end leaves no index: whatever import comes next builds it.
        if parallel:
            deferred = search_index.defer_for(plan.count)
        else:
            deferred = not self.report.dry_run and not search_index.exists()
        try:
            with self.timed("parse and write"):
                if parallel:
                    self._run_in_workers(plan)
                else:
                    self._process(plan.jobs())
        finally:
            if deferred:
                with self.timed("search index built"):
                    search_index.rebuild()
                with self.timed("statistics"):
                    search_index.analyze()

    def _parallel(self, plan: Plan) -> bool:
        """Large imports of files on disk use one worker process per core.

        PostgreSQL's share of an import (building each search vector) is as
        large as Python's, so two processes, each parsing and writing its own
        meetings on its own connection, keep both cores busy. Inside a
        transaction (a dry run, a test) everything stays on one connection.
        """
        return (
            not connection.in_atomic_block
            and plan.count >= PARALLEL_MIN_STATEMENTS
            and WORKERS > 1
            and plan.on_disk
            and "fork" in multiprocessing.get_all_start_methods()
        )

    def _plan(self, plan: Plan, collection: int, entries: Iterable[Entry]) -> None:
        """Add a collection's speech files and table rows to the plan. A file whose
        name places it in a meeting is placed at once; others once the tables are read."""
        tables = []
        for position, entry in enumerate(entries):
            kind = entry.kind
            if kind == "table":
                tables.append(entry)
            elif kind == "text":
                self.report.files_read += 1
                sort = entry.inner if entry.on_disk else f"{position:012d}"
                file_meta = None if self.options.records else parse_filename(entry.filename)
                placement = (file_meta.basename, file_meta.meeting.symbol, False) if file_meta else None
                plan.add_file(collection, entry, sort, placement)
            else:
                self.report.skipped += 1
        if all(table.on_disk for table in tables):
            tables.sort(key=lambda table: table.inner)  # a folder is listed in no particular order
        self._read_tables(plan, collection, tables)
        plan.place_files(collection, self._place_file)

    def _place_file(self, filename: str, entry: Entry, row: SpeechRow | None) -> Placement:
        """Where a file goes that its name alone did not place. With no corpus name
        and no table row it may be a full record: its first lines say so, and name
        the meeting (which keeps the record in the same worker as the meeting's speech files)."""
        basename, key, record = self._placement(filename, row)
        if self.options.records or (row is None and parse_filename(filename) is None):
            try:
                head = _head(entry).decode("utf-8", errors="ignore")
            except (OSError, BadInput):
                return basename, key, record  # _parse reports it
            if self.options.records or looks_like_record(head):
                record = True
                meeting = sniff_meeting(head)
                if meeting is not None:
                    key = meeting.symbol
        return basename, key, record

    @staticmethod
    def _placement(filename: str, row: SpeechRow | None) -> Placement:
        file_meta = parse_filename(filename)
        basename = (file_meta.basename if file_meta else "") or (row.basename if row else "")
        key = file_meta.meeting.symbol if file_meta else basename or (row.spv if row else "")
        return basename, key, False

    def _parse(self, job: PlannedJob) -> ParsedStatement | ParsedRecord | Refusal:
        try:
            text = job.row.content or "" if job.entry is None else decode(job.entry.read())
            if job.entry is not None and (job.record or (job.row is None and looks_like_record(text))):
                return record_statements(parse_record(text), source=job.filename)
            return build_statement(
                text,
                source=job.filename,
                file_meta=parse_filename(job.filename),
                row=job.row,
                meeting_row=job.meeting_row,
                options=self.options,
            )
        except (NotText, NotARecord, Unplaceable, BadInput, OSError) as exc:
            return Refusal(job.source, str(exc))

    def _process(self, jobs: Iterable[PlannedJob]) -> None:
        for job in jobs:
            parsed = self._parse(job)
            if isinstance(parsed, Refusal):
                self.report.refused.append(parsed)
                self._tick()
                continue
            if isinstance(parsed, ParsedRecord):
                self._flush()  # a record is written on its own, whole or not at all
                self._write_record(parsed)
                continue
            self.pending.append(parsed)
            if len(self.pending) >= BATCH_SIZE:
                self._flush()
        self._flush()

    def _run_in_workers(self, plan: Plan) -> None:
        """Each worker takes whole meetings (the plan's part of each), so no two write the same debate."""
        context = multiprocessing.get_context("fork")
        self.shared_done = context.Value("l", 0)
        results = context.SimpleQueue()
        connections.close_all()  # each worker opens its own connection
        workers = [
            context.Process(target=self._work, args=(plan, part, results), daemon=True)
            for part in range(WORKERS)
        ]
        for worker in workers:
            worker.start()
        reports: list[ImportReport | str] = []
        while len(reports) < len(workers):
            while not results.empty():
                reports.append(results.get())
            if self.progress:
                self.progress(self.done + self.shared_done.value, self.total)
            if len(reports) < len(workers):
                if not any(worker.is_alive() for worker in workers) and results.empty():
                    raise RuntimeError("an import worker died without a report")
                time.sleep(0.2)
        for worker in workers:
            worker.join()
        for report in reports:
            if isinstance(report, str):
                raise RuntimeError(f"an import worker failed:\n{report}")
            self.report.merge(report)
        self.done += self.shared_done.value

    def _work(self, plan: Plan, part: int, results) -> None:
        try:
            self.report = ImportReport(dry_run=self.report.dry_run)
            with connection.cursor() as cursor:
                # Batches commit without waiting for the disk. A crash can lose
                # the last moment's batches, never leave one half-written, and
                # the same import run again writes them.
                cursor.execute("SET synchronous_commit = off")
            self._process(plan.jobs(part))
            results.put(self.report)
        except BaseException:
            results.put(traceback.format_exc())
        finally:
            connections.close_all()

    def _read_tables(self, plan: Plan, collection: int, tables: list[Entry]) -> None:
        """Add the tables' rows to the plan; rows holding the text are statements of their own."""
        for entry in tables:
            with entry.open() as stream:
                self._read_table(plan, collection, entry.name, stream)

    def _read_table(self, plan: Plan, collection: int, name: str, stream: BinaryIO) -> None:
        try:
            if table_kind(read_header(stream)) is None:
                self.report.skipped += 1  # some other .tsv
                return
        except NotText as exc:
            self.report.refused.append(Refusal(name, str(exc)))
            return
        speech_rows: list[SpeechRow] = []
        meeting_rows: list[MeetingRow] = []
        for row in read_table(stream, name):
            if isinstance(row, TableError):
                self.report.refused.append(Refusal(row.source, str(row).removeprefix(f"{row.source}: ")))
            elif isinstance(row, MeetingRow):
                meeting_rows.append(row)
            elif row.content is not None:
                plan.add_content_row(collection, row, self._placement(row.filename, row))
            else:
                speech_rows.append(row)
            if len(speech_rows) + len(meeting_rows) >= BATCH_SIZE:
                plan.add_rows(collection, speech_rows, meeting_rows)
                speech_rows, meeting_rows = [], []
        plan.add_rows(collection, speech_rows, meeting_rows)

    def _tick(self, n: int = 1) -> None:
        self.done += n
        if self.shared_done is not None:
            with self.shared_done.get_lock():
                self.shared_done.value += n
        elif self.progress:
            self.progress(self.done, self.total)

    # Writing ------------------------------------------------------------

    def _flush(self) -> None:
        batch, self.pending = self.pending, []
        if not batch:
            return
        # Delegations first, each committed on its own: workers share them,
        # and a delegation is never a half-written statement.
        for parsed in batch:
            self._delegation(parsed.delegation)
        try:
            with transaction.atomic():
                written = self._write(batch)
        except (IntegrityError, DatabaseError):
            # Find the statement the database refuses; write the others.
            self.debates.clear()
            for parsed in batch:
                try:
                    with transaction.atomic():
                        written = self._write([parsed])
                except (IntegrityError, DatabaseError) as exc:
                    self.debates.clear()
                    self.report.refused.append(
                        Refusal(parsed.source, f"the database refused it: {exc}".strip())
                    )
                else:
                    self._count(written)
                self._tick()
            return
        self._count(written)
        self._tick(len(batch))

    def _write_record(self, parsed: ParsedRecord) -> None:
        """A whole meeting in one transaction: statements, members, decisions."""
        record = parsed.record
        for name in (
            *(m.delegation for m in record.cover.members),
            *(s.delegation for s in parsed.statements),
            *(v.delegation for d in record.decisions for v in d.votes),
        ):
            self._delegation(name)
        symbol = parsed.meeting.meeting.symbol
        try:
            with transaction.atomic():
                written = self._write(parsed.statements, from_record=True)
                record_import.write_meeting(self.debates[symbol], parsed, self._delegation)
        except (IntegrityError, DatabaseError) as exc:
            self.debates.clear()
            self.report.refused.append(Refusal(parsed.source, f"the database refused it: {exc}".strip()))
        else:
            self._count(written)
            self.report.records += 1
            self.report.unattributed.extend(
                Unattributed(parsed.source, symbol, s.speech_number, s.speaker, s.attribution_note)
                for s in parsed.statements
                if s.attribution_note
            )
        self._tick()

    def _count(self, written: "_Written") -> None:
        self.report.created += written.created
        self.report.updated += written.updated
        self.report.unchanged += written.unchanged
        self.report.refused.extend(written.refused)
        self.report.unattributed.extend(written.flagged)

    def _write(self, batch: list[ParsedStatement], *, from_record: bool = False) -> "_Written":
        debates = self._debates([p.meeting for p in batch], from_record=from_record)
        # Two files may carry the same statement (a resumed import, or the
        # same speech in two folders): the later one wins.
        keyed: dict[tuple, tuple[Debate, ParsedStatement]] = {}
        for parsed in batch:
            debate = debates[parsed.meeting.meeting.symbol]
            number = parsed.speech_number
            if number is None:
                number = self._number_for_unnumbered(debate, parsed)
            keyed[(debate.pk, number)] = (debate, parsed)

        existing = {
            (s.debate_id, s.speech_number): s
            for s in Statement.objects.filter(
                debate_id__in={k[0] for k in keyed}, speech_number__in={k[1] for k in keyed}
            ).only("id", "debate", "speech_number", *[f.removesuffix("_id") for f in STATEMENT_FIELDS])
        }
        to_create, created, to_update, cited, unchanged, refused, flagged = [], [], [], [], 0, [], []
        for (debate_id, number), (debate, parsed) in keyed.items():
            statement = existing.get((debate_id, number))
            if debate.record_file and not from_record:
                # The record's text stands; the speech file is the same statement.
                if statement is None:
                    refused.append(
                        Refusal(
                            parsed.source,
                            f"{debate.symbol} was read from its full record ({debate.record_file}), "
                            f"which has no speech {number}; the file adds nothing to it",
                        )
                    )
                else:
                    unchanged += 1
                continue
            if parsed.attribution_note and not from_record:
                flagged.append(
                    Unattributed(
                        parsed.source, debate.symbol, number, parsed.speaker, parsed.attribution_note
                    )
                )
            values = self._statement_values(parsed)
            if statement is None:
                to_create.append((debate_id, number, self.import_job_id, values))
                created.append(parsed)
                continue
            changed = [
                name
                for name, value in values.items()
                if getattr(statement, name) != value and not (name in KEEP_WHEN_EMPTY and value in ("", None))
            ]
            if changed:
                for name in changed:
                    setattr(statement, name, values[name])
                statement.last_import_id = self.import_job_id
                to_update.append((statement, [*changed, "last_import_id"]))
                if "checksum" in changed:
                    cited.append((statement, parsed))
            else:
                unchanged += 1
        created_ids = copy_statements(to_create)
        for statement, changed in to_update:
            statement.save(update_fields=changed)
        write_citations(
            [(pk, p.resolutions, p.documents) for pk, p in zip(created_ids, created, strict=True)]
            + [(s.pk, p.resolutions, p.documents) for s, p in cited],
            replace={s.pk for s, _ in cited},
        )
        return _Written(len(to_create), len(to_update), unchanged, refused, flagged)

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
            "attribution_note": parsed.attribution_note[:300],
        }

    def _debates(self, infos: list[MeetingInfo], *, from_record: bool = False) -> dict[str, Debate]:
        """The debates of a batch, created or brought up to date in a few queries.

        A debate read from its full record keeps what the record says; other
        sources only fill in what it left empty."""
        merged: dict[str, dict] = {}
        for info in infos:
            values = merged.setdefault(info.meeting.symbol, {"meeting": info.meeting})
            for name in DEBATE_FIELDS:
                value = getattr(info, name)
                if value not in ("", None, []):
                    values[name] = value
        missing = [symbol for symbol in merged if symbol not in self.debates]
        if len(self.debates) > MAX_KEPT_DEBATES:
            self.debates.clear()  # a worker moves on through its meetings: keep memory flat
            missing = list(merged)
        if missing:
            self.debates.update((d.symbol, d) for d in Debate.objects.filter(symbol__in=missing))
            new = [
                Debate(
                    symbol=symbol,
                    slug=values["meeting"].slug,
                    meeting_number=values["meeting"].meeting_number,
                    resumption=values["meeting"].resumption,
                    **{k: v for k, v in values.items() if k != "meeting"},
                )
                for symbol, values in merged.items()
                if symbol not in self.debates
            ]
            Debate.objects.bulk_create(new)
            self.debates.update((d.symbol, d) for d in new)
        for symbol, values in merged.items():
            debate = self.debates[symbol]
            changed = [
                k
                for k, v in values.items()
                if k != "meeting"
                and getattr(debate, k) != v
                and (from_record or not debate.record_file or getattr(debate, k) in ("", None, []))
            ]
            if changed:
                for name in changed:
                    setattr(debate, name, values[name])
                debate.save(update_fields=changed)
        return {symbol: self.debates[symbol] for symbol in merged}

    def _delegation(self, printed: str) -> Delegation | None:
        if not self.delegations:
            # Every known spelling at once, rather than a query per spelling.
            for delegation in Delegation.objects.prefetch_related("aliases"):
                for alias in delegation.aliases.all():
                    self.delegations[alias.key] = delegation
        if printed in self.delegations:
            return self.delegations[printed]
        self.delegations[printed] = delegation = self._find_delegation(printed)
        return delegation

    def _find_delegation(self, printed: str) -> Delegation | None:
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
            try:
                with transaction.atomic():
                    delegation = Delegation.objects.create(
                        name=name, slug=_unique_slug(name), kind=kind, iso3=iso3
                    )
            except IntegrityError:  # another worker created it first
                delegation = Delegation.objects.get(name=name)
        DelegationAlias.objects.bulk_create(
            [
                DelegationAlias(delegation=delegation, name=s, key=name_key(s))
                for s in dict.fromkeys(spellings)
                if name_key(s)
            ],
            ignore_conflicts=True,
        )
        return delegation


@dataclass
class _Written:
    created: int
    updated: int
    unchanged: int
    refused: list[Refusal]
    flagged: list[Unattributed] = field(default_factory=list)  # speech files whose speaker needs review


def _head(entry: Entry, size: int = 4096) -> bytes:
    """A file's first bytes, to tell a record from a speech without reading it all."""
    with entry.open() as f:
        return f.read(size)


def _unique_slug(name: str) -> str:
    base = slugify(name)[:190] or "delegation"
    slug, n = base, 1
    while Delegation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


# The columns an import writes; the text ones may hold anything and are escaped.
_COPY_NUMBERS = ["debate_id", "speech_number", "last_import_id", "delegation_id", "word_count"]
_COPY_TEXTS = [f for f in STATEMENT_FIELDS if f not in _COPY_NUMBERS]


def _copy_text(value: str) -> str:
    """A value in COPY's text format: backslash, tab and line ends escaped.

    Most fields hold none of them, so testing first is cheaper; chained
    replace() is far faster than str.translate() with a dict."""
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value


def _copy_number(value: int | None) -> str:
    return "\\N" if value is None else str(int(value))


def copy_statements(new: list[tuple[int, int, int | None, dict]]) -> list[int]:
    """Insert new statements, each (debate id, speech number, import job id, field values),
    with COPY; return their ids, drawn from the table's sequence, in the same order.

    At import sizes this is several times cheaper than INSERT, on both sides:
    no SQL to build in Python (nor model instances), none to parse in PostgreSQL.
    """
    if not new:
        return []
    table = Statement._meta.db_table
    fields = ["id", *_COPY_NUMBERS, *_COPY_TEXTS]
    columns = [Statement._meta.get_field(f.removesuffix("_id")).column if f != "id" else "id" for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, len(new)]
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        rows = io.StringIO()
        for pk, (debate_id, number, import_job_id, values) in zip(ids, new, strict=True):
            numbers = (debate_id, number, import_job_id, values["delegation_id"], values["word_count"])
            rows.write(
                "\t".join(
                    [
                        str(pk),
                        *[_copy_number(n) for n in numbers],
                        *[_copy_text(values[f]) for f in _COPY_TEXTS],
                    ]
                )
            )
            rows.write("\n")
        rows.seek(0)
        cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", rows)
    return ids
