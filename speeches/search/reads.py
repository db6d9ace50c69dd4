"""The connection the archive's pages read from: a replica's, when there is one (archive.routers).

Raw SQL (ts_headline, EXPLAIN, the generation) goes where the ORM's reads of
statements go, so a page reads one server's data and statistics.
"""

from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper

from speeches.models import Statement


def read_connection() -> BaseDatabaseWrapper:
    return connections[router.db_for_read(Statement)]
