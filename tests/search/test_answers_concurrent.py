"""Kept answers read by several processes at once (speeches.search.answers): one process
computes an answer while the others wait for it, and while an import writes, readers are
served recent answers of an earlier generation, and told so. A reader in another process is a
thread here, with a database connection of its own, as each web process has."""

import threading
import time
from datetime import datetime, timedelta
from urllib.parse import urlencode

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone

from speeches import locks
from speeches.models import CachedSearch
from speeches.search import answers
from speeches.search.answers import Answers

ASKED = {"q": "security", "sort": "relevance"}
FIRST = {"ids": [3, 1, 2], "total": 3}
LATER = {"ids": [4, 3, 1, 2], "total": 4}


class Reader:
    """Answers().get(...) in a thread of its own; `waiting` is set once it waits for the lock."""

    def __init__(self, compute):
        self.compute = compute
        self.waiting = threading.Event()
        self.value = self.error = None
        self.computed: list[str] = []
        self.thread = threading.Thread(target=self._run)

    def _run(self):
        try:
            found = Answers()
            self.value = found.get("ranked", ASKED, self.compute)
            self.computed = found.computed
        except Exception as error:  # noqa: BLE001 (raised again in the test's thread by result())
            self.error = error
        finally:
            connection.close()

    def result(self):
        self.thread.join(20)
        assert not self.thread.is_alive()
        if self.error:
            raise self.error
        return self.value


@pytest.fixture
def sleeps_seen(monkeypatch):
    """A reader's thread that sleeps (waiting for another's lock) sets its `waiting`."""
    readers: dict[threading.Thread, Reader] = {}
    sleep = time.sleep

    def seen(seconds):
        reader = readers.get(threading.current_thread())
        if reader:
            reader.waiting.set()
        sleep(seconds)

    monkeypatch.setattr(answers.time, "sleep", seen)

    def start(compute) -> Reader:
        reader = Reader(compute)
        readers[reader.thread] = reader
        reader.thread.start()
        return reader

    return start


def blocked(value, started: threading.Event, go: threading.Event):
    def compute():
        started.set()
        assert go.wait(20)
        return value

    return compute


def never():
    raise AssertionError("computed, not read from the store")


def move_the_generation_on():
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO speeches_searchchange DEFAULT VALUES")


@pytest.mark.django_db(transaction=True)
def test_readers_wait_for_the_process_computing_their_answer(sleeps_seen):
    started, go = threading.Event(), threading.Event()
    first = sleeps_seen(blocked(FIRST, started, go))
    assert started.wait(20)
    second = sleeps_seen(never)
    assert second.waiting.wait(20)
    go.set()
    assert first.result() == FIRST
    assert second.result() == FIRST
    assert (first.computed, second.computed) == (["ranked"], [])
    assert CachedSearch.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_reader_who_asked_after_a_change_gets_an_answer_computed_after_it(sleeps_seen):
    before = answers.generation()
    started, go = threading.Event(), threading.Event()
    first = sleeps_seen(blocked(FIRST, started, go))
    assert started.wait(20)
    move_the_generation_on()  # a write the first computation may not have seen
    later = sleeps_seen(lambda: LATER)
    assert later.waiting.wait(20)
    go.set()
    assert first.result() == FIRST
    assert later.result() == LATER
    assert later.computed == ["ranked"]
    assert CachedSearch.objects.get().generation == before + 1
    # And the next reader reads it.
    assert Answers().get("ranked", ASKED, never) == LATER


@pytest.mark.django_db(transaction=True)
def test_a_reader_waits_for_a_lost_lock_only_so_long(monkeypatch):
    monkeypatch.setattr(answers, "WAIT_SECONDS", 0.3)
    holder = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with holder.cursor() as cursor:
            lock = answers._one_at_a_time(answers.answer_key("ranked", ASKED)).lock
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", lock)
        found = Answers()
        started = time.monotonic()
        assert found.get("ranked", ASKED, lambda: FIRST) == FIRST
        assert time.monotonic() - started >= 0.3
        assert found.computed == ["ranked"]
    finally:
        holder.close()


def held_answer_locks() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND granted",
            [locks.ANSWERS],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_the_lock_is_let_go_when_computing_fails():
    def fails():
        assert held_answer_locks() == 1
        raise ValueError("the answer could not be computed")

    with pytest.raises(ValueError, match="could not be computed"):
        Answers().get("ranked", ASKED, fails)
    assert held_answer_locks() == 0
    assert Answers().get("ranked", ASKED, lambda: FIRST) == FIRST
    assert held_answer_locks() == 0


def take(lock: list, held) -> None:
    with held.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", lock)


@pytest.fixture
def importing():
    """An import at work, as the archive's lock held by another process says; that process."""
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    take([locks.IMPORTS, locks.ARCHIVE], other)
    yield other
    other.close()


def kept_at_an_earlier_generation(value, *, seconds_ago: float = 0):
    assert Answers().get("ranked", ASKED, lambda: value) == value
    CachedSearch.objects.update(computed_at=timezone.now() - timedelta(seconds=seconds_ago))
    move_the_generation_on()
    return CachedSearch.objects.get().computed_at


@pytest.mark.django_db
@pytest.mark.parametrize("seconds_ago", [0, 3600])
def test_while_an_import_writes_the_answer_kept_before_is_served(importing, seconds_ago):
    computed_at = kept_at_an_earlier_generation(FIRST, seconds_ago=seconds_ago)
    found = Answers()
    assert found.get("ranked", ASKED, never) == FIRST
    assert found.as_of == computed_at
    assert found.computed == []


@pytest.mark.django_db
def test_while_an_import_writes_a_search_first_asked_is_computed(importing):
    found = Answers()
    assert found.get("ranked", ASKED, lambda: FIRST) == FIRST
    assert (found.as_of, found.computed) == (None, ["ranked"])


@pytest.mark.django_db
def test_with_no_import_at_work_an_answer_of_an_earlier_generation_is_never_served():
    kept_at_an_earlier_generation(FIRST)
    found = Answers()
    assert found.get("ranked", ASKED, lambda: LATER) == LATER
    assert (found.as_of, found.computed) == (None, ["ranked"])


IMPORTING = "An import is adding statements to the archive: these results and counts are as they were at"


@pytest.mark.django_db
@pytest.mark.usefixtures("sample_db")
def test_the_search_page_says_when_it_shows_answers_of_before_an_imports_latest_statements(
    client, monkeypatch, settings
):
    monkeypatch.setattr(answers, "SMALL", -1)  # every search broad: answered from the store
    settings.PAGE_CACHE_SECONDS = 600  # as deployed: pages kept
    url = "/statements/?" + urlencode({"q": "women"})
    exact = client.get(url)
    assert IMPORTING not in exact.content.decode()
    move_the_generation_on()
    held = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        take([locks.IMPORTS, locks.ARCHIVE], held)
        during = client.get(url)
        as_of = min(CachedSearch.objects.values_list("computed_at", flat=True))
        assert f"{IMPORTING} {as_of:%H:%M:%S} UTC" in during.content.decode()
        assert during.context["search"].total == exact.context["search"].total
        api = client.get("/api/statements/?" + urlencode({"q": "women"})).json()
        assert datetime.fromisoformat(api["as_of"].replace("Z", "+00:00")) == as_of
    finally:
        held.close()
    # The import over, the page is built again (not the one built while it ran), and exact.
    after = client.get(url)
    assert after.context is not None
    assert IMPORTING not in after.content.decode()
    assert after.context["search"].answers.computed == ["ranked", "delegation_facet", "year_facet"]
    assert client.get("/api/statements/?" + urlencode({"q": "women"})).json()["as_of"] is None
