"""An import's plan: each statement to parse, and the table rows that describe it.

The plan lives in a temporary SQLite file, not in memory. A corpus has a file
and a table row for every speech, and an import's memory must not grow with
its input: held in memory, the plan cost 1.3 kB a statement (284 MB at 170,000
statements). Worker processes read their share of the jobs from the same file.

Jobs keep the order the importer has always taken them in: within each
collection, its speech files by their path inside it (archives in archive
order), then the table rows that hold the text itself.
"""

import pickle
import sqlite3
import zlib
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from speeches.parsing.sources import Entry
from speeches.parsing.tables import MeetingRow, SpeechRow

_SCHEMA = """
CREATE TABLE speech_row (collection INTEGER, filename TEXT, row BLOB, PRIMARY KEY (collection, filename));
CREATE TABLE meeting_row (collection INTEGER, basename TEXT, row BLOB, PRIMARY KEY (collection, basename));
CREATE TABLE job (
    collection INTEGER NOT NULL,
    from_table INTEGER NOT NULL,  -- 0: a speech file; 1: a table row holding the text
    sort TEXT NOT NULL,
    source TEXT NOT NULL,
    filename TEXT NOT NULL,
    path TEXT,          -- a file on disk,
    member INTEGER,     -- or an archive member, by its place in Plan.members,
    content BLOB,       -- or the table row that holds the text
    basename TEXT,      -- its key in the collection's meeting table
    meeting_key TEXT,   -- which meeting it belongs to, as far as its name or row says
    part INTEGER,       -- which worker takes it
    record INTEGER NOT NULL DEFAULT 0
);
-- place_files() finds a collection's unplaced files without reading the others.
CREATE INDEX job_unplaced ON job (collection) WHERE meeting_key IS NULL;
"""
_INSERT = (
    "INSERT INTO job (collection, from_table, sort, source, filename, path, member, content, basename, "
    "meeting_key, part, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_CHUNK = 2_000

# (basename, meeting key, record) of a job, decided from its name, table row and first lines.
Placement = tuple[str, str, bool]


@dataclass(slots=True)
class PlannedJob:
    """One statement to parse: a speech file, or a table row holding the text."""

    source: str  # shown in messages
    filename: str
    entry: Entry | None
    row: SpeechRow | None
    meeting_row: MeetingRow | None
    meeting_key: str
    record: bool  # a full verbatim record (by its first lines, or as the curator said)


class Plan:
    def __init__(self, folder: Path, *, parts: int):
        self.path = folder / "plan.sqlite"
        self.parts = parts
        self.db = sqlite3.connect(self.path)
        # A scratch file: nothing to recover after a crash, so no journal and no syncs.
        self.db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + _SCHEMA)
        # Archive members are read through their open archive, which stays in this
        # process; an archive's listing is bounded by sources.MAX_ARCHIVE_ENTRIES.
        self.members: list[Entry] = []
        self.count = 0
        self.on_disk = True
        self._pending: list[tuple] = []
        self._unplaced = 0

    def close(self) -> None:
        self.db.close()

    # Writing, in the importer's own process ------------------------------

    def add_file(self, collection: int, entry: Entry, sort: str, placement: Placement | None) -> None:
        """A speech file. Without a placement, place_files() places it once the tables are read."""
        if entry.on_disk:
            path, member = entry.name, None
        else:
            path, member = None, len(self.members)
            self.members.append(entry)
            self.on_disk = False
        self._add((collection, 0, sort, entry.name, entry.filename, path, member, None), placement)

    def add_content_row(self, collection: int, row: SpeechRow, placement: Placement) -> None:
        """A table row that holds the text; such rows keep their order, after the collection's files."""
        sort = f"{self.count:012d}"
        self._add((collection, 1, sort, row.source, row.filename, None, None, _dumps(row)), placement)

    def _add(self, values: tuple, placement: Placement | None) -> None:
        if placement is None:
            self._pending.append((*values, None, None, None, False))
            self._unplaced += 1
        else:
            basename, key, record = placement
            self._pending.append((*values, basename, key, self._part(key), record))
        self.count += 1
        if len(self._pending) >= _CHUNK:
            self._write_pending()

    def _part(self, key: str) -> int:
        """The worker a meeting goes to. A meeting's resumptions go with it: a resumption's
        speakers are attributed with its first part's invitations (speeches.importing.resumptions)."""
        meeting = key.split(" (Resumption", 1)[0]
        return zlib.crc32(meeting.encode()) % self.parts

    def _write_pending(self) -> None:
        self.db.executemany(_INSERT, self._pending)
        self._pending = []

    def add_rows(self, collection: int, speech_rows: list[SpeechRow], meeting_rows: list[MeetingRow]) -> None:
        """Table rows; a later row for the same file or meeting replaces an earlier one."""
        self.db.executemany(
            "INSERT OR REPLACE INTO speech_row VALUES (?, ?, ?)",
            ((collection, row.filename.rpartition("/")[2], _dumps(row)) for row in speech_rows),
        )
        self.db.executemany(
            "INSERT OR REPLACE INTO meeting_row VALUES (?, ?, ?)",
            ((collection, row.basename, _dumps(row)) for row in meeting_rows),
        )

    def place_files(
        self, collection: int, place: Callable[[str, Entry, SpeechRow | None], Placement]
    ) -> None:
        """Place the collection's files added without a placement: `place(filename, entry, row)`."""
        if not self._unplaced:
            return
        self._unplaced = 0
        self._write_pending()
        # A batch at a time, each query finished before its updates take the rows out of the index.
        last = 0
        while rows := self.db.execute(
            "SELECT j.rowid, j.filename, j.path, j.member, s.row FROM job j "
            "LEFT JOIN speech_row s ON s.collection = j.collection AND s.filename = j.filename "
            "WHERE j.collection = ? AND j.meeting_key IS NULL AND j.rowid > ? ORDER BY j.rowid LIMIT ?",
            [collection, last, _CHUNK],
        ).fetchall():
            last = rows[-1][0]
            placed = []
            for rowid, filename, path, member, row in rows:
                entry = self._entry(path, member, filename)
                basename, key, record = place(filename, entry, _loads(row))
                placed.append((basename, key, self._part(key), record, rowid))
            self.db.executemany(
                "UPDATE job SET basename = ?, meeting_key = ?, part = ?, record = ? WHERE rowid = ?", placed
            )

    def finish(self) -> None:
        self._write_pending()
        self.db.execute("CREATE INDEX job_order ON job (part, collection, from_table, sort)")
        self.db.commit()

    # Reading, in any process ----------------------------------------------

    def _entry(self, path: str | None, member: int | None, filename: str) -> Entry:
        """A file's Entry again: named by its path on disk, or kept as an archive member."""
        return self.members[member] if path is None else Entry(path, filename)

    def jobs(self, part: int | None = None) -> Iterator[PlannedJob]:
        """The jobs in order; only worker `part`'s share when given."""
        where, params = ("WHERE j.part = ?", [part]) if part is not None else ("", [])
        # A connection of its own: a worker process must not use one opened before the fork.
        with closing(sqlite3.connect(self.path)) as db, closing(db.cursor()) as cursor:
            cursor.execute(
                "SELECT j.source, j.filename, j.path, j.member, j.content, s.row, m.row, j.meeting_key, j.record "  # noqa: S608 (`where` is one of two fixed clauses; the part is a parameter)
                "FROM job j "
                "LEFT JOIN speech_row s ON j.content IS NULL AND s.collection = j.collection "
                "AND s.filename = j.filename "
                "LEFT JOIN meeting_row m ON m.collection = j.collection AND m.basename = j.basename "
                f"{where} ORDER BY j.collection, j.from_table, j.sort",
                params,
            )
            while rows := cursor.fetchmany(_CHUNK):
                for source, filename, path, member, content, row, meeting_row, key, record in rows:
                    if content is not None:
                        entry, row = None, content
                    else:
                        entry = self._entry(path, member, filename)
                    yield PlannedJob(
                        source,
                        filename,
                        entry,
                        _loads(row),
                        _loads(meeting_row, MeetingRow),
                        key or "",
                        bool(record),
                    )


def _dumps(row: SpeechRow | MeetingRow) -> bytes:
    """A row as the tuple of its fields: half the bytes and time of pickling the object."""
    return pickle.dumps(tuple(getattr(row, name) for name in row.__slots__), pickle.HIGHEST_PROTOCOL)


def _loads(data: bytes | None, kind: type[SpeechRow] | type[MeetingRow] = SpeechRow):
    # Only what _dumps wrote, in this import's own scratch file (a private temporary folder).
    return None if data is None else kind(*pickle.loads(data))  # noqa: S301
