"""Which delegation a name as printed stands for, creating one for a spelling never seen.

Every known spelling (DelegationAlias) is read once per import; a new spelling is
looked up by its key, then in the registry of known delegations
(speeches.parsing.delegation_registry), and otherwise becomes a delegation of its
own that a curator can merge into the right one.
"""

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from speeches.models import Delegation, DelegationAlias, max_lengths
from speeches.parsing.delegation_registry import lookup as lookup_known_delegation
from speeches.parsing.normalize import name_key

_LIMITS = max_lengths(Delegation)
# Room left in a slug for the "-2", "-3" that tell apart two names with the same slug.
_SLUG_SUFFIX_ROOM = 10


class Delegations:
    """The delegations of one import (or one worker process's part of it), by name as printed."""

    def __init__(self):
        self.known: dict[str, Delegation | None] = {}

    def __call__(self, printed: str) -> Delegation | None:
        if not self.known:
            # Every known spelling at once, rather than a query per spelling.
            for delegation in Delegation.objects.prefetch_related("aliases"):
                for alias in delegation.aliases.all():
                    self.known[alias.key] = delegation
        if printed in self.known:
            return self.known[printed]
        self.known[printed] = delegation = self._find(printed)
        return delegation

    def _find(self, printed: str) -> Delegation | None:
        key = name_key(printed)
        if not key or key in {"na", "individual"}:
            return None
        if key in self.known:
            return self.known[key]
        delegation = (
            Delegation.objects.filter(aliases__key=key).first()
            or Delegation.objects.filter(slug=slugify(printed)[: _LIMITS["slug"]]).first()
        )
        if delegation is None:
            delegation = _create(printed)
        self.known[key] = delegation
        return delegation


def _create(printed: str) -> Delegation:
    known = lookup_known_delegation(printed)
    if known is None:
        # An unrecognised spelling: kept as its own delegation, which a
        # curator can merge into the right one.
        name, kind, iso3, spellings = printed.strip(), Delegation.Kind.OTHER, "", [printed.strip()]
    else:
        name, kind, iso3, spellings = (
            known.name,
            known.kind,
            known.iso3,
            [known.name, *known.aliases, printed],
        )
    delegation = Delegation.objects.filter(name=name).first()
    if delegation is None:
        try:
            with transaction.atomic():
                delegation = Delegation.objects.create(
                    name=name, slug=_unique_slug(name), kind=kind, iso3=iso3
                )
        except IntegrityError:  # another worker created it first
            delegation = Delegation.objects.get(name=name)
    DelegationAlias.objects.bulk_create(
        [
            DelegationAlias(delegation=delegation, name=s, key=name_key(s))
            for s in dict.fromkeys(spellings)
            if name_key(s)
        ],
        ignore_conflicts=True,
    )
    return delegation


def _unique_slug(name: str) -> str:
    base = slugify(name)[: _LIMITS["slug"] - _SLUG_SUFFIX_ROOM] or "delegation"
    slug, n = base, 1
    while Delegation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
