"""Turn DATABASE_URL into Django's DATABASES entry, or start the embedded server.

Kept apart from settings.py so that the embedded server is started in one
place, and only when no DATABASE_URL names a real one.
"""

from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

# Settings of every session, measured at archive size (docs/PERFORMANCE.md): JIT
# compiling costs more than the short queries it would speed up; parallel
# workers on two cores slow everyone else down and lead the planner to
# sequential scans; 4 MB of work_mem turns a common word's bitmap lossy. A URL's
# own `options` parameter replaces them.
SESSION_OPTIONS = "-c jit=off -c max_parallel_workers_per_gather=0 -c work_mem=32MB"


def database_config(url: str, embedded_data_dir: Path) -> dict:
    if not url:
        url = embedded_database_url(embedded_data_dir)
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        raise ImproperlyConfigured(
            f"DATABASE_URL must be a postgres:// URL, not {parts.scheme or url!r}: "
            "the archive's search needs PostgreSQL"
        )
    options = dict(parse_qsl(parts.query))
    options.setdefault("options", SESSION_OPTIONS)
    host = options.pop("host", None) or unquote(parts.hostname or "")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")) or "postgres",
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": host,
        "PORT": str(parts.port or ""),
        "OPTIONS": options,
        "TEST": {"NAME": options.pop("test_name", None)},
    }


def embedded_database_url(data_dir: Path) -> str:
    """Start (or reuse) the pgserver instance kept in data_dir.

    The server is left running when this process exits (cleanup_mode=None),
    so the development server's reloader, the test runner and the import
    command all share one instance instead of starting one each.
    """
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns about XDG_RUNTIME_DIR
        try:
            import pgserver
        except ImportError:
            raise ImproperlyConfigured(
                "DATABASE_URL is not set and the embedded PostgreSQL (pgserver) is not installed: "
                "run `pip install -r requirements.txt` or set DATABASE_URL"
            ) from None
        server = pgserver.get_server(data_dir, cleanup_mode=None)
    return server.get_uri()


def replica_config(url: str) -> dict:
    """A read replica's DATABASES entry. Tests read it through the primary's test database."""
    config = database_config(url, Path())
    config["TEST"] = {"MIRROR": "default"}
    return config
