"""The Council's register, from the UN library's tables: what each meeting decided, and the
vetoes cast since 1946. The meetings themselves are Debates (Debate.in_register), and the
resolutions Resolutions, with what the register says of them.

Read by speeches.parsing.register and written by speeches.importing.register. A
veto names its meeting by symbol; the debate of that symbol, when the archive
holds its statements, is found by the symbol (the meeting may be imported after
the veto list, or before).
"""

from django.db import models

from speeches.models.statements import tally_text


class RegisterOutcome(models.Model):
    """One outcome of a meeting as the register lists it, in its order: a resolution adopted, a
    presidential statement, a draft not adopted or vetoed, or another decision kept as printed."""

    class Kind(models.TextChoices):
        RESOLUTION = "resolution", "Resolution adopted"
        PRESIDENTIAL_STATEMENT = "presidential_statement", "Presidential statement"
        NOT_ADOPTED = "not_adopted", "Draft not adopted"
        VETOED = "vetoed", "Draft vetoed"
        OTHER = "other", "Other"

    debate = models.ForeignKey("speeches.Debate", on_delete=models.CASCADE, related_name="register_outcomes")
    number = models.PositiveSmallIntegerField(help_text="Order in the register's row, from 1.")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    document = models.CharField(
        max_length=120,
        blank=True,
        help_text='"S/RES/2334 (2016)", "S/PRST/2016/19", the draft "S/2016/1026".',
    )
    resolution = models.ForeignKey(
        "speeches.Resolution", null=True, blank=True, on_delete=models.SET_NULL, related_name="outcomes"
    )
    in_favour = models.PositiveSmallIntegerField(null=True, blank=True)
    against = models.PositiveSmallIntegerField(null=True, blank=True)
    abstaining = models.PositiveSmallIntegerField(null=True, blank=True)
    adopted_how = models.CharField(max_length=40, blank=True)
    vetoed_by = models.JSONField(default=list, blank=True, help_text='["China", "Russian Federation"].')
    as_printed = models.TextField(blank=True)

    class Meta:
        ordering = ["debate", "number"]
        constraints = [
            models.UniqueConstraint(fields=["debate", "number"], name="register_outcome_natural_key"),
        ]
        indexes = [models.Index(fields=["kind", "debate"], name="register_outcome_kind")]

    def __str__(self):
        return f"{self.debate} outcome {self.number}: {self.as_printed or self.get_kind_display()}"

    @property
    def tally(self) -> str:
        return tally_text(self.in_favour, self.against, self.abstaining, self.adopted_how)

    @property
    def document_url(self) -> str:
        if not self.document.startswith("S/"):
            return ""
        return f"https://undocs.org/en/{self.document.replace(' ', '')}"


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
