"""Every delegation and its spellings, as a search page needs them, read once a search generation."""

from urllib.parse import quote_plus

from speeches.models import Delegation, DelegationAlias
from speeches.search import answers
from speeches.search.kept import Kept
from speeches.search.names import Names
from speeches.search.reads import read_connection


class DelegationList:
    """Every delegation, with what each search page derives from them: the form's choices
    (also the select's <option>s, rendered once a list: the delegation_options tag) and the
    facet's names and link parameters (a few hundred each, which cost several milliseconds
    a page to build). One instance is kept per process and reused while the delegations
    read at each request are the same."""

    def __init__(self, rows: list[tuple[int, str, str]]):
        self.rows = rows
        self.choices = [(slug, name) for _, slug, name in rows]
        self.names = {pk: (slug, name) for pk, slug, name in rows}
        self.by_slug = dict(self.choices)
        # A facet value's link parameter, quoted once (speeches.search.facets).
        self.quoted = {slug: quote_plus(slug) for _, slug, _ in rows}


_kept_delegations: DelegationList | None = None


# Every delegation (with its slug) in the order of its name, then every alias (without one);
# `position` orders them all by (delegation, name), as Names reads them.
_SQL = f"""
SELECT id, slug, name, row_number() OVER (ORDER BY id, name) AS position
FROM (
    SELECT id, slug, name FROM {Delegation._meta.db_table}
    UNION ALL
    SELECT delegation_id, NULL, name FROM {DelegationAlias._meta.db_table}
) AS spellings
ORDER BY slug IS NULL, name, position
"""  # noqa: S608 (table names from the models)


class Directory:
    """The delegations and their spellings, as searches read them: one query."""

    def __init__(self, rows: list[tuple[int, str | None, str, int]]):
        self.delegations = DelegationList(
            [(pk, slug, name) for pk, slug, name, _ in rows if slug is not None]
        )
        self.names = Names([(pk, name) for pk, _, name, _ in sorted(rows, key=lambda row: row[3])])


_kept = Kept(size=2)


def directory(generation: int | None = None) -> Directory:
    """The directory, read once a search generation (speeches.search.kept)."""
    if generation is None:
        generation = answers.generation()
    return _kept.get(generation, _read)


def _read() -> Directory:
    with read_connection().cursor() as cursor:
        cursor.execute(_SQL)
        return Directory(cursor.fetchall())


def delegation_list(generation: int | None = None) -> DelegationList:
    return directory(generation).delegations


def spellings(generation: int | None = None) -> Names:
    """Every delegation's spellings, for speeches.search.names.widen."""
    return directory(generation).names


def delegation_choices() -> list[tuple[str, str]]:
    return delegation_list().choices
