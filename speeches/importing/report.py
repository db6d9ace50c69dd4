"""What an import did: files read, statements created, updated and unchanged, what was
refused and why, and what was kept but flagged for review. The command prints it, the
admin shows it, and ImportJob.record_report keeps it."""

from dataclasses import dataclass, field


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
class Attributed:
    """A statement of a resumed meeting, attributed from an earlier part's invitations."""

    symbol: str
    speech_number: int
    speaker: str
    delegation: str
    invited_in: str

    def __str__(self):
        return f"{self.symbol} speech {self.speech_number} ({self.speaker}): {self.delegation}, invited in {self.invited_in}"


@dataclass
class RegisterWritten:
    """What an import wrote of the register's rows (speeches.importing.register)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __bool__(self) -> bool:
        return bool(self.created or self.updated or self.unchanged)

    def __str__(self):
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"

    def add(self, other: "RegisterWritten") -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged


@dataclass
class Written:
    """What one write (a batch of statements, or a whole record) did."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: list[Refusal] = field(default_factory=list)
    flagged: list[Unattributed] = field(default_factory=list)
    records: int = 0
    attributed: list[Attributed] = field(default_factory=list)

    def add(self, other: "Written") -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.records += other.records
        self.refused.extend(other.refused)
        self.flagged.extend(other.flagged)
        self.attributed.extend(other.attributed)


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
    attributed: list[Attributed] = field(default_factory=list)
    vetoes: RegisterWritten = field(default_factory=RegisterWritten)
    meetings: RegisterWritten = field(default_factory=RegisterWritten)  # the register's yearly tables
    resolutions: RegisterWritten = field(default_factory=RegisterWritten)
    # Meetings whose record's decisions and the register's outcomes differ (speeches.register_check).
    disagreements: int = 0
    # Rows of the register's pages that could not be read, each with its file and row.
    unread_rows: list = field(default_factory=list)
    dry_run: bool = False
    # Seconds each phase took, in order ("read and plan", "parse and write", ...).
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.refused

    def add(self, written: Written) -> None:
        self.created += written.created
        self.updated += written.updated
        self.unchanged += written.unchanged
        self.records += written.records
        self.refused.extend(written.refused)
        self.unattributed.extend(written.flagged)
        self.attributed.extend(written.attributed)

    def merge(self, other: "ImportReport") -> None:
        """A worker process's report, into the import's."""
        self.add(
            Written(
                other.created,
                other.updated,
                other.unchanged,
                other.refused,
                other.unattributed,
                other.records,
                other.attributed,
            )
        )

    def summary(self) -> str:
        prefix = "Dry run, nothing written: " if self.dry_run else ""
        records = f" ({self.records} full meeting records)" if self.records else ""
        text = (
            f"{prefix}{self.files_read} files read{records}; statements: {self.created} created, "
            f"{self.updated} updated, {self.unchanged} unchanged; {len(self.refused)} refused"
        )
        if self.unattributed:
            text += f"; {len(self.unattributed)} to review (who spoke)"
        if self.attributed:
            text += f"; {len(self.attributed)} attributed from an earlier part of their meeting"
        for name in ("meetings", "resolutions", "vetoes"):
            if written := getattr(self, name):
                text += f"; register {name}: {written}"
        if self.disagreements:
            text += f"; {self.disagreements} meetings where the record and the register disagree"
        if self.unread_rows:
            text += f"; {len(self.unread_rows)} rows of the register not read or listed twice"
        if self.skipped:
            text += f"; {self.skipped} other files skipped"
        return text

    def timing(self) -> str:
        """Where the time went: "read and plan 8.6s, parse and write 171.0s, ..."."""
        return ", ".join(f"{phase} {seconds:.1f}s" for phase, seconds in self.phases.items())
