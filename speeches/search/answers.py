"""Broad searches, answered exactly once and kept until the statements change.

A search costs in proportion to its matches: ranking reads and decompresses
every match's search vector (about 8 us a match in PostgreSQL, and 3 us more in
Python for its row, its delegation and its year: docs/PERFORMANCE.md), and the
count and each facet visit the matches again. A search the planner expects to
match at most SMALL statements is computed at each request, in a few
milliseconds whatever the archive's size; a broader one grows with the archive
(a rare word's 600-750 matches at 170,000 statements are 1,700-2,200 at
510,000, and "security", 153,000 matches, takes about a second). So a search is
routed by the planner's estimate (an EXPLAIN, well under a millisecond):
narrow ones are computed as asked; a broader one is computed once, exactly (its
first KEPT ranked ids and its true total, or a facet's counts), and kept in
CachedSearch under the data's generation, so that its next pages, its other
formats and its readers after the first do not read its matches again.

The generation moves on with every committed write to statements, debates,
delegations, their aliases or citations: triggers (migrations 0006, 0009) add a row to
speeches_searchchange, and the generation is a base plus the rows there,
read in one snapshot. It is read before an answer is computed, so an answer
computed while an import commits is kept under the older generation and never
served after it: a search right after an import sees the new statements.

One answer is computed by one process at a time: the reader that finds no
answer takes an advisory lock on it (speeches.locks.ANSWERS, a hash of its key)
and computes it, under the generation read once it holds the lock; readers of
the same search meanwhile wait for what it keeps (which is as new as what they
asked for, or newer) rather than rank the same matches beside it. One that waits
longer than WAIT_SECONDS (a lost lock, a very slow answer) computes it itself.

While an import writes, the generation moves with each batch it commits, a few
times a second: no kept answer would last, and every reader of a broad search
would rank its matches again, each a second or more, all at once on a machine
the import already keeps busy (measured at 170,000 statements: 4.5 pages a
second, p95 14.7 s, some readers without an answer after a minute, against 153
pages a second at rest). So while an import holds the archive's lock
(speeches.locks), the answer kept before it is served (a search first asked
during the import is computed, exactly). Such an answer is not exact: the
request records when it was computed (`as_of`), the search page and the API
say so, and the page is not kept (speeches.page_cache). When the import ends,
it drops every answer of an earlier generation (compact()): the first search
after it sees every new statement.
"""

import contextvars
import hashlib
import json
import re
import struct
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import EmptyResultSet
from django.db import DatabaseError, connection, connections
from django.db.models import QuerySet

from speeches.locks import ANSWERS, import_running
from speeches.models import SEARCH_CONFIG, CachedSearch, SearchChange, SearchGeneration
from speeches.parsing.normalize import fold
from speeches.search.kept import Kept
from speeches.search.reads import read_connection

# Matches up to which a search is computed at each request: a pass over them costs about
# 5 ms, a quarter of the page's budget (20 ms). Searches with more are kept.
SMALL = 500
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
# How long a reader waits for another process's answer before computing it itself, and how
# often it looks meanwhile.
WAIT_SECONDS = 30.0
LOOK_EVERY_SECONDS = 0.05
# When the oldest answer of an earlier generation this request served was computed (None: all
# were exact); speeches.page_cache keeps no page that served one.
served_as_of: contextvars.ContextVar[datetime | None] = contextvars.ContextVar("served_as_of", default=None)

_GENERATION_SQL = f"SELECT g.base + (SELECT count(*) FROM {SearchChange._meta.db_table}) FROM {SearchGeneration._meta.db_table} g"  # noqa: S608 (table names from the models)
# The lexemes of a reader's query, and whether it has alternatives (OR).
_LEXEME = re.compile(r"(!?)'((?:[^']|'')*)'")
_SEVERAL_WORDS = re.compile(r"[\s\-\"]")
# Lexemes whose matches are estimated one by one, at most.
MAX_LEXEMES_ESTIMATED = 4
# The planner's estimates of searches in this process, by generation (Answers._estimate()).
_ESTIMATES = Kept(size=2048)
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
        self._computing = False  # holding an answer's lock
        self._importing: bool | None = None
        # When the oldest answer of an earlier generation served was computed (None: all exact).
        self.as_of: datetime | None = None

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
            # The planner's estimate changes only with the statistics, which an import's
            # ANALYZE writes with its rows: kept for the generation, an EXPLAIN a query saved.
            # (One read between an import's rows and its ANALYZE is kept until the next change:
            # it decides how a search is computed, never its answer.)
            self._estimates[key] = _ESTIMATES.get(
                (self.generation, queryset.db, key), lambda: _estimated_rows(queryset.db, sql, params)
            )
        return self._estimates[key]

    def prefetch(self, *wanted: tuple[str, dict]) -> None:
        """Read the kept answers of several (kind, asked) at once, for get(): one query, not one each."""
        keys = [answer_key(kind, asked) for kind, asked in wanted]
        current = self.generation
        self._kept.update(
            CachedSearch.objects.filter(key__in=keys, generation__gte=current).values_list("key", "value")
        )

    def get(self, kind: str, asked: dict, compute: Callable[[], Any]) -> Any:
        """compute()'s value, from the store if it was computed at this generation or later
        (or, while an import writes, the one kept before it: see the module's docstring)."""
        key = answer_key(kind, asked)
        current = self.generation  # before computing: see the module's docstring
        if key in self._kept:
            return self._kept[key]
        kept = CachedSearch.objects.filter(key=key).values_list("generation", "value", "computed_at").first()
        if kept and kept[0] >= current:
            return kept[1]
        if self._computing:  # an answer computed within another's: its lock is the other's
            return self._compute(key, kind, current, compute)
        if kept and self.importing:
            return self._stale(kept)
        with _one_at_a_time(key) as alone:
            if not alone:  # another process computed it meanwhile
                for value in _stored(key, current):
                    return value
                # Read again now that no other process computes it: kept under the generation
                # then, it is as new as what this reader asked for, and serves those who waited.
                current = generation()
            return self._computed(key, kind, current, compute)

    @property
    def importing(self) -> bool:
        if self._importing is None:
            self._importing = import_running()
        return self._importing

    def _stale(self, kept: tuple[int, Any, datetime]) -> Any:
        computed_at = kept[2]
        if self.as_of is None or computed_at < self.as_of:
            self.as_of = computed_at
        served = served_as_of.get()
        if served is None or computed_at < served:
            served_as_of.set(computed_at)
        return kept[1]

    def _computed(self, key: str, kind: str, current: int, compute: Callable[[], Any]) -> Any:
        self._computing = True
        try:
            return self._compute(key, kind, current, compute)
        finally:
            self._computing = False

    def _compute(self, key: str, kind: str, current: int, compute: Callable[[], Any]) -> Any:
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


def _stored(key: str, current: int) -> QuerySet:
    return CachedSearch.objects.filter(key=key, generation__gte=current).values_list("value", flat=True)


class _one_at_a_time:
    """Holds the answer's lock, once no other process does; `as` gives whether it was
    free at once. After WAIT_SECONDS without it, goes on without it (`as` False)."""

    def __init__(self, key: str):
        self.lock = [ANSWERS, struct.unpack(">i", bytes.fromhex(key[:8]))[0]]
        self.held = False

    def __enter__(self) -> bool:
        alone = True
        deadline = time.monotonic() + WAIT_SECONDS
        with connection.cursor() as cursor:
            while True:
                cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", self.lock)
                self.held = cursor.fetchone()[0]
                if self.held or time.monotonic() >= deadline:
                    return alone and self.held
                alone = False
                time.sleep(LOOK_EVERY_SECONDS)

    def __exit__(self, error_type, error, traceback) -> None:
        if not self.held:
            return
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", self.lock)
        except DatabaseError:
            # Only when computing failed within a transaction, which refuses any statement
            # until rolled back: that error is the one to raise; the lock goes with the
            # connection, and readers waiting for it stop waiting after WAIT_SECONDS.
            if error is None:
                raise


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
