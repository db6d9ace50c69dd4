"""Full verbatim records as the UN publishes them: PDF files (S_PV.8698_E.pdf), read for their text.

The text is pypdf's: each page's extract_text(), pages joined by a form feed on
a line of its own and the whole ended by a newline, which is exactly how the
corpus's record text files were made (pypdf 7.1.1; see ../shared/corpus/SOURCES.md).
A record read from its PDF is therefore the same input to speeches.parsing.records
as the same record's text file, and gives the same debate.

PDFs are hostile input: a small file can inflate to gigabytes (a decompression
bomb), nest its objects deeply enough to exhaust a parser, or keep it busy for
ever. Extraction runs in a child process of its own (`python -m
speeches.parsing.pdf`), bounded in address space (RLIMIT_AS), CPU time
(RLIMIT_CPU) and wall-clock time, and whatever goes wrong there comes back as
NotReadablePdf, with a message that says what, for the import to refuse the
file and write nothing of it. Encrypted PDFs and PDFs with no text layer (scans:
OCR is not done) are refused the same way.
"""

import hashlib
import io
import json
import logging
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

# The largest PDF read: the longest records (a 100-page open debate) are about 3 MB.
MAX_PDF_BYTES = 50 * 1024**2
MAX_PAGES = 1_000
# The child's limits. Reading a 30-page record takes about 1.5 s and 80 MB.
MEMORY_BYTES = 1024**3
CPU_SECONDS = 60
WALL_SECONDS = 90.0
PAGE_SEPARATOR = "\n\f\n"
# Extracted texts kept for the next read of the same PDF: a 30-page record is 150,000.
KEPT_CHARACTERS = 20_000_000
_recent: dict[bytes, "str | NotReadablePdf"] = {}
# The folder that holds the speeches package, from which the child runs.
_PROJECT = Path(__file__).resolve().parents[2]
# A PDF file starts with this, within its first kilobyte (ISO 32000-1, 7.5.2 and its note).
_HEADER = b"%PDF-"


class NotReadablePdf(ValueError):
    """A PDF the archive does not read: damaged, encrypted, image-only, or too costly."""


def is_pdf(data: bytes) -> bool:
    return _HEADER in data[:1024]


def extract_text(data: bytes) -> str:
    """The text of the PDF `data`, as the corpus's record text files hold it.

    An import reads a PDF twice, to plan it (its cover names the meeting) and to
    parse it: the texts (or refusals) of the last PDFs read are kept, by their bytes' digest."""
    digest = hashlib.sha256(data).digest()
    if (kept := _recent.get(digest)) is None:
        try:
            kept = _extract(data)
        except NotReadablePdf as refused:
            kept = refused  # a refusal is kept too: a bomb is not read twice to be refused twice
        _recent[digest] = kept
        while sum(len(str(text)) for text in _recent.values()) > KEPT_CHARACTERS:
            del _recent[next(iter(_recent))]
    if isinstance(kept, NotReadablePdf):
        raise NotReadablePdf(str(kept))
    return kept


def check(data: bytes) -> None:
    """Refuse (NotReadablePdf) a PDF that cannot be opened, is encrypted or has too many
    pages, without extracting its text: what an upload checks before it is kept."""
    _run(data, "check")


def _extract(data: bytes) -> str:
    return _run(data, "text")["text"]


def _run(data: bytes, mode: str) -> dict:
    if len(data) > MAX_PDF_BYTES:
        raise NotReadablePdf(f"is a PDF of {len(data):,} bytes, more than the {MAX_PDF_BYTES:,} read")
    if not is_pdf(data):
        raise NotReadablePdf("is named .pdf but is not a PDF (no %PDF- header)")
    command = [sys.executable, "-m", "speeches.parsing.pdf", mode, str(MEMORY_BYTES), str(CPU_SECONDS)]
    try:
        child = subprocess.run(  # noqa: S603 (this module, run with no shell)
            command,
            input=data,
            capture_output=True,
            timeout=WALL_SECONDS,
            check=False,
            cwd=_PROJECT,
            env={**os.environ, "PYTHONPATH": str(_PROJECT)},
        )
    except subprocess.TimeoutExpired:
        raise NotReadablePdf(_too_slow()) from None
    if child.returncode == -signal.SIGXCPU:
        raise NotReadablePdf(_too_slow())
    if child.returncode < 0:
        raise NotReadablePdf(
            f"stopped the reader (signal {-child.returncode}): damaged, or a decompression bomb"
        )
    try:
        answer = json.loads(child.stdout)
    except ValueError:
        raise NotReadablePdf(f"could not be read (the reader stopped: {_last_line(child.stderr)})") from None
    if "refused" in answer:
        raise NotReadablePdf(answer["refused"])
    return answer


def _too_slow() -> str:
    return f"took more than {WALL_SECONDS:g} s to read ({CPU_SECONDS} s of processor time at most)"


def _too_large() -> str:
    return "inflates past what is read (a decompression bomb?)"


def _last_line(stderr: bytes) -> str:
    lines = stderr.decode("utf-8", errors="replace").strip().splitlines()
    return lines[-1][:200] if lines else "no message"


def _read(data: bytes, mode: str) -> dict:
    """What the child answers: {"text": ...} (or {} for a check) or {"refused": why}."""
    # Only in the child: the web and import processes never parse a PDF.
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError

    logging.disable(logging.WARNING)  # pypdf logs every irregularity it recovers from
    try:
        # Strict: a damaged file (a broken cross-reference table, a truncated download) is
        # refused, not half-recovered with pages silently missing.
        reader = PdfReader(io.BytesIO(data), strict=True)
        if reader.is_encrypted:
            return {"refused": "is encrypted: only PDFs that open without a password are read"}
        if len(reader.pages) > MAX_PAGES:
            return {"refused": f"has {len(reader.pages):,} pages, more than the {MAX_PAGES:,} read"}
        if mode == "check":
            return {}
        pages = []
        for page in reader.pages:
            # extract_text() reads a page it cannot inflate as blank: inflate it first, so
            # that a decompression bomb is refused as one (LimitReachedError), not as a scan.
            if (contents := page.get_contents()) is not None:
                contents.get_data()
            pages.append(page.extract_text())
    except (MemoryError, LimitReachedError):
        return {"refused": _too_large()}
    except RecursionError:
        return {"refused": "is damaged: its objects nest too deeply to read"}
    except Exception as exc:  # noqa: BLE001 (hostile input: any failure of the reader is a refusal)
        return {"refused": f"is damaged or not a PDF ({type(exc).__name__}: {str(exc)[:200]})"}
    if not any(page.strip() for page in pages):
        return {
            "refused": "has no text layer (its pages are images, as a scan's are): OCR is not done; "
            "import the record's text instead"
        }
    return {"text": PAGE_SEPARATOR.join(pages) + "\n"}


def _main(mode: str, memory_bytes: int, cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
    answer = _read(sys.stdin.buffer.read(), mode)
    sys.stdout.write(json.dumps(answer))


if __name__ == "__main__":
    _main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
