"""The import queue and its worker (run_import_worker), and the record every import leaves."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections

from speeches.importing import queue as import_queue
from speeches.importing import uploads
from speeches.models import ImportJob, Statement
from tests.conftest import REFERENCE, SAMPLE
from tests.importing.commands import run_command

SPEECH = "UNSC_2016_SPV.7704_spch{:03d}.txt"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def queue(*files: tuple[str, bytes], dry_run=False) -> ImportJob:
    return uploads.accept(
        [SimpleUploadedFile(name, content) for name, content in files], user=None, dry_run=dry_run
    )


def run_worker() -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("run_import_worker", "--once", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_command_status(*args) -> int:
    return run_command(*args)[0]


@pytest.mark.django_db
def test_worker_runs_the_queue_oldest_first_then_stops():
    first = queue((SPEECH.format(1), b"The President: I call on the representative of France."))
    second = queue((SPEECH.format(2), b"Mr. Delattre (France): Thank you, Mr. President."), dry_run=True)
    out, err = run_worker()
    assert (out.splitlines(), err) == (
        [
            f"Import #{first.pk}: 1 files read; statements: 1 created, 0 updated, 0 unchanged; 0 refused",
            f"Import #{second.pk}: Dry run, nothing written: 1 files read; statements: 1 created, 0 updated, "
            "0 unchanged; 0 refused",
            "Import worker stopped: 2 imports run, 0 failed",
        ],
        "",
    )
    assert list(ImportJob.objects.order_by("pk").values_list("status", "created")) == [
        ("done", 1),
        ("done", 1),
    ]
    assert list(Statement.objects.values_list("speech_number", "last_import")) == [(1, first.pk)]


@pytest.mark.django_db
def test_a_failed_import_is_recorded_and_the_worker_goes_on(monkeypatch):
    failing = queue((SPEECH.format(1), b"The President: The meeting is called to order."))
    fine = queue((SPEECH.format(2), b"The President: The meeting is adjourned."))
    real_import = import_queue.import_paths
    calls = []

    def import_paths(*args, **kwargs):
        calls.append(kwargs["import_job_id"])
        if len(calls) == 1:
            raise RuntimeError("the disk is on fire")
        return real_import(*args, **kwargs)

    monkeypatch.setattr(import_queue, "import_paths", import_paths)
    out, err = run_worker()
    assert calls == [failing.pk, fine.pk]
    assert out.splitlines()[-1] == "Import worker stopped: 2 imports run, 1 failed"
    assert err == f"Import #{failing.pk} failed; the traceback is in its record\n"
    failing.refresh_from_db()
    assert (failing.status, failing.outcome) == ("failed", "Failed")
    assert failing.error.startswith("Traceback") and failing.error.endswith(
        "RuntimeError: the disk is on fire\n"
    )
    assert ImportJob.objects.get(pk=fine.pk).status == "done"


@pytest.mark.django_db
def test_a_stopped_worker_records_the_import_it_was_running(monkeypatch):
    job = queue((SPEECH.format(1), b"The President: The meeting is called to order."))

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(import_queue, "import_paths", interrupted)
    out, _ = run_worker()
    assert out.splitlines()[-1] == "Import worker stopped: 1 imports run, 0 failed"
    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", import_queue.STOPPED)


@pytest.mark.django_db(transaction=True)
def test_a_job_another_worker_holds_is_skipped():
    first = queue((SPEECH.format(1), b"The President: One."))
    second = queue((SPEECH.format(2), b"The President: Two."))
    other_worker = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        other_worker.set_autocommit(False)
        with other_worker.cursor() as cursor:
            cursor.execute("SELECT id FROM speeches_importjob WHERE id = %s FOR UPDATE", [first.pk])
        claimed, job_connection = import_queue.claim_next()
        job_connection.close()
        assert (claimed.pk, claimed.status, claimed.worker) == (
            second.pk,
            "running",
            import_queue.worker_name(),
        )
    finally:
        other_worker.rollback()
        other_worker.close()
    assert ImportJob.objects.get(pk=first.pk).status == "queued"


@pytest.mark.django_db(transaction=True)
def test_a_job_whose_worker_died_is_recorded_as_failed():
    alive, dead = ImportJob.objects.bulk_create(
        [ImportJob(status=ImportJob.Status.RUNNING), ImportJob(status=ImportJob.Status.RUNNING)]
    )
    worker = import_queue.JobConnection()
    worker.lock(alive.pk)  # the live worker's lock; the dead one's went with its connection
    try:
        out, err = run_worker()
    finally:
        worker.close()
    assert err == "1 import(s) left running by a stopped worker marked failed\n"
    assert ImportJob.objects.get(pk=alive.pk).status == "running"
    dead.refresh_from_db()
    assert (dead.status, dead.error) == ("failed", import_queue.ABANDONED)


@pytest.mark.django_db(transaction=True)
def test_progress_shows_outside_the_import_while_it_runs(monkeypatch):
    """A dry run is one transaction; its progress is written on the job's own connection,
    so another connection (the report page) sees it while the import runs."""
    files = sorted((SAMPLE / "unsc_2020" / "speeches_txt_2020").glob("UNSC_2020_SPV.8698_*.txt"))
    job = queue(*[(p.name, p.read_bytes()) for p in files], dry_run=True)
    monkeypatch.setattr(import_queue, "PROGRESS_EVERY_SECONDS", 0)
    page = connections.create_connection(DEFAULT_DB_ALIAS)
    seen = []
    write_progress = import_queue.JobConnection.progress

    def progress(self, done, total):
        write_progress(self, done, total)
        with page.cursor() as cursor:
            cursor.execute(
                "SELECT progress_done, progress_total FROM speeches_importjob WHERE id = %s", [job.pk]
            )
            seen.append((*cursor.fetchone(), connection.in_atomic_block))

    monkeypatch.setattr(import_queue.JobConnection, "progress", progress)
    try:
        run_worker()
    finally:
        page.close()
    # Speech files are written in batches, and progress told after each (one here): seen while
    # the dry run's transaction was still open.
    assert seen == [(20, 20, True)]
    job.refresh_from_db()
    assert (job.status, job.created, job.progress_done, job.progress_total) == ("done", 20, 20, 20)
    assert Statement.objects.count() == 0


@pytest.mark.django_db
def test_the_command_records_its_imports(write_file):
    path = write_file(REFERENCE.name, REFERENCE.read_bytes())
    options = ["--meeting", "S/PV.7704", "--speech-number", "12"]
    assert run_command_status(path, *options) == 0
    first = ImportJob.objects.get()
    assert (first.origin, first.user, first.status, first.dry_run, first.created, first.meeting) == (
        "command",
        None,
        "done",
        False,
        1,
        "S/PV.7704",
    )
    assert first.uploads == [{"name": str(path), "size": REFERENCE.stat().st_size}]
    assert first.summary == "1 files read; statements: 1 created, 0 updated, 0 unchanged; 0 refused"
    assert Statement.objects.get().last_import == first

    assert run_command_status(path, *options) == 0  # unchanged: still the first import's statement
    assert ImportJob.objects.latest("pk").unchanged == 1
    assert Statement.objects.get().last_import == first

    path.write_bytes(REFERENCE.read_bytes() + b"\n\nWe recall resolution 2242 (2015).\n")
    assert run_command_status(path, *options) == 0
    changed = ImportJob.objects.latest("pk")
    assert (changed.updated, Statement.objects.get().last_import) == (1, changed)

    assert run_command_status(path, "--dry-run") == 1  # no meeting: refused, and recorded
    refused = ImportJob.objects.latest("pk")
    assert (refused.dry_run, refused.refused, refused.refusals[0]["source"]) == (True, 1, str(path))
    assert ImportJob.objects.count() == 4
