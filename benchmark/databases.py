"""The benchmark's own database, and how its processes reach it."""

import os
import platform
import sys
from contextlib import closing
from urllib.parse import quote

import psycopg2
from django.conf import settings
from django.db import connection
from django.db.models import Model, QuerySet


class benchmark_database:
    """A database of the benchmark's own on the archive's server, dropped on exit."""

    def __enter__(self) -> str:
        settings_dict = connection.settings_dict
        self.name = f"{settings_dict['NAME']}_benchmark_{os.getpid()}"
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{self.name}"')
        return _url(settings_dict, self.name)

    def __exit__(self, *exc):
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def fetch(url: str, queryset: QuerySet) -> list[Model]:
    """The rows of `queryset` in the database `url` names, as model instances.

    The query is Django's, compiled here; it runs on a connection of its own
    rather than a database alias added to this process, which Django's tests
    (rightly) refuse to reach."""
    sql, params = queryset.query.sql_with_params()
    model = queryset.model
    names = [field.attname for field in model._meta.concrete_fields]
    with closing(psycopg2.connect(url)) as db, db.cursor() as cursor:
        cursor.execute(sql, params)
        return [model.from_db(None, names, row) for row in cursor.fetchall()]


def database_url() -> str:
    """The default database's settings as a DATABASE_URL, for another process."""
    settings_dict = connection.settings_dict
    return _url(settings_dict, settings_dict["NAME"])


def _url(settings_dict: dict, name: str) -> str:
    host = settings_dict["HOST"]
    user = quote(settings_dict["USER"] or "")
    password = quote(settings_dict["PASSWORD"] or "")
    netloc = f"{user}:{password}@" if user else ""
    if host.startswith("/"):
        return f"postgresql://{netloc}/{name}?host={quote(host)}"
    port = f":{settings_dict['PORT']}" if settings_dict["PORT"] else ""
    return f"postgresql://{netloc}{host}{port}/{name}"


def manage(*arguments: str) -> list[str]:
    """The command line of `manage.py <arguments>` in a process of the benchmark's own."""
    return [sys.executable, str(settings.BASE_DIR / "manage.py"), *arguments]


def benchmark_env(url: str) -> dict:
    """The environment of the benchmark's own processes: its database, production settings."""
    return {**os.environ, "DATABASE_URL": url, "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1,localhost"}


def machine() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    return {
        "cpus": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3, 1),
        "python": platform.python_version(),
        "postgresql": server,
        "platform": platform.platform(),
    }


def disk() -> dict:
    """What the archive takes on disk, in MB: the whole database, the statements (their table
    with its TOAST and indexes), and of those the full-text (GIN) index alone."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_database_size(current_database()), pg_total_relation_size('speeches_statement'), "
            "coalesce(pg_relation_size(to_regclass('statement_search')), 0)"
        )
        database, statements, index = cursor.fetchone()
    mb = 1024 * 1024
    return {
        "database_mb": round(database / mb, 1),
        "statements_mb": round(statements / mb, 1),
        "search_index_mb": round(index / mb, 1),
    }
