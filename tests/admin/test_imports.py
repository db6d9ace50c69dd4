"""Curators' uploads in the admin, through Django's test client: who may, what is refused and
why, and what a dry run and a real import report once the worker has run them."""

import datetime as dt
import io
import tarfile
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from pypdf import PdfWriter

from speeches.importing.uploads import safe_name
from speeches.models import Debate, ImportJob, Statement
from tests.conftest import REFERENCE, SAMPLE

pytestmark = pytest.mark.django_db

UPLOAD = "/admin/speeches/importjob/add/"
IMPORTS = "/admin/speeches/importjob/"
SPEECHES_2020 = SAMPLE / "unsc_2020" / "speeches_txt_2020"
SPEAKERS_2020 = SAMPLE / "unsc_2020" / "unsc_2020_RData_56babe0_speaker.tsv"
PDF_8698 = SAMPLE / "unsc_2020" / "full_records_S_PV_pdf" / "S_PV.8698_E.pdf"
UNPLACEABLE = (
    "cannot be placed in a meeting: its name is not a corpus file name (UNSC_2016_SPV.7704_spch012.txt), "
    "no speaker table row names it, and no meeting was given (--meeting S/PV.7704)"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def curator(django_user_model):
    user = django_user_model.objects.create_user("curator", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="import_records"))
    return user


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


def upload(client, *files: tuple[str, bytes], **fields):
    data = {
        "mode": "dry-run",
        **fields,
        "files": [SimpleUploadedFile(name, content) for name, content in files],
    }
    return client.post(UPLOAD, data)


def run_worker() -> str:
    out = io.StringIO()
    call_command("run_import_worker", "--once", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def tar_gz_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def speeches_2020() -> dict[str, bytes]:
    """The 2020 speech files with the speaker table that describes them."""
    members = {f"speeches_txt_2020/{p.name}": p.read_bytes() for p in sorted(SPEECHES_2020.glob("*.txt"))}
    members[SPEAKERS_2020.name] = SPEAKERS_2020.read_bytes()
    return members


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def kept(media: Path) -> list[Path]:
    return sorted((media / "imports").rglob("*")) if (media / "imports").exists() else []


# Who may upload --------------------------------------------------------------------------------


def test_anonymous_is_sent_to_the_login_page(client, media):
    for response in (client.get(UPLOAD), upload(client, ("a.txt", b"Text."))):
        assert response.status_code == 302
        assert response.url == f"/admin/login/?next={UPLOAD}"
    assert ImportJob.objects.count() == 0 and kept(media) == []


def test_a_user_who_is_not_staff_is_sent_to_the_login_page(client, django_user_model, media):
    user = django_user_model.objects.create_user("reader", password="x")
    user.user_permissions.add(Permission.objects.get(codename="import_records"))
    client.force_login(user)
    for response in (client.get(UPLOAD), upload(client, ("a.txt", b"Text."))):
        assert response.status_code == 302
        assert response.url == f"/admin/login/?next={UPLOAD}"
    assert ImportJob.objects.count() == 0 and kept(media) == []


def test_staff_without_the_permission_are_refused(client, django_user_model, media):
    client.force_login(django_user_model.objects.create_user("editor", password="x", is_staff=True))
    assert client.get(UPLOAD).status_code == 403
    assert upload(client, ("a.txt", b"Text.")).status_code == 403
    assert client.get(IMPORTS).status_code == 403
    job = ImportJob.objects.create(status=ImportJob.Status.DONE)
    assert client.get(f"{IMPORTS}{job.pk}/change/").status_code == 403
    assert ImportJob.objects.count() == 1 and kept(media) == []


def test_a_curator_sees_the_form_and_the_imports(curator_client):
    response = curator_client.get(UPLOAD)
    assert response.status_code == 200
    assert b'enctype="multipart/form-data"' in response.content
    assert b'name="files"' in response.content and b"multiple" in response.content
    listing = curator_client.get(IMPORTS)
    assert listing.status_code == 200
    assert b"Import more" not in listing.content  # the list's own "Add import" button leads to the form
    assert f'href="{UPLOAD}"'.encode() in listing.content


# Dry run and real import ---------------------------------------------------------------------------


def test_dry_run_reports_and_writes_nothing(curator_client, curator, media):
    response = upload(
        curator_client,
        (REFERENCE.name, REFERENCE.read_bytes()),
        meeting="s/pv.7704",
        date="2016-06-02",
        speech_number="12",
        mode="dry-run",
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == f"{IMPORTS}{job.pk}/change/"
    assert (job.status, job.dry_run, job.user, job.origin) == ("queued", True, curator, "admin")
    assert (job.meeting, str(job.date), job.speech_number) == ("S/PV.7704", "2016-06-02", 12)
    assert job.uploads == [
        {"name": REFERENCE.name, "size": REFERENCE.stat().st_size, "stored": f"files/{REFERENCE.name}"}
    ]
    assert kept(media) == [
        media / "imports" / str(job.pk),
        *[media / "imports" / str(job.pk) / p for p in ("files", f"files/{REFERENCE.name}")],
    ]
    queued = curator_client.get(response.url)
    assert b"Queued (dry run): waiting for the import worker" in queued.content
    assert b'http-equiv="refresh"' in queued.content

    assert run_worker().splitlines() == [
        f"Import #{job.pk}: Dry run, nothing written: 1 files read; statements: 1 created, 0 updated, "
        "0 unchanged; 0 refused",
        "Import worker stopped: 1 imports run, 0 failed",
    ]
    job.refresh_from_db()
    assert (job.status, job.files_read, job.created, job.updated, job.unchanged, job.refused) == (
        "done",
        1,
        1,
        0,
        0,
        0,
    )
    assert job.started_at and job.finished_at and job.worker
    assert Statement.objects.count() == Debate.objects.count() == 0
    report = curator_client.get(response.url)
    assert b"Dry run finished: nothing was written" in report.content
    assert b'data-count="created">1<' in report.content
    assert b'http-equiv="refresh"' not in report.content


def test_import_writes_statements_that_point_to_their_import(curator_client, curator, media):
    response = upload(
        curator_client,
        (REFERENCE.name, REFERENCE.read_bytes()),
        meeting="S/PV.7704",
        date="2016-06-02",
        topic="Women and peace and security",
        speech_number="12",
        mode="import",
    )
    job = ImportJob.objects.get()
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.dry_run, job.files_read, job.created, job.refused, job.refusals) == (
        "done",
        False,
        1,
        1,
        0,
        [],
    )
    assert (job.progress_done, job.progress_total) == (1, 1)
    statement = Statement.objects.select_related("debate", "delegation").get()
    assert (
        statement.debate.symbol,
        statement.speech_number,
        statement.speaker,
        statement.delegation.name,
    ) == (
        "S/PV.7704",
        12,
        "Mr. Abdrakhmanov",
        "Kazakhstan",
    )
    assert (str(statement.debate.date), statement.debate.topic) == (
        "2016-06-02",
        "Women and peace and security",
    )
    assert statement.last_import == job
    assert sorted(statement.resolutions.values_list("number", flat=True)) == [1325, 2170, 2253]
    report = curator_client.get(response.url)
    assert b"Imported." in report.content
    assert b'data-count="created">1<' in report.content and b'data-count="refused">0<' in report.content
    # Links to the statements and debates for those who may see them.
    assert b"The 1 statement this import created or changed, in these debates:" in report.content
    assert b"<li>S/PV.7704, 2 June 2016: 1 statement</li>" in report.content
    curator.user_permissions.add(*Permission.objects.filter(codename__in=["view_statement", "view_debate"]))
    report = curator_client.get(response.url)
    assert (
        f'<a href="/admin/speeches/statement/?last_import={job.pk}" id="import-statements-link">'.encode()
        in (report.content)
    )
    debate = f'<a href="/admin/speeches/debate/{statement.debate_id}/change/">S/PV.7704</a>, 2 June 2016'
    assert debate.encode() in report.content


def test_the_report_page_follows_a_queued_then_running_import(curator_client):
    job = ImportJob.objects.create(status=ImportJob.Status.QUEUED, uploads=[{"name": "a.zip", "stored": ""}])
    page = curator_client.get(f"{IMPORTS}{job.pk}/change/")
    assert b'http-equiv="refresh"' in page.content and b'id="no-worker"' not in page.content
    # Still queued a minute later: the page asks whether the worker runs.
    ImportJob.objects.filter(pk=job.pk).update(created_at=job.created_at - dt.timedelta(minutes=1))
    page = curator_client.get(f"{IMPORTS}{job.pk}/change/")
    assert b"No worker has started this import yet. Is the import worker running?" in page.content
    ImportJob.objects.filter(pk=job.pk).update(status="running", progress_done=400, progress_total=6000)
    page = curator_client.get(f"{IMPORTS}{job.pk}/change/")
    assert b"Running: 400 of 6,000 files and table rows" in page.content
    assert b'<progress id="import-progress" max="6000" value="400">6%</progress>' in page.content
    assert b'http-equiv="refresh"' in page.content


def test_speech_files_with_their_table_and_no_meeting(curator_client):
    """Files selected together are one collection: the table among them places the speech."""
    upload(
        curator_client,
        (REFERENCE.name, REFERENCE.read_bytes()),
        ("speaker.tsv", (SAMPLE / "reference" / "speaker.tsv").read_bytes()),
        mode="import",
    )
    run_worker()
    job = ImportJob.objects.get()
    assert (job.files_read, job.created, job.refused) == (1, 1, 0)
    assert Statement.objects.values_list("debate__symbol", "speaker").get() == (
        "S/PV.7704",
        "Mr. Abdrakhmanov",
    )


def test_zip_with_its_table_then_the_same_as_tar_gz(curator_client):
    members = speeches_2020()
    upload(curator_client, ("unsc_2020.zip", zip_of(members)), mode="import")
    run_worker()
    first = ImportJob.objects.get()
    assert (first.files_read, first.created, first.updated, first.unchanged, first.refused) == (
        76,
        76,
        0,
        0,
        0,
    )
    president = Statement.objects.select_related("delegation").get(
        debate__symbol="S/PV.8698", speech_number=1
    )
    assert (president.speaker, president.role, president.delegation.name) == (
        "Mr. Dang",
        "The President",
        "Viet Nam",
    )

    upload(curator_client, ("unsc_2020.tar.gz", tar_gz_of(members)), mode="import")
    run_worker()
    second = ImportJob.objects.latest("created_at", "id")
    assert (second.files_read, second.created, second.updated, second.unchanged, second.refused) == (
        76,
        0,
        0,
        76,
        0,
    )
    # Unchanged statements still point to the import that wrote them.
    assert set(Statement.objects.values_list("last_import", flat=True)) == {first.pk}


def test_a_full_record_needs_no_metadata(curator_client):
    record = SAMPLE / "unsc_2020" / "full_records_S_PV_txt" / "S_PV.8698_E.txt"
    upload(curator_client, (record.name, record.read_bytes()), mode="import")
    run_worker()
    job = ImportJob.objects.get()
    debate = Debate.objects.get(symbol="S/PV.8698")
    assert (job.files_read, job.records_read, job.refused) == (1, 1, 0)
    assert job.created == debate.statements.count() == 20  # as the corpus splits it: 20 speech files
    assert debate.record_file == record.name


def test_a_curator_refreshes_a_year_of_the_register_by_uploading_the_library_s_page(curator_client):
    page = (SAMPLE / "register" / "scact2016_table_en.html").read_bytes()
    # As a browser saves it: the page's title for a name.
    saved = "Meetings conducted by the Security Council in 2016.html"
    upload(curator_client, (saved, page), mode="import")
    run_worker()
    job = ImportJob.objects.get()
    assert (job.status, job.files_read, job.refused, job.unread_rows) == (ImportJob.Status.DONE, 1, 0, [])
    assert "register meetings: 258 created, 0 updated, 0 unchanged" in job.summary
    assert Debate.objects.get(symbol="S/PV.7853").register_outcomes.get().tally == "14-0-1"
    # The same page again, another day: nothing changes, and the report says so.
    upload(curator_client, (saved, page), mode="import")
    run_worker()
    again = ImportJob.objects.latest("pk")
    assert "register meetings: 0 created, 0 updated, 258 unchanged" in again.summary


def test_the_un_s_pdf_of_a_record_is_imported_as_its_text_would_be(curator_client):
    upload(curator_client, (PDF_8698.name, PDF_8698.read_bytes()), mode="import")
    run_worker()
    job = ImportJob.objects.get()
    debate = Debate.objects.get(symbol="S/PV.8698")
    assert (job.files_read, job.records_read, job.refused, job.error) == (1, 1, 0, "")
    assert job.created == debate.statements.count() == 20
    assert debate.record_file == "S_PV.8698_E.pdf"


def test_a_pdf_with_no_text_layer_is_refused_in_the_report_and_writes_nothing(curator_client):
    writer = PdfWriter()
    writer.add_blank_page(612, 792)  # a scan's page: an image, no text
    buffer = io.BytesIO()
    writer.write(buffer)
    upload(curator_client, ("scan.pdf", buffer.getvalue()), mode="import")
    run_worker()
    job = ImportJob.objects.get()
    assert job.refusals == [
        {
            "source": "scan.pdf",
            "reason": "has no text layer (its pages are images, as a scan's are): OCR is not done; "
            "import the record's text instead",
        }
    ]
    assert (job.created, Debate.objects.count()) == (0, 0)


def test_a_file_that_cannot_be_placed_is_refused_in_the_report(curator_client):
    upload(curator_client, (REFERENCE.name, REFERENCE.read_bytes()), mode="import")
    run_worker()
    job = ImportJob.objects.get()
    assert (job.status, job.files_read, job.created, job.refused) == ("done", 1, 0, 1)
    assert job.refusals == [{"source": REFERENCE.name, "reason": UNPLACEABLE}]
    assert job.outcome == "Imported, 1 refused"
    assert Statement.objects.count() == Debate.objects.count() == 0
    report = curator_client.get(f"{IMPORTS}{job.pk}/change/")
    assert f"<code>{REFERENCE.name}</code>: {UNPLACEABLE}".encode() in report.content


def test_binary_file_inside_an_archive_is_refused_alone(curator_client):
    members = {
        "UNSC_2016_SPV.7704_spch003.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "UNSC_2016_SPV.7704_spch009.txt": b"The President: The meeting is adjourned.",
    }
    upload(curator_client, ("mixed.zip", zip_of(members)), mode="import")
    run_worker()
    job = ImportJob.objects.get()
    assert (job.files_read, job.created, job.refused) == (2, 1, 1)
    assert job.refusals == [
        {
            "source": "mixed.zip:UNSC_2016_SPV.7704_spch003.txt",
            "reason": "is a binary file, not text (it contains NUL bytes)",
        }
    ]
    assert list(Statement.objects.values_list("speech_number", flat=True)) == [9]


# Refused at upload: a clear message, a record of the attempt, nothing kept or queued ---------------


def tar_with_a_link() -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        info = tarfile.TarInfo("UNSC_2014_SPV.7138_spch001.txt")
        info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
        archive.addfile(info)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "files, limits, message",
    [
        pytest.param(
            [("UNSC_2016_SPV.7704_spch001.txt", b"x" * 2_000)],
            {"IMPORT_UPLOAD_MAX_BYTES": 1_000},
            "The upload is larger than the limit of 1,000 bytes; nothing was imported.",
            id="too-large",
        ),
        pytest.param(
            [("evil.zip", zip_of({"../../UNSC_2014_SPV.7138_spch002.txt": b"Mr. Doe (France): Hello."}))],
            {},
            "evil.zip: member '../../UNSC_2014_SPV.7138_spch002.txt' points outside the archive; nothing was imported",
            id="path-traversal",
        ),
        pytest.param(
            [("links.tar.gz", tar_with_a_link())],
            {},
            "links.tar.gz: member 'UNSC_2014_SPV.7138_spch001.txt' is a link or device, not a file; "
            "nothing was imported",
            id="link-in-tar",
        ),
        pytest.param(
            [
                (
                    "many.zip",
                    zip_of(
                        {f"UNSC_2016_SPV.7704_spch{n:03d}.txt": b"Mr. Doe (France): Hi." for n in range(1, 5)}
                    ),
                )
            ],
            {"IMPORT_UPLOAD_MAX_ENTRIES": 3},
            "many.zip: more than 3 entries; nothing was imported",
            id="too-many-entries",
        ),
        pytest.param(
            [("bomb.zip", zip_of({"UNSC_2016_SPV.7704_spch001.txt": b"\n" * 5_000_000}))],
            {"IMPORT_UPLOAD_MAX_UNPACKED_BYTES": 1_000_000},
            "bomb.zip: unpacks to more than 1,000,000 bytes; nothing was imported",
            id="zip-bomb",
        ),
        pytest.param(
            [("not-an-archive.zip", b"PK\x03\x04 but nothing after")],
            {},
            "not-an-archive.zip: not a readable archive (File is not a zip file)",
            id="corrupt-archive",
        ),
        pytest.param(
            [("UNSC_2016_SPV.7704_spch003.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")],
            {},
            "UNSC_2016_SPV.7704_spch003.txt: is a binary file, not text (it contains NUL bytes); nothing was imported",
            id="binary-file",
        ),
        pytest.param(
            [("UNSC_2016_SPV.7704_spch001.txt", b"")],
            {},
            "UNSC_2016_SPV.7704_spch001.txt: is empty; nothing was imported",
            id="empty-file",
        ),
        pytest.param(
            [("UNSC_2016_SPV.7704_spch001.txt", b"Mr. Doe (France): Hi."), ("photo.png", b"\x89PNG\r\n")],
            {},
            "photo.png: not a speech file or meeting record (.txt), a meeting record (.pdf), a table (.tsv), "
            "a page of the UN library's register (.html) or an archive of them (.zip, .tar, .tar.gz); "
            "nothing was imported",
            id="other-kind",
        ),
        pytest.param(
            [("readme.zip", zip_of({"README.md": b"# Speeches"}))],
            {},
            "readme.zip: holds no speech files or records (.txt, .pdf), tables (.tsv) or register pages "
            "(.html); nothing was imported",
            id="archive-without-speeches",
        ),
        pytest.param(
            [("S_PV.8698_E.pdf", encrypted_pdf())],
            {},
            "S_PV.8698_E.pdf: is encrypted: only PDFs that open without a password are read; nothing was imported",
            id="encrypted-pdf",
        ),
        pytest.param(
            [("S_PV.8698_E.pdf", b"The President: the meeting is called to order.")],
            {},
            "S_PV.8698_E.pdf: is named .pdf but is not a PDF (no %PDF- header); nothing was imported",
            id="not-a-pdf",
        ),
        pytest.param(
            [("S_PV.8698_E.pdf", PDF_8698.read_bytes()[:300_000])],
            {},
            "S_PV.8698_E.pdf: is damaged or not a PDF (PdfReadError: Broken xref table); nothing was imported",
            id="truncated-pdf",
        ),
    ],
)
def test_hostile_uploads_are_refused_at_once(
    curator_client, curator, media, settings, files, limits, message
):
    for name, value in limits.items():
        setattr(settings, name, value)
    response = upload(curator_client, *files, mode="import")
    assert response.status_code == 200
    assert response.context["refused"].error == message
    assert b"<strong>Refused:</strong> " + message.replace("'", "&#x27;").encode() in response.content
    job = ImportJob.objects.get()
    assert (job.status, job.user, job.error, job.finished_at is not None) == (
        "refused",
        curator,
        message,
        True,
    )
    assert [upload["name"] for upload in job.uploads] == [name for name, _ in files]
    assert run_worker().splitlines() == ["Import worker stopped: 0 imports run, 0 failed"]
    assert Statement.objects.count() == Debate.objects.count() == 0
    assert kept(media) == []


def test_form_errors_record_nothing(curator_client, media):
    response = upload(curator_client, meeting="the big one")
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "files": ["This field is required."],
        "meeting": [
            '"the big one" is not a meeting symbol (S/PV.7704, S/PV.5100 (Resumption 1), S/2020/339).'
        ],
    }
    assert ImportJob.objects.count() == 0 and kept(media) == []


def test_uploads_are_kept_under_safe_names_in_the_imports_folder(curator_client, media):
    upload(
        curator_client,
        ("UNSC 2016 SPV.7704 spch001.txt", b"Mr. Doe (France): Hi."),
        ("..speaker.tsv", b"a\tb\n"),
    )
    job = ImportJob.objects.get()
    folder = media / "imports" / str(job.pk)
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        "files/UNSC_2016_SPV.7704_spch001.txt",
        "files/speaker.tsv",
    ]
    assert [u["name"] for u in job.uploads] == ["UNSC 2016 SPV.7704 spch001.txt", "..speaker.tsv"]


@pytest.mark.parametrize(
    "client_name, stored",
    [
        ("UNSC_2016_SPV.7704_spch012.txt", "UNSC_2016_SPV.7704_spch012.txt"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\windows\\speech.txt", "speech.txt"),
        (".hidden.tsv", "hidden.tsv"),
        ("Déclaration du président.txt", "Declaration_du_president.txt"),
        ("a;rm -rf $HOME.zip", "a_rm_-rf_HOME.zip"),
        ("x" * 300 + ".tar.gz", "x" * 143 + ".tar.gz"),
    ],
)
def test_safe_name(client_name, stored):
    assert safe_name(client_name) == stored


HOSTILE_FIELDS = {
    "long": "S/PV.7704 " * 1000,
    "nul": "S/PV.7704\x00",
    "controls": "a\x01\x08\x1bb",
    "tsquery": "&|!:*()\\'\"",
    "huge": "99999999999999999999999",
    "negative": "-1",
    "float": "1e308",
    "impossible-date": "2023-02-30",
    "fullwidth": "Ｓ/ＰＶ.７７０４",
    "bidi": "\u202eecnarF\u202c",
    "script": "<script>alert(1)</script>",
    "attribute": '"><img src=x onerror=alert(1)>',
}


@pytest.mark.parametrize("field", ["meeting", "date", "topic", "speech_number", "mode"])
def test_hostile_upload_fields_are_refused_or_kept_escaped_never_a_500(curator_client, field):
    """Each field of the upload form given each hostile value: the form says what is wrong
    (200) or queues the import (302), and the value never comes back unescaped, on the form or
    on the import's report page."""
    for name, value in HOSTILE_FIELDS.items():
        response = upload(curator_client, ("speech.txt", REFERENCE.read_bytes()), **{field: value})
        assert response.status_code in (200, 302), (field, name, response.status_code)
        pages = [response] if response.status_code == 200 else [curator_client.get(response["Location"])]
        for page in pages:
            assert page.status_code == 200, (field, name)
            html = page.content.decode()
            assert "<script>alert(1)" not in html and "<img src=x" not in html, (field, name)
        if response.status_code == 200:
            assert 'class="errorlist' in pages[0].content.decode(), (field, name)
