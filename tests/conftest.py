"""Fixtures shared by every test, and the test database's sample corpus.

The sample corpus (sample/) is imported once for the session, committed, the first time a test
asks for it (`sample_db`); each test's writes are rolled back with its transaction, so the next
test finds the sample as imported. A database test that does not ask for it finds the archive
empty. pytest-django runs the transactional tests last and flushes the database after each, so:

- tests are ordered (pytest_collection_modifyitems) so that those that do not want the sample
  come first, then those that do, then the transactional tests that do, then the transactional
  tests that do not: the sample is imported once before the transactional tests, and again only
  for a transactional test after another one flushed it;
- before each database test, the archive is checked (`the_archive_as_asked`): a test that wants
  the sample and finds it gone (flushed, or never imported) imports it (committed if the test is
  transactional, inside its transaction if not); a test that does not want it and finds it
  empties the archive's tables, inside its own transaction (rolled back after it, so the sample
  is back for the next test) or, for a transactional test, committed.
"""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample"
REFERENCE = SAMPLE / "reference" / "000_b907de60422aaedd.txt"

SAMPLE_FIXTURE = "sample_db"


def wants_sample(item: pytest.Item) -> bool:
    return SAMPLE_FIXTURE in getattr(item, "fixturenames", ())


def uses_db(item: pytest.Item) -> bool:
    names = getattr(item, "fixturenames", ())
    return item.get_closest_marker("django_db") is not None or "db" in names or "transactional_db" in names


def is_transactional(item: pytest.Item) -> bool:
    """As pytest-django decides it: the test commits, and the database is flushed after it."""
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    names = getattr(item, "fixturenames", ())
    return any(name in names for name in ("transactional_db", "live_server", "django_db_reset_sequences"))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests without the sample before those with it; among the transactional tests, which
    pytest-django then moves after the others (keeping this order), those with it first."""
    items.sort(key=lambda item: wants_sample(item) != is_transactional(item))


def assert_test_database() -> None:
    """Refuse to commit to, or empty, anything but pytest-django's test database."""
    from django.db import connection

    settings = connection.settings_dict
    name, test_name = settings["NAME"], settings["TEST"].get("NAME")
    assert name == test_name or (not test_name and name.startswith("test_")), (
        f"the tests would write the sample to {name!r}, which is not a test database: "
        "use `sample_db` only from a test marked django_db"
    )


class Archive:
    """What the test database's archive tables hold: the sample, imported once, or nothing."""

    def __init__(self, django_db_blocker):
        self.blocker = django_db_blocker
        self.report = None  # the sample's import
        self.figures_of_sample = None

    @staticmethod
    def tables() -> list[str]:
        from django.apps import apps

        models = apps.get_app_config("speeches").get_models(include_auto_created=True)
        # Unmanaged models are the search generation's own tables, whose rows their migrations made.
        return [model._meta.db_table for model in models if model._meta.managed]

    @staticmethod
    def _one_row(sql: str) -> tuple:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()

    def is_empty(self) -> bool:
        (anything,) = self._one_row(
            "SELECT " + " OR ".join(f"EXISTS (SELECT FROM {t})" for t in self.tables())
        )
        return not anything

    def figures(self) -> tuple:
        """How many rows each table holds."""
        return self._one_row("SELECT " + ", ".join(f"(SELECT count(*) FROM {t})" for t in self.tables()))

    def holds_sample(self) -> bool:
        return self.figures_of_sample is not None and self.figures() == self.figures_of_sample

    def delete_all(self) -> None:
        """Empty the archive's tables in the test's transaction, which rolls it back.

        DELETE, not TRUNCATE: TRUNCATE would lock the tables against the connections a test
        opens besides its own (an import's progress is written on a connection of its own)."""
        from django.db import connection

        with connection.cursor() as cursor:
            for table in self.tables():
                cursor.execute(f"DELETE FROM {table}")
            # Check the deferred foreign keys now (nothing refers to anything any more), so that
            # no trigger event is left pending for the test; then defer them again, as Django's are.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    def import_sample(self) -> None:
        """Import the sample into the empty archive, in the current transaction."""
        from speeches.importing.run import import_paths

        report = import_paths([SAMPLE])
        assert report.ok, report.refused
        self.report = self.report or report
        self.figures_of_sample = self.figures()

    def commit_sample(self) -> None:
        with self.blocker.unblock():
            if not self.holds_sample():
                assert_test_database()
                self.commit_empty()
                self.import_sample()

    def commit_empty(self) -> None:
        from django.db import connection

        with self.blocker.unblock():
            if not self.is_empty():
                assert_test_database()
                with connection.cursor() as cursor:
                    cursor.execute(f"TRUNCATE {', '.join(self.tables())}")


@pytest.fixture(scope="session")
def archive(django_db_setup, django_db_blocker) -> Archive:
    """The archive of the test database (first requested inside a test's transaction, maybe)."""
    archive = Archive(django_db_blocker)
    yield archive
    archive.commit_empty()  # for the next session, should it reuse the database (--reuse-db)


@pytest.fixture(scope="session")
def sample_imported(archive) -> Archive:
    """The sample, committed before the first test that wants it opens its transaction."""
    archive.commit_sample()
    return archive


@pytest.fixture
def sample_db(sample_imported):
    """The sample corpus in the archive (request it, or use it with usefixtures, from a test
    marked django_db); the sample's import report."""
    return sample_imported.report


@pytest.fixture(autouse=True)
def the_archive_as_asked(request):
    """The archive holds the sample for a database test that asked for it, and nothing for one that did not."""
    if not uses_db(request.node):
        return
    from django.db import connection

    archive = request.getfixturevalue("archive")
    for name in ("transactional_db", "db"):  # set up now, if a fixture and not the mark asks for it
        if name in request.fixturenames:
            request.getfixturevalue(name)
            break
    in_test_transaction = connection.in_atomic_block  # False: a transactional test
    if wants_sample(request.node):
        if archive.holds_sample():
            return
        if not in_test_transaction:
            archive.commit_sample()
            return
        # Flushed by a transactional test that ran before this one: imported for this test only.
        if not archive.is_empty():
            archive.delete_all()
        archive.import_sample()
    elif not archive.is_empty():
        if in_test_transaction:
            archive.delete_all()  # rolled back after the test: the sample is back for the next one
        else:
            archive.commit_empty()


@pytest.fixture(autouse=True)
def pages_are_built(settings):
    """Tests read each page's context: pages are built, never served from speeches.page_cache,
    whose keys (the generation) repeat when a test's writes are rolled back."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def nothing_kept_between_tests():
    """What web processes keep by search generation (speeches.search.kept) is forgotten
    before each test: the generation repeats when a test's writes are rolled back."""
    from speeches.search.kept import Kept

    Kept.forget_all()


@pytest.fixture
def write_file(tmp_path):
    """Write bytes or text to a file under tmp_path and return its path."""

    def write(name: str, content: bytes | str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        return path

    return write
