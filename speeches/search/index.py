"""Maintenance of what searches read, called by the importer: the statements' full-text
(GIN) index during large imports, and the searched tables' statistics after any import.

Updating a GIN index row by row costs more than building it once: measured
here, 0.64 ms a statement against 0.18 ms for a fresh build (docs/PERFORMANCE.md). So an import
that at least doubles the archive, and is large, drops the index first and
builds it again at the end (then ANALYZE, so the planner knows the new rows).
Searches during such an import are slower but still correct. An import that
was killed before rebuilding leaves no index; the next import, large or
small, builds it again.
"""

from django.db import connection

from speeches.models import Citation, Debate, Delegation, Resolution, Statement
from speeches.search import answers, sorts

INDEX_NAME = "statement_search"
# Below this many new statements, updating the index as rows arrive is cheaper.
MIN_STATEMENTS = 20_000


def _index():
    return next(index for index in Statement._meta.indexes if index.name == INDEX_NAME)


def exists() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [INDEX_NAME])
        return cursor.fetchone() is not None


def defer_for(new_statements: int) -> bool:
    """Drop the index if an import of this size is faster without it."""
    if not exists():
        return True  # left behind by an interrupted import: build it at the end
    if new_statements < MIN_STATEMENTS or new_statements < Statement.objects.count():
        return False
    with connection.schema_editor() as editor:
        editor.remove_index(Statement, _index())
    return True


def rebuild() -> None:
    """Build the index if it is missing."""
    if not exists():
        # A GIN build sorts in memory: the default 64 MB makes it merge runs
        # from disk at archive scale.
        with connection.schema_editor() as editor:
            # Inside a larger transaction (a dry run, or a small import after an
            # interrupted one), foreign keys checked at commit would forbid the build:
            # check them now.
            editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            editor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            editor.add_index(Statement, _index())


def analyze() -> None:
    """Statistics of the new rows, for the planner's estimates (searches are routed by them)."""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Statement._meta.db_table}")


# The tables searches read, whose statistics route them (see after_import()).
SEARCHED_MODELS = [Statement, Citation, Debate, Delegation, Resolution]
# A table is analysed again once this share of its rows changed (autovacuum's default).
ANALYZE_SHARE = 0.1


def after_import() -> None:
    """Keep searches' statistics current and the change log short, after an import.

    Searches are routed by the planner's estimates, so the tables they read are
    analysed (and vacuumed, which lets counts use index-only scans) once a tenth
    of their rows changed, as autovacuum would: a server may run without it, and
    an import outpaces it. Then the search generation's change log is compacted
    (speeches.search.answers.compact), and the concordances readers sorted lately are queued
    to be sorted again (speeches.search.sorts.after_import).
    """
    with connection.cursor() as cursor:
        # This process's own writes reach the statistics views once it is idle between statements.
        cursor.execute("SELECT pg_stat_force_next_flush()")
        cursor.execute(
            "SELECT relname, n_mod_since_analyze, n_ins_since_vacuum, n_live_tup FROM pg_stat_user_tables "
            "WHERE relname = ANY(%s)",
            [[model._meta.db_table for model in SEARCHED_MODELS]],
        )
        for table, modified, inserted, live in cursor.fetchall():
            threshold = 50 + ANALYZE_SHARE * live
            if modified <= threshold and inserted <= threshold:
                continue
            if connection.in_atomic_block:  # VACUUM cannot run in a transaction (tests, dry runs)
                cursor.execute(f"ANALYZE {table}")
            else:
                cursor.execute(f"VACUUM ({'ANALYZE' if modified > threshold else 'SKIP_LOCKED'}) {table}")
    answers.compact()
    sorts.after_import()
