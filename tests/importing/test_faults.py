"""Imports under faults, with real processes: `import_statements` killed (kill -9, with its worker
processes) in the middle of a large import and run again; two imports of the same folder at once;
the queue's worker killed while it works an upload, then the upload queued again. Each time the
archive ends as a clean import leaves it: the same rows, URLs and search answers, every meeting
whole, no plan left in the temporary folder, the search index built and valid, and the killed
import recorded as failed with the reason."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from benchmark.corpus import load_source, write_corpus
from benchmark.databases import database_url
from speeches.importing.queue import ABANDONED
from speeches.importing.run import PLAN_PREFIX
from speeches.models import Debate, Delegation, ImportJob, Statement
from tests.conftest import SAMPLE

pytestmark = pytest.mark.django_db(transaction=True)
# Enough for worker processes (speeches.importing.workers.PARALLEL_MIN_STATEMENTS) and a dropped index.
STATEMENTS = 6_000
KILL_AFTER = 1_500  # statements written when the import is killed
TIMEOUT = 300


@pytest.fixture(scope="module")
def large_corpus(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("large-corpus")
    for _ in write_corpus(path, STATEMENTS, load_source(SAMPLE), seed=11):
        pass
    return path


def manage(*arguments: str, **env: str) -> subprocess.Popen:
    """manage.py in a process group of its own (the importer and the workers it forks)."""
    return subprocess.Popen(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), *arguments],
        env={**os.environ, "DATABASE_URL": database_url(), **env},
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill_when_written(process: subprocess.Popen, statements: int) -> int:
    """kill -9 the process and its workers once `statements` are committed; how many were."""
    deadline = time.monotonic() + TIMEOUT
    while Statement.objects.count() < statements:
        assert process.poll() is None, f"ended before the kill: {process.communicate()}"
        assert time.monotonic() < deadline, "the import wrote too little to be killed in time"
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(TIMEOUT)
    time.sleep(0.5)  # PostgreSQL ends the killed sessions' transactions
    return Statement.objects.count()


def finished(process: subprocess.Popen) -> tuple[str, str]:
    out, err = process.communicate(timeout=TIMEOUT)
    assert process.returncode == 0, err
    return out, err


def archive_state() -> dict:
    """What a reader sees: every statement by its URL with what it says, each meeting's speech
    numbers, and the answers to three searches (totals and the first page, by URL)."""

    def urls(queryset):
        return list(queryset.values_list("debate__slug", "speech_number"))

    ranked = Statement.objects.order_by("debate__slug", "speech_number")
    return {
        "statements": sorted(
            Statement.objects.values_list(
                "debate__slug", "speech_number", "speaker", "delegation__slug", "checksum", "word_count"
            )
        ),
        "meetings": {
            slug: sorted(Statement.objects.filter(debate__slug=slug).values_list("speech_number", flat=True))
            for slug in Debate.objects.filter(statements__isnull=False)
            .distinct()
            .values_list("slug", flat=True)
        },
        "delegations": sorted(Delegation.objects.values_list("slug", flat=True)),
        "searches": {
            word: (ranked.filter(search=word).count(), urls(ranked.filter(search=word)[:20]))
            for word in ("security", "sanctions", "women")
        },
    }


def index_is_valid() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indisvalid AND i.indisready FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE c.relname = 'statement_search'"
        )
        row = cursor.fetchone()
    return bool(row and row[0])


def plans_left(pid: int) -> list[Path]:
    return list(Path(tempfile.gettempdir()).glob(f"{PLAN_PREFIX}{pid}-*"))


def clean_import(corpus: Path) -> dict:
    """The archive as one uninterrupted import of `corpus` leaves it (into an emptied archive)."""
    Statement.objects.all().delete()
    Debate.objects.all().delete()
    finished(manage("import_statements", str(corpus), "-v", "0"))
    return archive_state()


def test_an_import_killed_mid_way_then_run_again_equals_a_clean_import(large_corpus):
    killed = manage("import_statements", str(large_corpus), "-v", "0")
    written = kill_when_written(killed, KILL_AFTER)
    assert KILL_AFTER <= written < STATEMENTS
    job = ImportJob.objects.get(status=ImportJob.Status.RUNNING)  # as the killed import left it
    assert plans_left(killed.pid) != []  # a kill -9 cleans nothing up

    again = manage("import_statements", str(large_corpus), "-v", "0")
    out, _ = finished(again)
    assert f"statements: {STATEMENTS - written} created, 0 updated, {written} unchanged" in out
    job.refresh_from_db()
    assert (job.status, job.error) == (ImportJob.Status.FAILED, ABANDONED)
    assert plans_left(killed.pid) == [] and plans_left(again.pid) == []
    assert index_is_valid()
    resumed = archive_state()
    assert len(resumed["statements"]) == STATEMENTS

    assert clean_import(large_corpus) == resumed
    assert index_is_valid()


def test_two_imports_of_the_same_folder_at_once_write_it_once(large_corpus):
    first = manage("import_statements", str(large_corpus), "-v", "0")
    while not ImportJob.objects.filter(status=ImportJob.Status.RUNNING).exists():
        assert first.poll() is None, first.communicate()
        time.sleep(0.05)
    second = manage("import_statements", str(large_corpus), "-v", "0")
    first_out, _ = finished(first)
    second_out, second_err = finished(second)
    job = ImportJob.objects.order_by("pk").first()
    assert second_err.startswith(f"Another import is running (import #{job.pk}, started ")
    assert second_err.splitlines()[0].endswith("); this one waits for it to finish.")
    assert f"statements: {STATEMENTS} created, 0 updated, 0 unchanged" in first_out
    assert f"statements: 0 created, 0 updated, {STATEMENTS} unchanged" in second_out
    assert Statement.objects.count() == STATEMENTS
    assert index_is_valid()


def test_the_worker_killed_mid_upload_records_it_failed_and_the_upload_can_be_queued_again(
    large_corpus, tmp_path
):
    media = tmp_path / "media"

    def queued() -> ImportJob:
        job = ImportJob.objects.create(uploads=[{"name": "corpus", "stored": "files/", "size": 0}])
        folder = media / "imports" / str(job.pk) / "files"
        shutil.copytree(large_corpus, folder)
        return job

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "MEDIA_ROOT", media)
        job = queued()
        assert job.paths() == [media / "imports" / str(job.pk) / "files"]
    worker = manage("run_import_worker", MEDIA_ROOT=str(media))
    written = kill_when_written(worker, KILL_AFTER)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING and written < STATEMENTS

    # The next worker finds it abandoned, says so, and runs what the curator queues again.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "MEDIA_ROOT", media)
        again = queued()
    out, err = finished(manage("run_import_worker", "--once", MEDIA_ROOT=str(media)))
    job.refresh_from_db()
    assert (job.status, job.error) == (ImportJob.Status.FAILED, ABANDONED)
    assert "1 import(s) left running by a stopped worker marked failed" in err
    assert f"Import #{again.pk}: {STATEMENTS} files read" in out
    again.refresh_from_db()
    assert again.status == ImportJob.Status.DONE
    assert plans_left(worker.pid) == []
    assert index_is_valid()
    assert len(archive_state()["statements"]) == STATEMENTS
