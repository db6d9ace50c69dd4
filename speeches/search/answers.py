"""Broad searches, answered exactly once and kept until the statements change.

A search costs in proportion to its matches: ranking reads every match's
search vector, and the count and each facet visit the matches again. Measured
at 170,000 statements (docs/PERFORMANCE.md), a search the planner expects to
match at most SMALL statements is computed at each request well within its
budget; a broad one ("security", 153,000 matches) takes about a second. So a
search is routed by the planner's estimate (an EXPLAIN, well under a
millisecond): narrow ones are computed as asked; a broad one is computed once,
exactly (its first KEPT ranked ids and its true total, or a facet's counts),
and kept in CachedSearch under the data's generation.

The generation moves on with every committed write to statements, debates,
delegations, their aliases or citations: triggers (migrations 0006, 0009) add a row to
speeches_searchchange, and the generation is a base plus the rows there,
read in one snapshot. It is read before an answer is computed, so an answer
computed while an import commits is kept under the older generation and never
served after it: a search right after an import sees the new statements.
"""

import hashlib
import json
import re
import time
from collections.abc import Callable
from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.db.models import QuerySet

from speeches.models import SEARCH_CONFIG, CachedSearch, SearchChange, SearchGeneration
from speeches.parsing.normalize import fold
from speeches.search.reads import read_connection

# Matches up to which a search is computed at each request.
SMALL = 5_000
# Ranked ids kept of a broad search: its first 50 pages.
KEPT = 1_000
# Answers kept, the most recent; older ones go when a new one is stored.
MAX_ANSWERS = 20_000
# What a search means, as kept answers were computed: raised whenever a change of the
# code changes an answer (a filter read differently), so that no answer kept by an
# earlier version is served. 2: a meeting known only by its year is within a date
# range only when its whole year is. 3: a query that names a delegation finds its other
# names (speeches.search.names). 4: kept under the query as typed, the names grouped in the
# parsed query.
ANSWERS_VERSION = 4

_GENERATION_SQL = f"SELECT g.base + (SELECT count(*) FROM {SearchChange._meta.db_table}) FROM {SearchGeneration._meta.db_table} g"  # noqa: S608 (table names from the models)
# The lexemes of a reader's query, and whether it has alternatives (OR).
_LEXEME = re.compile(r"(!?)'((?:[^']|'')*)'")
_SEVERAL_WORDS = re.compile(r"[\s\-\"]")
# Lexemes whose matches are estimated one by one, at most.
MAX_LEXEMES_ESTIMATED = 4
_COMPACT_SQL = f"""
WITH gone AS (DELETE FROM {SearchChange._meta.db_table} RETURNING 1)
UPDATE {SearchGeneration._meta.db_table} SET base = base + (SELECT count(*) FROM gone)
"""  # noqa: S608 (table names from the models)


def generation() -> int:
    """A number that grows with every committed change to what searches read."""
    with read_connection().cursor() as cursor:
        cursor.execute(_GENERATION_SQL)
        return cursor.fetchone()[0]


def estimated_rows(queryset: QuerySet) -> int:
    """The planner's estimate of the rows `queryset` returns."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    return _estimated_rows(queryset.db, sql, params)


def _estimated_rows(db: str, sql: str, params) -> int:
    with connections[db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def query_lexemes(text: str) -> tuple[list[str], bool]:
    """The lexemes a query requires (not those it excludes), quoted as in a tsquery, and whether
    it has an OR."""
    with read_connection().cursor() as cursor:
        cursor.execute("SELECT websearch_to_tsquery(%s::regconfig, %s)::text", [SEARCH_CONFIG, fold(text)])
        tsquery = cursor.fetchone()[0]
    required = [
        match[0] for match in _LEXEME.finditer(tsquery) if not match[1]
    ]  # quoted, as tsquery writes them
    return list(dict.fromkeys(required)), "|" in tsquery


def required_lexemes(text: str) -> list[str]:
    """The lexemes a query requires, as the search vectors hold them ("sanction"), unquoted."""
    return [lexeme[1:-1].replace("''", "'") for lexeme in query_lexemes(text)[0]]


class Answers:
    """The broad answers of one request, all read against one generation."""

    def __init__(self):
        self._generation: int | None = None
        self._estimates: dict[str, int] = {}
        self._lexemes: dict[str, tuple[list[str], bool]] = {}
        self.computed: list[str] = []  # kinds computed during this request (for tests and the benchmark)
        self._kept: dict[str, Any] = {}  # answers read by prefetch()

    @property
    def generation(self) -> int:
        if self._generation is None:
            self._generation = generation()
        return self._generation

    def is_broad(self, filterset, ignoring: frozenset[str] = frozenset()) -> bool:
        """Whether the search of `filterset`, without the parameters `ignoring`, may match
        more than SMALL statements.

        The planner takes the words of a query as independent: "sexual violence"
        is estimated at 3,000 matches and has 18,700. A query that requires several
        words matches at most what its rarest word matches, so it is estimated
        word by word, and counts as broad only when every word is.
        """
        text = filterset.form.cleaned_data.get("q") or ""
        # A query naming a delegation is searched with its other names: alternatives.
        if not text or filterset.widened.rewrites:
            return self._estimate(filterset.filter_without(ignoring)) > SMALL
        if text not in self._lexemes:
            # One word needs no look at its lexemes (nor a query to find them).
            self._lexemes[text] = query_lexemes(text) if _SEVERAL_WORDS.search(text) else ([], False)
        lexemes, alternatives = self._lexemes[text]
        if alternatives or len(lexemes) < 2:
            return self._estimate(filterset.filter_without(ignoring)) > SMALL
        others = filterset.filter_without(ignoring | {"q"})
        return all(
            self._estimate(others.filter(search=SearchQuery(lexeme, search_type="raw", config="simple")))
            > SMALL
            for lexeme in lexemes[:MAX_LEXEMES_ESTIMATED]
        )

    def _estimate(self, queryset: QuerySet) -> int:
        try:
            # Compiled once, for the key and the EXPLAIN (compiling is most of an estimate's cost).
            sql, params = queryset.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # a filter that nothing can pass, such as an unknown resolution
            return 0
        key = f"{sql} {params!r}"
        if key not in self._estimates:
            self._estimates[key] = _estimated_rows(queryset.db, sql, params)
        return self._estimates[key]

    def prefetch(self, *wanted: tuple[str, dict]) -> None:
        """Read the kept answers of several (kind, asked) at once, for get(): one query, not one each."""
        keys = [answer_key(kind, asked) for kind, asked in wanted]
        current = self.generation
        self._kept.update(
            CachedSearch.objects.filter(key__in=keys, generation=current).values_list("key", "value")
        )

    def get(self, kind: str, asked: dict, compute: Callable[[], Any]) -> Any:
        """compute()'s value, from the store if it was computed at this generation."""
        key = answer_key(kind, asked)
        current = self.generation  # before computing: see the module's docstring
        if key in self._kept:
            return self._kept[key]
        kept = CachedSearch.objects.filter(key=key, generation=current).values_list("value", flat=True)
        for value in kept:
            return value
        started = time.monotonic()
        value = compute()
        self.computed.append(kind)
        CachedSearch.objects.update_or_create(
            key=key,
            defaults={
                "generation": current,
                "value": value,
                "milliseconds": round((time.monotonic() - started) * 1000),
            },
        )
        if CachedSearch.objects.count() > MAX_ANSWERS:
            forget(keep=MAX_ANSWERS // 2)
        return value


def answer_key(kind: str, asked: dict) -> str:
    what = [ANSWERS_VERSION, kind, asked]
    return hashlib.sha256(json.dumps(what, sort_keys=True, default=str).encode()).hexdigest()


def forget(*, keep: int = 0) -> None:
    """Drop answers of past generations, and all but the `keep` most recent."""
    CachedSearch.objects.filter(generation__lt=generation()).delete()
    if keep:
        recent = CachedSearch.objects.order_by("-computed_at").values_list("pk", flat=True)[:keep]
        CachedSearch.objects.exclude(pk__in=list(recent)).delete()
    else:
        CachedSearch.objects.all().delete()


def compact() -> None:
    """Fold the change log into the generation's base, which leaves the generation as it
    was, and drop the answers of earlier generations, which can never be served again."""
    with connection.cursor() as cursor:
        cursor.execute(_COMPACT_SQL)
    CachedSearch.objects.filter(generation__lt=generation()).delete()
