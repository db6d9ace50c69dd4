"""What PostgreSQL alone needs to store an import's statements: the floor under the importer.

An import's parallel phase is CPU-bound, and most of its CPU is PostgreSQL
building each statement's search vector, which the database must do itself
(a generated column). This measures that share on its own: the statements just
imported are copied into an empty table of the same definition (its vector,
storage, compression, statistics targets and b-tree indexes, without the GIN
index) by two sessions at once, as the import's two workers write, and then the
GIN index and the statistics are built as the import builds them. No importer
on the same machine, whatever it parsed with, could store those statements in
less time; the difference is what the importer itself costs (reading, parsing,
citations, foreign keys, commits).
"""

import threading
import time
from contextlib import closing

import psycopg2
from psycopg2 import sql

from speeches.models import Statement

SESSIONS = 2
TABLE = "benchmark_floor_statement"
_TABLE = sql.Identifier(TABLE)
_SOURCE = sql.Identifier(Statement._meta.db_table)
_VECTOR = Statement._meta.get_field("search").column


def measure_floor(url: str) -> dict:
    """Copy every statement of the database at `url` into a scratch table and
    index it; return the seconds of each step. The scratch table is dropped."""
    with closing(psycopg2.connect(url)) as connection, connection.cursor() as cursor:
        connection.autocommit = True
        try:
            columns = create_scratch_table(cursor)
            started = time.monotonic()
            _copy_in_sessions(url, columns)
            copied = time.monotonic()
            cursor.execute("SET maintenance_work_mem = '512MB'")  # as speeches.search.index.rebuild()
            cursor.execute(
                sql.SQL("CREATE INDEX ON {} USING gin ({})").format(_TABLE, sql.Identifier(_VECTOR))
            )
            indexed = time.monotonic()
            cursor.execute(sql.SQL("ANALYZE {}").format(_TABLE))
            analysed = time.monotonic()
            cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(_TABLE))
            statements = cursor.fetchone()[0]
        finally:
            cursor.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(_TABLE))
    seconds = analysed - started
    return {
        "statements": statements,
        "rows_seconds": round(copied - started, 2),
        "index_seconds": round(indexed - copied, 2),
        "statistics_seconds": round(analysed - indexed, 2),
        "seconds": round(seconds, 2),
        "statements_per_second": round(statements / seconds, 1) if seconds else None,
    }


def create_scratch_table(cursor) -> sql.Composable:
    """An empty table defined as the statements' table, without its GIN index;
    returns the columns a row is written with (all but the generated vector)."""
    cursor.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(_TABLE))
    cursor.execute(sql.SQL("CREATE TABLE {} (LIKE {} INCLUDING ALL)").format(_TABLE, _SOURCE))
    cursor.execute(
        "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s", [TABLE, "% USING gin %"]
    )
    for (index,) in cursor.fetchall():
        cursor.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(index)))
    # LIKE leaves out columns' statistics targets; the vector's decides how much ANALYZE reads.
    cursor.execute(
        "SELECT attname, attstattarget FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
        "AND NOT attisdropped AND attstattarget >= 0",
        [Statement._meta.db_table],
    )
    for name, target in cursor.fetchall():
        cursor.execute(
            sql.SQL("ALTER TABLE {} ALTER COLUMN {} SET STATISTICS {}").format(
                _TABLE, sql.Identifier(name), sql.Literal(target)
            )
        )
    cursor.execute(
        "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
        "AND NOT attisdropped AND attgenerated = '' ORDER BY attnum",
        [TABLE],
    )
    return sql.SQL(", ").join(sql.Identifier(name) for (name,) in cursor.fetchall())


def _copy_in_sessions(url: str, columns: sql.Composable) -> None:
    """Each session copies its share of the statements, committing without waiting for the disk."""
    errors: list[BaseException] = []

    def copy(part: int) -> None:
        try:
            with closing(psycopg2.connect(url)) as connection, connection.cursor() as cursor:
                connection.autocommit = True
                cursor.execute("SET synchronous_commit = off")
                cursor.execute(
                    sql.SQL("INSERT INTO {} ({}) SELECT {} FROM {} WHERE id %% %s = %s").format(
                        _TABLE, columns, columns, _SOURCE
                    ),
                    [SESSIONS, part],
                )
        except BaseException as exc:  # reported by the caller's thread
            errors.append(exc)

    threads = [threading.Thread(target=copy, args=(part,)) for part in range(SESSIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
