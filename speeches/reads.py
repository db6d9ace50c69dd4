"""The connection the archive's pages read from: a replica's, when there is one (archive.routers).

Raw SQL (ts_headline, EXPLAIN, the generation) goes where the ORM's reads of
statements go, so a page reads one server's data and statistics.
"""

from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper


def read_connection() -> BaseDatabaseWrapper:
    from speeches.models import Statement  # here: speeches.models imports modules that use this one

    return connections[router.db_for_read(Statement)]
