"""Turn DATABASE_URL into Django's DATABASES entry, or start the embedded server.

Kept apart from settings.py so that the embedded server is started in one
place, and only when no DATABASE_URL names a real one.
"""

from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured


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
