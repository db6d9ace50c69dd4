"""What an import is given: speech files, full records (text or PDF), folders, and
.zip / .tar / .tar.gz archives of them. Everything is read in memory, one file at a time: nothing
from an archive is ever written to disk, so member names cannot escape.

Each PATH is a collection: the tables found in it (speaker.tsv, meta.tsv, or
any .tsv with their columns) describe the speech files in it. A single file
is described by the tables in its own folder and the folder above, which is
where the published corpus keeps them (dataverse_files/speaker.tsv beside
dataverse_files/speeches/).
"""

import io
import os
import stat
import tarfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from speeches.parsing.pdf import extract_text
from speeches.parsing.text import decode

# Limits for archives, which may be hostile (zip bombs, link tricks).
MAX_ARCHIVE_ENTRIES = 250_000
MAX_UNPACKED_BYTES = 4 * 1024**3
MAX_MEMBER_BYTES = 200 * 1024**2

TEXT_SUFFIXES = {".txt"}
PDF_SUFFIXES = {".pdf"}
PAGE_SUFFIXES = {".html", ".htm"}  # the UN library's register pages
TABLE_SUFFIXES = {".tsv"}


class BadInput(ValueError):
    """A PATH that cannot be read at all (missing, unsafe or corrupt archive)."""


@dataclass(slots=True)
class Entry:
    """One file of a collection. Kept small: an import may list 170,000 of them."""

    name: str  # shown in messages: a path on disk, or "speeches.zip:UNSC_2016_SPV.7704_spch012.txt"
    inner: str  # its path inside the collection, with "/" separators
    size: int | None = None  # known for archive members; files on disk are measured when read
    reader: Callable[[], bytes] | None = None  # None: a plain file on disk at `name`

    @property
    def filename(self) -> str:
        return self.inner.rpartition("/")[2]

    @property
    def on_disk(self) -> bool:
        """A plain file, safe to read from any process."""
        return self.reader is None

    def read(self) -> bytes:
        if self.reader is not None:
            return self.reader()
        with open(self.name, "rb") as f:
            return f.read()

    def text(self) -> str:
        """The file's text: decoded, or extracted from a PDF (raises NotText, NotReadablePdf)."""
        data = self.read()
        return extract_text(data) if self.kind == "pdf" else decode(data)

    def open(self) -> BinaryIO:
        """The file as a binary stream, for reading it a part at a time."""
        if self.reader is not None:
            return io.BytesIO(self.reader())  # an archive member is bounded by MAX_MEMBER_BYTES
        return open(self.name, "rb")

    @property
    def kind(self) -> str | None:
        suffix = os.path.splitext(self.inner)[1].lower()
        if suffix in TEXT_SUFFIXES:
            return "text"
        if suffix in PDF_SUFFIXES:
            return "pdf"
        if suffix in PAGE_SUFFIXES:
            return "page"
        if suffix in TABLE_SUFFIXES:
            return "table"
        return None


def is_archive(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith((".zip", ".tar", ".tar.gz", ".tgz"))


def collection(
    path: Path, *, max_entries: int = MAX_ARCHIVE_ENTRIES, max_unpacked: int = MAX_UNPACKED_BYTES
) -> list[Entry]:
    """The entries of one PATH given to the import."""
    if not path.exists():
        raise BadInput(f"{path}: no such file or folder")
    if path.is_dir():
        return sorted(_walk(path), key=lambda e: e.inner)
    if is_archive(path):
        # Archive order: a compressed tar can only be read forwards cheaply.
        return _archive_entries(path, max_entries, max_unpacked)
    entries = [Entry(str(path), path.name)]
    if entries[0].kind != "text":
        return entries
    # A speech file is described by the tables of its own folder and the folder above.
    for folder in (path.parent, path.parent.parent):
        for table in sorted(folder.glob("*.tsv")):
            entries.append(Entry(str(table), table.name))
    return entries


def _walk(root: Path) -> Iterator[Entry]:
    """Plain files under root, skipping links, hidden files and folders, and folders it cannot read.

    os.scandir tells links and files apart from the folder listing itself, with no
    call to the system per file (os.walk with os.path.islink made one each)."""
    folders = [(str(root), "")]
    while folders:
        folder, prefix = folders.pop()
        try:
            listing = os.scandir(folder)
        except OSError:
            continue
        with listing:
            for item in listing:
                if item.name.startswith(".") or item.is_symlink():
                    continue
                if item.is_dir(follow_symlinks=False):
                    folders.append((item.path, f"{prefix}{item.name}/"))
                elif item.is_file(follow_symlinks=False):
                    yield Entry(item.path, prefix + item.name)


def _check_member(
    archive: Path, name: str, size: int, total: int, count: int, max_entries: int, max_unpacked: int
) -> str:
    inner = PurePosixPath(name)
    if inner.is_absolute() or ".." in inner.parts or "\\" in name or ":" in name.split("/")[0]:
        raise BadInput(f"{archive}: member {name!r} points outside the archive; nothing was imported")
    if count > max_entries:
        raise BadInput(f"{archive}: more than {max_entries:,} entries; nothing was imported")
    if size > MAX_MEMBER_BYTES:
        raise BadInput(
            f"{archive}: member {name!r} unpacks to {size:,} bytes, over the limit of {MAX_MEMBER_BYTES:,}"
        )
    if total > max_unpacked:
        raise BadInput(f"{archive}: unpacks to more than {max_unpacked:,} bytes; nothing was imported")
    return inner.as_posix()


def _archive_entries(path: Path, max_entries: int, max_unpacked: int) -> list[Entry]:
    """Check every member before reading any: a bad archive is refused whole."""
    entries: list[Entry] = []
    total = 0
    try:
        if path.name.lower().endswith(".zip"):
            archive = zipfile.ZipFile(path)
            for count, info in enumerate(archive.infolist(), start=1):
                if info.is_dir():
                    continue
                mode = info.external_attr >> 16
                if stat.S_ISLNK(mode):
                    raise BadInput(f"{path}: member {info.filename!r} is a link; nothing was imported")
                total += info.file_size
                inner = _check_member(
                    path, info.filename, info.file_size, total, count, max_entries, max_unpacked
                )
                entries.append(
                    Entry(f"{path.name}:{info.filename}", inner, info.file_size, _zip_reader(archive, info))
                )
        else:
            archive = tarfile.open(path)
            for count, member in enumerate(archive, start=1):
                if member.isdir():
                    continue
                if not member.isfile():
                    raise BadInput(
                        f"{path}: member {member.name!r} is a link or device, not a file; nothing was imported"
                    )
                total += member.size
                inner = _check_member(path, member.name, member.size, total, count, max_entries, max_unpacked)
                entries.append(
                    Entry(f"{path.name}:{member.name}", inner, member.size, _tar_reader(archive, member))
                )
    except (zipfile.BadZipFile, tarfile.TarError, EOFError, OSError) as exc:
        raise BadInput(f"{path}: not a readable archive ({exc})") from None
    return [
        e
        for e in entries
        if not any(part.startswith(".") or part == "__MACOSX" for part in e.inner.split("/"))
    ]


def _zip_reader(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Callable[[], bytes]:
    def read() -> bytes:
        # Never trust the declared size: stop reading one byte past it.
        with archive.open(info) as f:
            data = f.read(info.file_size + 1)
        if len(data) > info.file_size:
            raise BadInput(f"{info.filename}: unpacks to more than its declared size")
        return data

    return read


def _tar_reader(archive: tarfile.TarFile, member: tarfile.TarInfo) -> Callable[[], bytes]:
    def read() -> bytes:
        f = archive.extractfile(member)
        return f.read() if f else b""

    return read


def iter_collections(paths: list[Path]) -> Iterator[tuple[Path, Iterable[Entry] | BadInput]]:
    """Each PATH's entries. A folder's come as they are found, in no particular
    order (the importer's plan orders them), so no folder is ever listed whole in memory."""
    for path in paths:
        try:
            yield path, (_walk(path) if path.is_dir() else collection(path))
        except BadInput as exc:
            yield path, exc
