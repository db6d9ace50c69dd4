"""Delegations: who speaks, however the sources spell them."""

from django.db import models, transaction
from django.urls import reverse

from speeches.parsing.normalize import name_key


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
        memberships, votes, vetoes) moves to target; where a meeting or a vote would then list
        target twice, target's own row stands. This delegation's name becomes a spelling
        of target's, and this delegation is deleted. All or nothing.
        """
        if target.pk == self.pk:
            raise ValueError(f"cannot merge {self} into itself")
        self.memberships.filter(debate__members__delegation=target).delete()
        self.votes.filter(decision__votes__delegation=target).delete()
        moved = 0
        for relation in self._meta.related_objects:  # every foreign key to Delegation
            if relation.many_to_many:  # the vetoes it cast: target cast them
                getattr(target, relation.get_accessor_name()).add(
                    *getattr(self, relation.get_accessor_name()).all()
                )
                continue
            name = relation.field.name
            count = relation.related_model._base_manager.filter(**{name: self}).update(**{name: target})
            if relation.related_name == "statements":
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
