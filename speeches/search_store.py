"""Where broad searches keep their answers (see speeches.search_cache)."""

from django.db import models


class CachedSearch(models.Model):
    """The exact answer to a broad search (its ranked ids and total, or a facet's
    counts), valid while the statements are as they were when it was computed."""

    key = models.CharField(max_length=64, unique=True, help_text="SHA-256 of what was asked.")
    generation = models.BigIntegerField(help_text="speeches.search_cache.generation() when computed.")
    value = models.JSONField()
    milliseconds = models.PositiveIntegerField(default=0, help_text="What computing it cost.")
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["computed_at"], name="cached_search_computed_at")]

    def __str__(self):
        return f"{self.key[:12]} (generation {self.generation})"
