"""Uploads from the admin, which are hostile until proven otherwise.

Everything is checked while the curator waits, before anything is kept or
queued: the size of the upload (LimitedUploadHandler stops reading past the
limit), each file's name and kind, that text is text, and every archive with
the importer's own checks (speeches.parsing.sources: members outside the
archive, links, entry count, unpacked size), then against the settings'
tighter limits for uploads. A refused upload is recorded with its reason and
leaves nothing behind; an accepted one is kept under MEDIA_ROOT/imports/<id>/
and queued for the import worker.
"""

import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.db import transaction
from django.utils import timezone

from speeches.models import ImportJob
from speeches.parsing import pdf
from speeches.parsing.sources import BadInput, collection
from speeches.parsing.text import NotText, decode

# Where each kind of file goes in the import's folder: loose files together, as one
# collection (so that the tables among them describe the speech files), archives apart.
FOLDERS = {
    ".txt": "files",
    ".pdf": "files",
    ".tsv": "files",
    ".html": "files",  # the register's pages, saved from the UN library's site
    ".htm": "files",
    ".zip": "archives",
    ".tar": "archives",
    ".tar.gz": "archives",
    ".tgz": "archives",
}
MAX_NAME_LENGTH = 150


class Refused(Exception):
    """An upload that will not be imported, with the reason to give the curator.

    `job` is the record of the refused upload, once accept() has written it.
    """

    job: ImportJob | None = None


@dataclass(frozen=True)
class Limits:
    upload_bytes: int
    archive_entries: int
    unpacked_bytes: int

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            upload_bytes=settings.IMPORT_UPLOAD_MAX_BYTES,
            archive_entries=settings.IMPORT_UPLOAD_MAX_ENTRIES,
            unpacked_bytes=settings.IMPORT_UPLOAD_MAX_UNPACKED_BYTES,
        )


def too_large(limit: int) -> str:
    return f"The upload is larger than the limit of {limit:,} bytes; nothing was imported."


class LimitedUploadHandler(FileUploadHandler):
    """Stop reading an upload once it passes the limit, so that it never fills the disk.

    The view then refuses it: request.upload_too_large is set, with the names
    of the files seen.
    """

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit
        self.received = 0
        request.upload_too_large = False
        request.upload_names = []

    def new_file(self, field_name, file_name, *args, **kwargs):
        self.request.upload_names.append(file_name)
        super().new_file(field_name, file_name, *args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=False)  # the rest of the request is read and dropped
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler keeps the file


def safe_name(client_name: str) -> str:
    """The file name to store an upload under: its last part only, in letters, digits and ._()-.

    Never the client's path. The name itself is kept where it is safe because it is
    data: a corpus file name (UNSC_2016_SPV.7704_spch012.txt) says which meeting
    and speech the file is, and the speaker tables name the files they describe.
    """
    name = "".join(c for c in unicodedata.normalize("NFKD", client_name) if not unicodedata.combining(c))
    name = name.replace("\\", "/").rpartition("/")[2]
    name = re.sub(r"[^A-Za-z0-9._()-]+", "_", name).lstrip("._-")
    suffix = kind_suffix(name)
    if len(name) > MAX_NAME_LENGTH:
        name = name[: MAX_NAME_LENGTH - len(suffix)] + suffix
    return name


def kind_suffix(name: str) -> str:
    lower = name.lower()
    return ".tar.gz" if lower.endswith(".tar.gz") else Path(lower).suffix


def accept(
    files: list[UploadedFile],
    *,
    user,
    dry_run: bool,
    meeting: str = "",
    date=None,
    topic: str = "",
    speech_number: int | None = None,
    limits: Limits | None = None,
) -> ImportJob:
    """Check an upload and queue it; or record why not and raise Refused, keeping nothing."""
    limits = limits or Limits.from_settings()
    fields = {
        "user": user,
        "origin": ImportJob.Origin.ADMIN,
        "dry_run": dry_run,
        "meeting": meeting,
        "date": date,
        "topic": topic,
        "speech_number": speech_number,
    }
    root = Path(settings.MEDIA_ROOT) / "imports"
    root.mkdir(parents=True, exist_ok=True)
    try:
        # Staged beside the imports' folders, so that moving it in is a rename.
        with tempfile.TemporaryDirectory(dir=root, prefix=".upload-") as staging:
            uploads = _stage(files, Path(staging), limits)
            return _queue(Path(staging), uploads, fields)
    except Refused as refusal:
        uploads = [{"name": f.name, "size": f.size} for f in files]
        refusal.job = refuse(str(refusal), uploads=uploads, **fields)
        raise


def refuse(message: str, *, uploads: list[dict], **fields) -> ImportJob:
    """Record a refused upload: who tried what, and why it was refused."""
    return ImportJob.objects.create(
        status=ImportJob.Status.REFUSED, finished_at=timezone.now(), error=message, uploads=uploads, **fields
    )


def _stage(files: list[UploadedFile], staging: Path, limits: Limits) -> list[dict]:
    size = sum(f.size for f in files)
    if size > limits.upload_bytes:
        raise Refused(too_large(limits.upload_bytes))
    uploads, names = [], set()
    for upload in files:
        shown = upload.name
        name = safe_name(upload.name)
        folder = FOLDERS.get(kind_suffix(name))
        if folder is None:
            raise Refused(
                f"{shown}: not a speech file or meeting record (.txt), a meeting record (.pdf), "
                "a table (.tsv), a page of the UN library's register (.html) or an archive of them "
                "(.zip, .tar, .tar.gz); nothing was imported"
            )
        if name in names:
            raise Refused(f"{shown}: two files of this name were given; nothing was imported")
        names.add(name)
        if upload.size == 0:
            raise Refused(f"{shown}: is empty; nothing was imported")
        path = staging / folder / name
        path.parent.mkdir(exist_ok=True)
        with open(path, "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        if folder == "files":
            _check_text(path, shown)
        else:
            _check_archive(path, shown, limits)
        uploads.append({"name": shown, "size": upload.size, "stored": f"{folder}/{name}"})
    return uploads


def _check_text(path: Path, shown: str) -> None:
    """A text file decodes; a PDF opens, unencrypted (its text is extracted by the import,
    which refuses one with none: speeches.parsing.pdf)."""
    try:
        if path.suffix.lower() == ".pdf":
            pdf.check(path.read_bytes())
        else:
            decode(path.read_bytes())
    except (NotText, pdf.NotReadablePdf) as exc:
        raise Refused(f"{shown}: {exc}; nothing was imported") from None


def _check_archive(path: Path, shown: str, limits: Limits) -> None:
    """The importer's checks of an archive (speeches.parsing.sources) with the upload's limits,
    applied while the archive is listed: a bomb is refused before it is unpacked past them."""
    try:
        entries = collection(path, max_entries=limits.archive_entries, max_unpacked=limits.unpacked_bytes)
    except BadInput as exc:
        raise Refused(str(exc).replace(str(path), shown)) from None
    if not any(entry.kind in ("text", "pdf", "table", "page") for entry in entries):
        raise Refused(
            f"{shown}: holds no speech files or records (.txt, .pdf), tables (.tsv) or register pages "
            "(.html); nothing was imported"
        )


def _queue(staging: Path, uploads: list[dict], fields: dict) -> ImportJob:
    """Record the job and move its files in; the worker sees neither until both are done."""
    with transaction.atomic():
        job = ImportJob.objects.create(status=ImportJob.Status.QUEUED, uploads=uploads, **fields)
        folder = job.folder
        try:
            if folder.exists():  # left by another database that used the same MEDIA_ROOT
                shutil.rmtree(folder)
            folder.mkdir()
            for part in staging.iterdir():
                part.rename(folder / part.name)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
    return job
