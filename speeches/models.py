"""The archive's records: delegations, debates (meeting records), statements
(speeches) and the resolutions and documents that statements cite."""

import hashlib

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models, transaction
from django.db.models import F, Func, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from speeches.import_jobs import ImportJob
from speeches.parsing.decisions import PERMANENT_MEMBERS, is_veto
from speeches.parsing.normalize import ACCENTED, UNACCENTED, folded_terms, name_key
from speeches.parsing.text import word_count
from speeches.search_store import CachedSearch  # noqa: F401 (a model of this app)

SEARCH_CONFIG = "english"
# Characters that join the words of a speaker's or delegation's name into one token (FoldName).
NAME_SEPARATORS = "/."


class Fold(Func):
    """Strip accents in the database with core PostgreSQL only.

    The unaccent extension is not available on the embedded server, so short
    fields are folded with translate(), which is immutable and can therefore
    appear in a generated column. (Statement text is not: see folded_terms.)
    Queries fold the same way (speeches.parsing.normalize.fold), so
    "Cote d'Ivoire" finds "Côte d'Ivoire".
    """

    function = "translate"
    output_field = models.TextField()

    def __init__(self, expression):
        super().__init__(Coalesce(expression, Value("")), Value(ACCENTED), Value(UNACCENTED))


class FoldName(Func):
    """A name folded like Fold, its slashes and full stops made spaces.

    PostgreSQL's parser reads "Mr. Nebenzia/Ms. Evstigneeva" (two speakers
    of one delegation, as the records print them) as the file path
    "nebenzia/ms", and "Mr.Nebenzia" as the host name "mr.nebenzia", so neither
    name would be found as a word.
    """

    function = "translate"
    output_field = models.TextField()

    def __init__(self, expression):
        super().__init__(
            Coalesce(expression, Value("")),
            Value(ACCENTED + NAME_SEPARATORS),
            Value(UNACCENTED + " " * len(NAME_SEPARATORS)),
        )


class Delegation(models.Model):
    class Kind(models.TextChoices):
        MEMBER_STATE = "member_state", "Member State"
        OBSERVER_STATE = "observer_state", "Observer State"
        ORGANISATION = "organisation", "Intergovernmental organisation"
        UNITED_NATIONS = "un", "United Nations body or official"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    iso3 = models.CharField(
        "ISO 3166 alpha-3", max_length=3, blank=True, help_text="For States only, e.g. KAZ."
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["iso3"], condition=~models.Q(iso3=""), name="delegation_iso3_unique"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("delegation-detail", args=[self.slug])

    @transaction.atomic
    def merge_into(self, target: "Delegation") -> int:
        """Make this delegation one of target's spellings, and return how many statements moved.

        Everything that points at this delegation (statements, spellings, presidencies,
        memberships, votes) moves to target; where a meeting or a vote would then list
        target twice, target's own row stands. This delegation's name becomes a spelling
        of target's, and this delegation is deleted. All or nothing.
        """
        if target.pk == self.pk:
            raise ValueError(f"cannot merge {self} into itself")
        DebateMember.objects.filter(delegation=self, debate__members__delegation=target).delete()
        Vote.objects.filter(delegation=self, decision__votes__delegation=target).delete()
        moved = 0
        for relation in self._meta.related_objects:  # every foreign key to Delegation
            name = relation.field.name
            count = relation.related_model._base_manager.filter(**{name: self}).update(**{name: target})
            if relation.related_model is Statement:
                moved = count
        if name_key(self.name):
            DelegationAlias.objects.bulk_create(
                [DelegationAlias(delegation=target, name=self.name, key=name_key(self.name))],
                ignore_conflicts=True,
            )
        self.delete()
        return moved


class DelegationAlias(models.Model):
    """One spelling of a delegation's name as the sources print it.

    `key` is the spelling folded by speeches.parsing.normalize.name_key, so that
    "Türkiye", "TURKEY" and "the Republic of Türkiye"'s variants resolve alike.
    """

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "delegation aliases"

    def __str__(self):
        return self.name


class Debate(models.Model):
    """One meeting record (S/PV.NNNN), or a 2020 letter that stood in for one."""

    symbol = models.CharField(max_length=60, unique=True, help_text='As the UN writes it: "S/PV.7704".')
    slug = models.SlugField(max_length=80, unique=True)
    meeting_number = models.PositiveIntegerField(null=True, blank=True)
    resumption = models.PositiveSmallIntegerField(default=0)
    date = models.DateField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    topic = models.TextField(blank=True, help_text="The agenda item as printed.")
    agenda_region = models.CharField(max_length=100, blank=True)
    agenda_subitems = models.JSONField(default=list, blank=True)
    outcome = models.CharField(max_length=200, blank=True)
    speech_format = models.CharField(max_length=20, blank=True, help_text="In-Person or VTC.")
    # From the full verbatim record, when one was imported.
    record_file = models.CharField(
        max_length=255,
        blank=True,
        help_text="The full verbatim record this debate was read from. Its statements take precedence "
        "over speech files of the same meeting.",
    )
    agenda_documents = models.JSONField(
        default=list, blank=True, help_text='Documents the agenda lists: ["S/2019/1005"].'
    )
    president_name = models.CharField(max_length=200, blank=True, help_text='As printed: "Mr. Dang".')
    president_delegation = models.ForeignKey(
        "Delegation", null=True, blank=True, on_delete=models.PROTECT, related_name="presidencies"
    )
    called_to_order_at = models.TimeField(null=True, blank=True)
    resumed_at = models.TimeField(
        null=True, blank=True, help_text="A resumed meeting's record opens when the meeting was resumed."
    )
    suspended_at = models.TimeField(
        null=True, blank=True, help_text="When the record ends with the meeting suspended."
    )
    rose_at = models.TimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date", "-meeting_number", "-resumption"]
        indexes = [models.Index(fields=["date"], name="debate_date")]

    def __str__(self):
        return self.symbol

    def get_absolute_url(self):
        return reverse("debate-detail", args=[self.slug])

    @property
    def official_url(self) -> str:
        return f"https://undocs.org/en/{self.symbol.split(' (')[0]}"


class DebateMember(models.Model):
    """A member of the Council at a meeting, with the representative the cover page lists."""

    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="members")
    delegation = models.ForeignKey(Delegation, on_delete=models.PROTECT, related_name="memberships")
    representative = models.CharField(max_length=200, blank=True, help_text='As printed: "Mr. Wu Haitao".')
    order = models.PositiveSmallIntegerField(default=0, help_text="As the cover page lists them.")

    class Meta:
        ordering = ["debate", "order"]
        constraints = [
            models.UniqueConstraint(fields=["debate", "delegation"], name="debate_member_unique"),
        ]

    def __str__(self):
        return f"{self.delegation} at {self.debate}"


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
            models.Index(fields=["delegation", "debate"], name="statement_delegation"),
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
    def paragraphs(self) -> list[str]:
        return self.text.split("\n\n")


class Resolution(models.Model):
    number = models.PositiveIntegerField(unique=True)
    year = models.PositiveSmallIntegerField()

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


class Citation(models.Model):
    """A statement citing a resolution, with the sentence that does."""

    # citation_unique (statement, resolution) serves lookups by statement.
    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="citations", db_index=False
    )
    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="citations")
    sentence = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["statement", "resolution"], name="citation_unique"),
        ]

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


class Decision(models.Model):
    """What a meeting decided, in the order of the record: a draft put to the
    vote and its result, or a statement by the President read out on the
    Council's behalf."""

    class Kind(models.TextChoices):
        RESOLUTION = "resolution", "Draft resolution"
        AMENDMENT = "amendment", "Amendment"
        PROCEDURAL = "procedural", "Procedural vote"
        PRESIDENTIAL_STATEMENT = "presidential_statement", "Statement by the President"

    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="decisions")
    number = models.PositiveSmallIntegerField(help_text="Order in the meeting, from 1.")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    subject = models.CharField(max_length=300, blank=True, help_text='As printed: "the draft resolution".')
    draft_symbol = models.CharField(
        max_length=80, blank=True, help_text='The draft put to the vote: "S/2020/27".'
    )
    adopted = models.BooleanField(null=True, help_text="Empty when the record gives no result.")
    resolution = models.ForeignKey(
        "Resolution", null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    document_symbol = models.CharField(
        max_length=80, blank=True, help_text='A presidential statement\'s symbol: "S/PRST/2020/1".'
    )
    result = models.TextField(blank=True, help_text="The sentence of the record announcing the result.")

    class Meta:
        ordering = ["debate", "number"]
        constraints = [
            models.UniqueConstraint(fields=["debate", "number"], name="decision_natural_key"),
        ]

    def __str__(self):
        return f"{self.debate.symbol} decision {self.number}: {self.get_kind_display()}"

    def positions(self) -> dict[str, list[str]]:
        """Delegation names by vote: {"in_favour": [...], "against": [...], "abstaining": [...]}."""
        grouped: dict[str, list[str]] = {value: [] for value in Vote.Position.values}
        for vote in self.votes.select_related("delegation"):
            grouped[vote.position].append(vote.delegation.name)
        return grouped

    @property
    def vetoed_by(self) -> list["Delegation"]:
        """The permanent members whose vote against defeated the draft (see is_veto)."""
        votes = list(self.votes.select_related("delegation"))
        in_favour = sum(1 for vote in votes if vote.position == Vote.Position.IN_FAVOUR)
        if not is_veto(self.kind, self.adopted, in_favour, self.result):
            return []
        return [
            vote.delegation
            for vote in votes
            if vote.position == Vote.Position.AGAINST and vote.delegation.iso3 in PERMANENT_MEMBERS
        ]


class Vote(models.Model):
    class Position(models.TextChoices):
        IN_FAVOUR = "in_favour", "In favour"
        AGAINST = "against", "Against"
        ABSTAINING = "abstaining", "Abstaining"

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="votes")
    delegation = models.ForeignKey(Delegation, on_delete=models.PROTECT, related_name="votes")
    position = models.CharField(max_length=12, choices=Position.choices)

    class Meta:
        ordering = ["decision", "position", "delegation__name"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "delegation"], name="vote_unique"),
        ]

    def __str__(self):
        return f"{self.delegation} {self.get_position_display().lower()} ({self.decision})"
