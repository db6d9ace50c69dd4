"""Debates (meeting records), their members at the table, and what they decided."""

from django.db import models
from django.db.models import F
from django.urls import reverse

from speeches.models.folding import Fold
from speeches.parsing.decisions import PERMANENT_MEMBERS, is_veto


class Debate(models.Model):
    """One meeting record (S/PV.NNNN), or a 2020 letter that stood in for one."""

    symbol = models.CharField(max_length=60, unique=True, help_text='As the UN writes it: "S/PV.7704".')
    slug = models.SlugField(max_length=80, unique=True)
    meeting_number = models.PositiveIntegerField(null=True, blank=True)
    resumption = models.PositiveSmallIntegerField(default=0)
    date = models.DateField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    topic = models.TextField(blank=True, help_text="The agenda item as printed.")
    # The topic without accents, kept by PostgreSQL: the topic filter reads it rather than fold
    # every meeting's topic at each request (0.3 s for the register's 10,000 meetings).
    topic_folded = models.GeneratedField(
        expression=Fold(F("topic")), output_field=models.TextField(), db_persist=True
    )
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
    invitations = models.JSONField(
        default=list,
        blank=True,
        help_text="Whom the President invited by name and title: "
        '[{"name": "Mr. Peter Maurer", "title": "President of the International Committee of the Red Cross"}]. '
        "A resumed meeting's speakers are often invited only in its first part.",
    )
    president_name = models.CharField(max_length=200, blank=True, help_text='As printed: "Mr. Dang".')
    president_delegation = models.ForeignKey(
        "speeches.Delegation", null=True, blank=True, on_delete=models.PROTECT, related_name="presidencies"
    )
    called_to_order_at = models.TimeField(null=True, blank=True)
    resumed_at = models.TimeField(
        null=True, blank=True, help_text="A resumed meeting's record opens when the meeting was resumed."
    )
    suspended_at = models.TimeField(
        null=True, blank=True, help_text="When the record ends with the meeting suspended."
    )
    rose_at = models.TimeField(null=True, blank=True)
    # From the Council's register (the UN library's yearly tables, speeches.importing.register).
    in_register = models.BooleanField(
        default=False, help_text="Listed in the UN library's table of the Council's meetings of its year."
    )
    register_row = models.CharField(
        max_length=120,
        blank=True,
        help_text='Where the register lists it: "scact2016_table_en.html, row 12".',
    )
    press_release = models.CharField(max_length=30, blank=True, help_text='"SC/12345"; empty when none.')
    closed = models.BooleanField(default=False, help_text="A private (closed) meeting.")
    other_topics = models.JSONField(
        default=list, blank=True, help_text="Further agenda items the register lists for the same meeting."
    )

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

    @property
    def press_release_url(self) -> str:
        """The press release on press.un.org: "SC/14134" -> .../2020/sc14134.doc.htm."""
        if not self.press_release or self.year is None:
            return ""
        return f"https://press.un.org/en/{self.year}/{self.press_release.replace('/', '').lower()}.doc.htm"


class DebateMember(models.Model):
    """A member of the Council at a meeting, with the representative the cover page lists."""

    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="members")
    delegation = models.ForeignKey(
        "speeches.Delegation", on_delete=models.PROTECT, related_name="memberships"
    )
    representative = models.CharField(max_length=200, blank=True, help_text='As printed: "Mr. Wu Haitao".')
    order = models.PositiveSmallIntegerField(default=0, help_text="As the cover page lists them.")

    class Meta:
        ordering = ["debate", "order"]
        constraints = [
            models.UniqueConstraint(fields=["debate", "delegation"], name="debate_member_unique"),
        ]

    def __str__(self):
        return f"{self.delegation} at {self.debate}"


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
        "speeches.Resolution", null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
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
        for vote in self._votes():
            grouped[vote.position].append(vote.delegation.name)
        return grouped

    @property
    def vetoed_by(self) -> list:
        """The permanent members whose vote against defeated the draft (see is_veto)."""
        votes = self._votes()
        in_favour = sum(1 for vote in votes if vote.position == Vote.Position.IN_FAVOUR)
        if not is_veto(self.kind, self.adopted, in_favour, self.result):
            return []
        return [
            vote.delegation
            for vote in votes
            if vote.position == Vote.Position.AGAINST and vote.delegation.iso3 in PERMANENT_MEMBERS
        ]

    def _votes(self) -> list["Vote"]:
        """The votes with their delegations: prefetched with the page
        (speeches.selectors.meeting_record), or fetched here in one query."""
        if "votes" in getattr(self, "_prefetched_objects_cache", {}):
            return list(self.votes.all())
        return list(self.votes.select_related("delegation"))


class Vote(models.Model):
    class Position(models.TextChoices):
        IN_FAVOUR = "in_favour", "In favour"
        AGAINST = "against", "Against"
        ABSTAINING = "abstaining", "Abstaining"

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="votes")
    delegation = models.ForeignKey("speeches.Delegation", on_delete=models.PROTECT, related_name="votes")
    position = models.CharField(max_length=12, choices=Position.choices)

    class Meta:
        ordering = ["decision", "position", "delegation__name"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "delegation"], name="vote_unique"),
        ]

    def __str__(self):
        return f"{self.delegation} {self.get_position_display().lower()} ({self.decision})"
