"""A web process freezes its long-lived objects after its first requests (archive.collector)."""

import gc

import pytest

from archive import collector

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_process(monkeypatch):
    """The collector's state as in a process that has served no request; unfrozen after."""
    gc.unfreeze()
    monkeypatch.setattr(collector, "_finished", 0)
    yield
    gc.unfreeze()


def test_a_process_freezes_after_its_first_request_and_its_hundredth(client, new_process, monkeypatch):
    served, freezes = [], []
    monkeypatch.setattr(collector.gc, "freeze", lambda: freezes.append(len(served)))
    for _ in range(150):
        client.get("/health/")
        served.append(1)
    assert freezes == [0, 99]


def test_a_full_collection_then_skips_the_frozen_objects(client, new_process):
    tracked_before = len(gc.get_objects())
    client.get("/health/")
    # Django's modules, URL patterns and the test's own: tens of thousands of objects.
    assert gc.get_freeze_count() > 20_000
    tracked = len(gc.get_objects())
    gc.unfreeze()
    assert tracked < tracked_before - 20_000
    assert len(gc.get_objects()) > tracked + 20_000
