"""What searches keep: broad answers (CachedSearch), and the two tables that make the
search generation (speeches.search.answers), which exist only in SQL: migration 0006
creates them with the triggers that write them. They are models here, unmanaged, so
that code names them through _meta, never by a string."""

from django.db import models


class CachedSearch(models.Model):
    """The exact answer to a broad search (its ranked ids and total, or a facet's
    counts), valid while the statements are as they were when it was computed."""

    key = models.CharField(max_length=64, unique=True, help_text="SHA-256 of what was asked.")
    generation = models.BigIntegerField(help_text="speeches.search.answers.generation() when computed.")
    value = models.JSONField()
    milliseconds = models.PositiveIntegerField(default=0, help_text="What computing it cost.")
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["computed_at"], name="cached_search_computed_at")]

    def __str__(self):
        return f"{self.key[:12]} (generation {self.generation})"


class SearchGeneration(models.Model):
    """One row: the generation's base, into which the change log is folded after imports.
    (The table has no key; `base` stands for one, as the row is only read and updated.)"""

    base = models.BigIntegerField(primary_key=True)

    class Meta:
        managed = False

    def __str__(self):
        return f"generation base {self.base}"


class SearchChange(models.Model):
    """A row for each committed statement-level write to a searched table, written by trigger.
    (The table has no key; rows are only counted and deleted all at once.)"""

    changed_at = models.DateTimeField(primary_key=True)

    class Meta:
        managed = False

    def __str__(self):
        return f"change at {self.changed_at}"


class ConcordanceSort(models.Model):
    """A concordance too long to sort while its page waits (speeches.search.sorts): its lines
    in the order of their context, sorted once by the worker and served while the statements
    are as they were when it was sorted."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Sorting"
        DONE = "done", "Sorted"
        FAILED = "failed", "Failed"

    key = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the search and its order.")
    params = models.JSONField(help_text="The page's parameters, as [name, value] pairs.")
    generation = models.BigIntegerField(
        help_text="speeches.search.answers.generation() when asked for, then when sorted."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    lines = models.BinaryField(
        null=True,
        editable=False,
        help_text="Each line's statement id and its occurrence there (unsigned, 64 and 32 bits, "
        "little-endian), in order; stored uncompressed so that a page reads only its own bytes.",
    )
    line_count = models.PositiveIntegerField(default=0)
    requested_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "requested_at"], name="concordance_sort_queue")]

    def __str__(self):
        return f"concordance sort {self.key[:12]} ({self.get_status_display()}, generation {self.generation})"
