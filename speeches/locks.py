"""The archive's PostgreSQL advisory locks, pg_advisory_lock(class, id): their first keys,
which keep each kind apart from the others and from any other application's."""

from django.db import connection

# (IMPORTS, job id): held by the worker running that import job (speeches.importing.queue).
IMPORTS = 5_401_105
# (IMPORTS, ARCHIVE): held by the import at work, one at a time (no job has id 0).
ARCHIVE = 0
# (ANSWERS, a hash of an answer's key): held by the process computing that answer
# (speeches.search.answers).
ANSWERS = 5_401_106

_HELD_SQL = """
SELECT EXISTS (
    SELECT 1 FROM pg_locks
    WHERE locktype = 'advisory' AND granted AND objsubid = 2
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
      AND classid = %s AND objid = %s
)
"""


def import_running() -> bool:
    """Whether an import holds the archive's lock (a process of any machine, on the primary)."""
    with connection.cursor() as cursor:
        cursor.execute(_HELD_SQL, [IMPORTS, ARCHIVE])
        return cursor.fetchone()[0]
