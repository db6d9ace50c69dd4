"""The record of every import, which is also the queue of imports waiting to run.

A curator's upload becomes an ImportJob, "queued", with its files under
MEDIA_ROOT/imports/<id>/; the import worker (run_import_worker, see
speeches.importing.queue) runs it and writes the report here. The
import_statements command records its imports the same way, run at once. A
refused upload is recorded too, with the reason, and never runs.
"""

from pathlib import Path

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from speeches.parsing.speech import Options
from speeches.parsing.symbols import parse_meeting

# The largest speech number an import is told (the form, the command): no meeting has had a
# thousand speakers, and a number past the column's range would fail in the database.
MAX_SPEECH_NUMBER = 99_999


class ImportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        REFUSED = "refused", "Upload refused"
        FAILED = "failed", "Failed"

    class Origin(models.TextChoices):
        ADMIN = "admin", "Upload in the admin"
        COMMAND = "command", "import_statements command"

    created_at = models.DateTimeField("when", default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # PROTECT: the record of who imported what outlives nobody's account by accident.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="imports",
        help_text="Who uploaded it; empty for the import_statements command.",
    )
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.ADMIN)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    dry_run = models.BooleanField(default=False)
    uploads = models.JSONField(
        default=list,
        blank=True,
        help_text='What was given: [{"name": "speeches.zip", "size": 1234, "stored": "archives/speeches.zip"}]; '
        "for the command, the paths.",
    )
    # What the curator said about files that carry no metadata (speeches.parsing.speech.Options).
    meeting = models.CharField(max_length=60, blank=True, help_text='"S/PV.7704"')
    date = models.DateField(null=True, blank=True)
    topic = models.TextField(blank=True)
    speech_number = models.PositiveIntegerField(null=True, blank=True)
    records = models.BooleanField(default=False, help_text="Every text file read as a full verbatim record.")
    # Progress, written by the worker while it runs.
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    worker = models.CharField(max_length=200, blank=True, help_text="host:pid of the process that ran it.")
    # The report (speeches.importing.run.ImportReport).
    files_read = models.PositiveIntegerField(default=0)
    records_read = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    refusals = models.JSONField(default=list, blank=True, help_text='[{"source": ..., "reason": ...}]')
    unattributed = models.JSONField(
        default=list,
        blank=True,
        help_text="Statements kept but flagged for review of who spoke: a record's speaker without a "
        "delegation, or a speech file that holds another speaker's turn.",
    )
    attributed = models.JSONField(
        default=list,
        blank=True,
        help_text="Statements of a resumed meeting attributed from the invitations of an earlier part.",
    )
    unread_rows = models.JSONField(
        default=list,
        blank=True,
        help_text="Rows of the register's pages that could not be read, with file and row.",
    )
    summary = models.TextField(blank=True)
    error = models.TextField(blank=True, help_text="Why the upload was refused, or why the run failed.")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "import"
        permissions = [("import_records", "Can import records")]
        indexes = [
            # The worker's query: the oldest queued job.
            models.Index(fields=["created_at"], condition=models.Q(status="queued"), name="importjob_queue"),
        ]

    def __str__(self):
        return f"Import #{self.pk}" if self.pk else "Import"

    def get_absolute_url(self):
        return reverse("admin:speeches_importjob_change", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.REFUSED, self.Status.FAILED)

    @property
    def outcome(self) -> str:
        """One line for the list of imports."""
        if self.status != self.Status.DONE:
            return self.get_status_display()
        text = "Dry run" if self.dry_run else "Imported"
        if self.refused:
            text += f", {self.refused} refused"
        return text

    @property
    def progress_percent(self) -> int:
        return 100 * self.progress_done // self.progress_total if self.progress_total else 0

    @property
    def folder(self) -> Path:
        """Where an upload's files are kept: MEDIA_ROOT/imports/<id>/."""
        return Path(settings.MEDIA_ROOT) / "imports" / str(self.pk)

    def paths(self) -> list[Path]:
        """What import_paths reads: the uploaded files as one collection (so that
        the tables among them describe the speech files), then each archive."""
        if self.origin == self.Origin.COMMAND:
            return [Path(upload["name"]) for upload in self.uploads]
        paths = [self.folder / "files"] if any(u["stored"].startswith("files/") for u in self.uploads) else []
        return paths + [
            self.folder / u["stored"] for u in self.uploads if u["stored"].startswith("archives/")
        ]

    def import_options(self) -> Options:
        return Options(
            meeting=parse_meeting(self.meeting) if self.meeting else None,
            date=self.date,
            topic=self.topic,
            speech_number=self.speech_number,
            records=self.records,
        )

    def shown(self, text: str) -> str:
        """A message without the server's folders: "speech.txt", not "/srv/media/imports/7/files/speech.txt"."""
        if self.origin == self.Origin.COMMAND:
            return text
        for part in ("files", "archives"):
            text = text.replace(f"{self.folder / part}/", "")
        return text

    def record_report(self, report) -> None:
        """Keep an importer.ImportReport: the counts, every refusal, every statement left unattributed."""
        self.status = self.Status.DONE
        self.finished_at = timezone.now()
        self.files_read = report.files_read
        self.records_read = report.records
        self.created = report.created
        self.updated = report.updated
        self.unchanged = report.unchanged
        self.skipped = report.skipped
        self.refused = len(report.refused)
        self.refusals = [
            {"source": self.shown(refusal.source), "reason": self.shown(refusal.reason)}
            for refusal in report.refused
        ]
        self.unattributed = [self.shown(str(statement)) for statement in report.unattributed]
        self.attributed = [str(statement) for statement in report.attributed]
        self.unread_rows = [self.shown(str(row)) for row in report.unread_rows]
        self.summary = report.summary()
        self.save()

    def record_failure(self, error: str) -> None:
        self.status = self.Status.FAILED
        self.finished_at = timezone.now()
        self.error = error
        self.save(update_fields=["status", "finished_at", "error"])
