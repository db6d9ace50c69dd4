"""The registry of known delegations, read from ``data/delegations.tsv``.

The corpora spell one delegation many ways: "Turkey" and "Türkiye", "United Kingdom of
Great Britain and Northern Ireland" and "United Kingdom", "Venezuela (Bolivarian Republic Of)"
and "Bolivarian Republic of Venezuela", OCR slips such as "Republic ofKorea". The importer
resolves every spelling here so that each delegation is stored once, under the name the UN
writes today. The data is a TSV file so that a curator can add a spelling without touching
code. Spellings are compared by ``name_key`` (case, accents, punctuation and a leading "the"
do not matter), and no two rows may share a key.

Pure Python on purpose: no Django imports, so the parser and tests can use it without a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from speeches.parsing.normalize import name_key

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "delegations.tsv"
HEADER = ("name", "kind", "iso3", "aliases")
KINDS = frozenset({"member_state", "observer_state", "organisation", "un", "other"})


@dataclass(frozen=True)
class KnownDelegation:
    name: str
    kind: str
    iso3: str
    aliases: tuple[str, ...]


def _parse_row(fields: list[str], where: str) -> KnownDelegation:
    if len(fields) != len(HEADER):
        raise ValueError(f"{where}: expected {len(HEADER)} tab-separated fields, got {len(fields)}")
    name, kind, iso3, aliases = (field.strip() for field in fields)
    if not name:
        raise ValueError(f"{where}: empty name")
    if kind not in KINDS:
        raise ValueError(f"{where}: unknown kind {kind!r} (expected one of {sorted(KINDS)})")
    if iso3 and not (len(iso3) == 3 and iso3.isascii() and iso3.isalpha() and iso3.isupper()):
        raise ValueError(f"{where}: iso3 {iso3!r} is not three capital letters")
    alias_list = tuple(alias.strip() for alias in aliases.split("|")) if aliases else ()
    if any(not alias for alias in alias_list):
        raise ValueError(f"{where}: empty alias in {aliases!r}")
    return KnownDelegation(name=name, kind=kind, iso3=iso3, aliases=alias_list)


def load_registry(path: Path | str = DEFAULT_PATH) -> dict[str, KnownDelegation]:
    """Map the ``name_key`` of every name and alias in the file to its delegation.

    Raises ValueError naming the file and line on a malformed row, a duplicate iso3, or a
    spelling whose key is already taken by another row.
    """
    registry: dict[str, KnownDelegation] = {}
    key_line: dict[str, int] = {}
    iso3_line: dict[str, int] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        lines = handle.read().splitlines()
    if not lines or tuple(lines[0].lstrip("\ufeff").split("\t")) != HEADER:
        raise ValueError(f"{path}:1: the header must be the tab-separated columns {HEADER}")
    for lineno, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        entry = _parse_row(line.split("\t"), where)
        if entry.iso3:
            if entry.iso3 in iso3_line:
                raise ValueError(f"{where}: iso3 {entry.iso3} already used on line {iso3_line[entry.iso3]}")
            iso3_line[entry.iso3] = lineno
        for spelling in (entry.name, *entry.aliases):
            key = name_key(spelling)
            if not key:
                raise ValueError(f"{where}: {spelling!r} has an empty lookup key")
            if key in registry and key_line[key] != lineno:
                raise ValueError(
                    f"{where}: {spelling!r} collides with {registry[key].name!r} "
                    f"on line {key_line[key]} (both have key {key!r})"
                )
            registry[key] = entry
            key_line[key] = lineno
    return registry


@lru_cache(maxsize=1)
def _default_registry() -> dict[str, KnownDelegation]:
    return load_registry(DEFAULT_PATH)


def lookup(name: str) -> KnownDelegation | None:
    """The known delegation for any spelling of its name, or None."""
    return _default_registry().get(name_key(name))
