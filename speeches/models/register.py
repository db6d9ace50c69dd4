"""The Council's register, from the UN library's tables: the vetoes cast since 1946.

Read by speeches.parsing.register and written by speeches.importing.register. A
veto names its meeting by symbol; the debate of that symbol, when the archive
holds its statements, is found by the symbol (the meeting may be imported after
the veto list, or before).
"""

from django.db import models


class Veto(models.Model):
    """A draft resolution that a permanent member's negative vote defeated, as the library lists it."""

    date = models.DateField(help_text="The first day, when the vote ran over several.")
    date_as_printed = models.CharField(max_length=60, help_text='"14-15 December 2001".')
    drafts = models.JSONField(default=list, help_text='The drafts put to the vote: ["S/2022/431"].')
    draft_as_printed = models.CharField(max_length=300, help_text='"S/10805/Rev.1 (as amended)".')
    meeting = models.CharField(
        max_length=60, blank=True, help_text='"S/PV.9048"; empty for the 2020 votes by written procedure.'
    )
    letters = models.JSONField(
        default=list, blank=True, help_text="The letters recording a vote by written procedure."
    )
    agenda_item = models.TextField()
    ordinal = models.PositiveSmallIntegerField(
        default=1,
        help_text="Which of the list's vetoes of the same date and draft: the list has two of "
        "S/PV.303 on 24 May 1948, three of S/PV.49 on 26 June 1946 (proposals made at the meeting).",
    )
    members = models.ManyToManyField(
        "speeches.Delegation",
        related_name="vetoes",
        help_text="The permanent members who cast the negative vote.",
    )

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name_plural = "vetoes"
        constraints = [
            models.UniqueConstraint(fields=["date", "draft_as_printed", "ordinal"], name="veto_natural_key"),
        ]
        indexes = [models.Index(fields=["meeting"], name="veto_meeting")]

    def __str__(self):
        return f"{self.draft_as_printed}, {self.date_as_printed}"

    @property
    def draft_url(self) -> str:
        return f"https://undocs.org/en/{self.drafts[0]}" if self.drafts else ""

    @property
    def record_url(self) -> str:
        symbol = self.meeting or (self.letters[0] if self.letters else "")
        return f"https://undocs.org/en/{symbol}" if symbol else ""
