"""Statements (speeches), with their search vector, and the resolutions and documents they cite."""

import hashlib

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import F
from django.urls import reverse

from speeches.models.debates import Debate
from speeches.models.delegations import Delegation
from speeches.models.folding import SEARCH_CONFIG, FoldName
from speeches.models.imports import ImportJob
from speeches.parsing.decisions import PERMANENT_MEMBERS
from speeches.parsing.normalize import folded_terms
from speeches.parsing.text import word_count


class Statement(models.Model):
    class ParticipantType(models.TextChoices):
        PRESIDENT = "president", "President"
        MEMBER = "member", "Council member"
        INVITED = "invited", "Invited"
        UNKNOWN = "", "Not given"

    # No index of their own: statement_natural_key (debate, speech_number) and
    # statement_delegation (delegation, debate) lead with these columns, and
    # every index costs each of an import's 170,000 inserts.
    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="statements", db_index=False)
    speech_number = models.PositiveIntegerField()
    speaker = models.CharField(max_length=200, blank=True, help_text='As printed: "Mr. Abdrakhmanov".')
    role = models.CharField(max_length=200, blank=True, help_text='"The President", "The Secretary-General".')
    delegation = models.ForeignKey(
        Delegation, null=True, blank=True, on_delete=models.PROTECT, related_name="statements", db_index=False
    )
    delegation_as_printed = models.CharField(max_length=200, blank=True)
    participant_type = models.CharField(max_length=10, choices=ParticipantType.choices, blank=True)
    attribution_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="Set when the import could not tell which delegation the speaker speaks for, "
        "saying why; the statement needs review.",
    )

    class CouncilStatus(models.TextChoices):
        PERMANENT = "p5", "Permanent member"
        ELECTED = "elected", "Elected member"
        NOT_A_MEMBER = "non_member", "Not a member"
        UNITED_NATIONS = "un", "United Nations"
        OTHER = "other", "Other"
        UNKNOWN = "", "Not given"

    council_status = models.CharField(
        max_length=10,
        choices=CouncilStatus.choices,
        blank=True,
        help_text="The speaker's standing on the Council when it spoke, where the source says "
        "(Sakamoto & Matsuoka's permanent_member and elected_member).",
    )
    language = models.CharField(max_length=40, blank=True, help_text="When the record says so.")
    text = models.TextField(help_text="Clean paragraphs separated by blank lines.")
    word_count = models.PositiveIntegerField(default=0)
    source_file = models.CharField(max_length=255, blank=True)
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the text.")
    folded_terms = models.TextField(
        blank=True, editable=False, help_text="The text's accented words without accents, for search."
    )
    resolutions = models.ManyToManyField("Resolution", through="Citation", related_name="statements")
    documents = models.ManyToManyField("Document", related_name="statements", blank=True)
    last_import = models.ForeignKey(
        ImportJob,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements",
        editable=False,
        help_text="The import that last created or changed this statement.",
    )
    search = models.GeneratedField(
        expression=(
            SearchVector(FoldName(F("speaker")), weight="A", config=SEARCH_CONFIG)
            + SearchVector(FoldName(F("delegation_as_printed")), weight="A", config=SEARCH_CONFIG)
            + SearchVector(FoldName(F("role")), weight="B", config=SEARCH_CONFIG)
            + SearchVector("text", weight="C", config=SEARCH_CONFIG)
            + SearchVector("folded_terms", weight="C", config=SEARCH_CONFIG)
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["debate", "speech_number"]
        constraints = [
            models.UniqueConstraint(fields=["debate", "speech_number"], name="statement_natural_key"),
        ]
        indexes = [
            GinIndex(fields=["search"], name="statement_search"),
            # Both b-tree indexes carry what a search's one pass over its matches reads
            # (speeches.search.service), so that a delegation's statements, or those a
            # resolution's citations name, are read from the index alone: not one table page
            # (a statement's row is a few kilobytes) a match.
            models.Index(
                fields=["delegation", "debate"], include=["id", "speech_number"], name="statement_delegation"
            ),
            models.Index(
                fields=["id"], include=["delegation", "debate", "speech_number"], name="statement_keys"
            ),
        ]

    def __str__(self):
        return f"{self.debate.symbol} #{self.speech_number} {self.speaker}".strip()

    def save(self, *args, **kwargs):
        # What derives from the text, for writes that are not imports (an edit in
        # the admin); the importer computes the same values itself.
        self.folded_terms = folded_terms(self.text)
        self.word_count = word_count(self.text)
        self.checksum = hashlib.sha256(self.text.encode()).hexdigest()
        if kwargs.get("update_fields") and "text" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "folded_terms", "word_count", "checksum"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("statement-detail", args=[self.debate.slug, self.speech_number])

    @property
    def standing(self) -> str:
        """The speaker's standing on the Council, as the source gave it; where it gave none, what
        the delegation alone says (a permanent member is one at every meeting, the UN never one)."""
        if self.council_status:
            return self.get_council_status_display()
        delegation = self.delegation
        if delegation is None:
            return ""
        if delegation.iso3 in PERMANENT_MEMBERS:
            return self.CouncilStatus.PERMANENT.label
        if delegation.kind == Delegation.Kind.UNITED_NATIONS:
            return self.CouncilStatus.UNITED_NATIONS.label
        return ""

    @property
    def paragraphs(self) -> list[str]:
        return self.text.split("\n\n")


class Resolution(models.Model):
    """A resolution of the Council: cited by statements, and (from the register) when and how it
    was adopted."""

    number = models.PositiveIntegerField(unique=True)
    year = models.PositiveSmallIntegerField(db_index=True)
    # From the Council's register (speeches.importing.register); empty for a resolution only cited.
    date = models.DateField(null=True, blank=True, help_text="The day it was adopted.")
    topic = models.TextField(blank=True, help_text="The agenda item it was adopted under.")
    meeting = models.ForeignKey(
        Debate,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resolutions_adopted",
        help_text="The meeting that adopted it; empty where the register names none.",
    )
    in_favour = models.PositiveSmallIntegerField(null=True, blank=True)
    against = models.PositiveSmallIntegerField(null=True, blank=True)
    abstaining = models.PositiveSmallIntegerField(null=True, blank=True)
    adopted_how = models.CharField(
        max_length=40, blank=True, help_text='"adopted unanimously", "adopted without vote", when no figures.'
    )

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return self.symbol

    def get_absolute_url(self):
        return reverse("resolution-detail", args=[self.number])

    @property
    def symbol(self) -> str:
        return f"S/RES/{self.number} ({self.year})"

    @property
    def official_url(self) -> str:
        return f"https://undocs.org/en/S/RES/{self.number}({self.year})"

    @property
    def tally(self) -> str:
        """ "15-0-0" (in favour, against, abstaining), "adopted unanimously", or ""."""
        return tally_text(self.in_favour, self.against, self.abstaining, self.adopted_how)


def tally_text(in_favour: int | None, against: int | None, abstaining: int | None, how: str) -> str:
    if in_favour is None:
        return how
    return f"{in_favour}-{against}-{abstaining}"


class Citation(models.Model):
    """A statement citing a resolution, with the sentence that does."""

    # citation_unique (statement, resolution) serves lookups by statement.
    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="citations", db_index=False
    )
    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="citations", db_index=False
    )
    sentence = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["statement", "resolution"], name="citation_unique"),
        ]
        # A resolution's citing statements from the index alone (a citation's row holds its sentence).
        indexes = [models.Index(fields=["resolution", "statement"], name="citation_resolution")]

    def __str__(self):
        return f"{self.statement} cites {self.resolution}"


class Document(models.Model):
    """Any other UN document symbol cited in a statement: S/2015/432, S/PRST/2016/9."""

    symbol = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["symbol"]

    def __str__(self):
        return self.symbol

    @property
    def official_url(self) -> str:
        return f"https://undocs.org/en/{self.symbol}"
