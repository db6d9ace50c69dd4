from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample"
DATA = Path(__file__).resolve().parent / "data"
REFERENCE = SAMPLE / "reference" / "000_b907de60422aaedd.txt"


@pytest.fixture(autouse=True)
def pages_are_built(settings):
    """Tests read each page's context: pages are built, never served from speeches.page_cache,
    whose keys (the generation) repeat when a test's writes are rolled back."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def sample() -> Path:
    return SAMPLE


@pytest.fixture
def write_file(tmp_path):
    """Write bytes or text to a file under tmp_path and return its path."""

    def write(name: str, content: bytes | str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        return path

    return write


@pytest.fixture(scope="module")
def sample_db(django_db_setup, django_db_blocker):
    """The sample corpus, imported once for a module's tests and rolled back after them.

    Each test runs in a savepoint inside this transaction (request `db` or mark
    django_db), so what one test adds is gone for the next.
    """
    from django.db import transaction

    from speeches.importing.run import import_paths

    with django_db_blocker.unblock(), transaction.atomic():
        report = import_paths([SAMPLE])
        assert report.ok, report.refused
        yield report
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def nothing_kept_between_tests():
    """What web processes keep by search generation (speeches.search.kept) is forgotten
    before each test: the generation repeats when a test's writes are rolled back."""
    from speeches.search.kept import Kept

    Kept.forget_all()
