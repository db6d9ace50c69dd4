"""The UN's PDFs read for their text, and hostile PDFs refused (speeches.parsing.pdf).

The hostile files are made here, with pypdf's writer or by hand: an encrypted PDF,
one with no text layer, a truncated download, a decompression bomb, an object tree
nested 100,000 deep, and a PDF that takes longer to read than the limit allows."""

import io
import re
import zlib

import pytest
from pypdf import PdfWriter

from speeches.parsing import pdf
from speeches.parsing.records import parse_record
from tests.conftest import SAMPLE

RECORDS = SAMPLE / "unsc_2020"
PDFS = sorted((RECORDS / "full_records_S_PV_pdf").glob("*.pdf"))


@pytest.fixture(autouse=True)
def nothing_read_before(monkeypatch):
    """Each test reads its PDFs afresh, not from the texts kept of earlier reads."""
    monkeypatch.setattr(pdf, "_recent", {})


def test_the_sample_holds_the_four_official_pdfs():
    assert [p.name for p in PDFS] == [
        "S_PV.8698_E.pdf",
        "S_PV.8701_E.pdf",
        "S_PV.8706_E.pdf",
        "S_PV.8770_E.pdf",
    ]


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_a_pdf_reads_as_its_published_text_file(path):
    # The corpus's text files were made by pypdf 7.1.1 from these very PDFs: the same
    # characters, pages parted by a form feed on a line of its own.
    text = pdf.extract_text(path.read_bytes())
    assert text == (RECORDS / "full_records_S_PV_txt" / f"{path.stem}.txt").read_text(encoding="utf-8")
    assert text.count("\f") == len(re.findall(r"\n\f\n", text)) > 0


def test_a_record_from_its_pdf_is_the_record_from_its_text():
    path = RECORDS / "full_records_S_PV_pdf" / "S_PV.8706_E.pdf"
    from_pdf = parse_record(pdf.extract_text(path.read_bytes()))
    from_text = parse_record((RECORDS / "full_records_S_PV_txt" / "S_PV.8706_E.txt").read_text())
    assert from_pdf == from_text
    assert from_pdf.cover.meeting.symbol == "S/PV.8706"


def _written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _refusal(data: bytes) -> str:
    with pytest.raises(pdf.NotReadablePdf) as refused:
        pdf.extract_text(data)
    return str(refused.value)


def test_an_encrypted_pdf_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.encrypt("secret")
    assert _refusal(_written(writer)) == "is encrypted: only PDFs that open without a password are read"


def test_a_pdf_without_a_text_layer_is_refused_and_ocr_is_not_pretended():
    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(612, 792)
    assert _refusal(_written(writer)) == (
        "has no text layer (its pages are images, as a scan's are): OCR is not done; "
        "import the record's text instead"
    )


def test_a_truncated_download_is_refused_not_half_read():
    data = PDFS[0].read_bytes()
    assert (
        _refusal(data[: len(data) * 9 // 10]) == "is damaged or not a PDF (PdfReadError: Broken xref table)"
    )


def test_a_file_named_pdf_that_is_not_one_is_refused():
    assert (
        _refusal(b"The President: I give the floor to ...")
        == "is named .pdf but is not a PDF (no %PDF- header)"
    )


def _hand_made_pdf(
    catalog_extra: bytes = b"", contents: bytes | None = None, page_extra: bytes = b""
) -> bytes:
    """A one-page PDF written byte by byte, as a hostile one would be."""
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] " + page_extra
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        page + (b" /Contents 4 0 R >>" if contents is not None else b" >>"),
    ]
    if contents is not None:
        objects.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(contents), contents)
        )
    body, offsets = b"%PDF-1.4\n", []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, content)
    xref = b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    xref += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, len(body))
    return body + xref + trailer


def test_a_hand_made_pdf_with_text_reads():
    text = zlib.compress(b"BT /F1 12 Tf 72 712 Td (The President: I call the meeting to order.) Tj ET")
    fonts = b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
    data = _hand_made_pdf(contents=text, page_extra=fonts)
    assert pdf.extract_text(data) == "The President: I call the meeting to order.\n"


def test_a_decompression_bomb_is_refused():
    # A page whose content stream inflates from 300 kB to 300 MB.
    compressor = zlib.compressobj(9)
    megabyte = b" " * 1024**2
    inflated = b"".join(compressor.compress(megabyte) for _ in range(300)) + compressor.flush()
    data = _hand_made_pdf(contents=inflated)
    assert len(data) < 400_000
    assert _refusal(data) == "inflates past what is read (a decompression bomb?)"


def test_an_object_tree_nested_100000_deep_is_refused():
    with pytest.raises(pdf.NotReadablePdf, match="has no text layer"):  # the same file, shallow, opens
        pdf.extract_text(_hand_made_pdf(b"/X [[[]]]"))
    nested = b"[" * 100_000 + b"]" * 100_000
    assert (
        _refusal(_hand_made_pdf(b"/X " + nested))
        == "is damaged or not a PDF (PdfReadError: Error reading PDF file.)"
    )


def test_a_pdf_that_takes_longer_than_the_limit_is_refused(monkeypatch):
    # S/PV.8706 takes about 1.5 s to read; with a limit of 0.2 s the reader is stopped.
    monkeypatch.setattr(pdf, "WALL_SECONDS", 0.2)
    data = (RECORDS / "full_records_S_PV_pdf" / "S_PV.8706_E.pdf").read_bytes()
    assert _refusal(data) == "took more than 0.2 s to read (60 s of processor time at most)"


def test_a_pdf_larger_than_the_limit_is_refused_unread(monkeypatch):
    monkeypatch.setattr(pdf, "MAX_PDF_BYTES", 1000)
    assert _refusal(b"%PDF-1.4" + b" " * 2000) == "is a PDF of 2,008 bytes, more than the 1,000 read"


def test_an_upload_check_opens_the_pdf_without_reading_its_text():
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    pdf.check(_written(writer))  # no text layer: the import says so, the upload does not read the pages
    writer.encrypt("secret")
    with pytest.raises(pdf.NotReadablePdf, match="is encrypted"):
        pdf.check(_written(writer))
