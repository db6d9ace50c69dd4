"""Meeting records imported straight from the UN's PDFs (sample/unsc_2020/full_records_S_PV_pdf):
the same debates as from their text, statement by statement, and hostile PDFs refused."""

import shutil
import zipfile

import pytest

from speeches.importing.run import import_paths
from speeches.models import Debate, Statement
from speeches.parsing import pdf
from tests.conftest import SAMPLE

pytestmark = pytest.mark.django_db

PDFS = SAMPLE / "unsc_2020" / "full_records_S_PV_pdf"
TEXTS = SAMPLE / "unsc_2020" / "full_records_S_PV_txt"
SPLIT = SAMPLE / "unsc_2020" / "speeches_txt_2020"
MEETINGS = ["S/PV.8698", "S/PV.8701", "S/PV.8706", "S/PV.8770"]


def debates() -> dict:
    """Everything the archive holds of the four meetings, statement by statement."""
    held = {}
    for debate in Debate.objects.filter(symbol__in=MEETINGS).select_related("president_delegation"):
        held[debate.symbol] = {
            "meeting": (
                debate.date,
                debate.topic,
                debate.agenda_documents,
                debate.president_name,
                debate.president_delegation.slug if debate.president_delegation else None,
                (debate.called_to_order_at, debate.resumed_at, debate.suspended_at, debate.rose_at),
            ),
            "members": [
                (m.delegation.slug, m.representative) for m in debate.members.select_related("delegation")
            ],
            "decisions": [
                (
                    d.kind,
                    d.draft_symbol,
                    d.adopted,
                    d.resolution_id and d.resolution.number,
                    d.result,
                    d.positions(),
                )
                for d in debate.decisions.select_related("resolution")
            ],
            "statements": [
                (
                    s.speech_number,
                    s.speaker,
                    s.role,
                    s.delegation.slug if s.delegation else None,
                    s.delegation_as_printed,
                    s.language,
                    s.text.split("\n\n"),  # its paragraphs
                    s.attribution_note,
                )
                for s in debate.statements.select_related("delegation").order_by("speech_number")
            ],
        }
    return held


def test_a_record_from_its_pdf_is_the_debate_from_its_text():
    report = import_paths([PDFS])
    assert report.ok, report.refused
    assert (report.files_read, report.records, report.created) == (4, 4, 76)
    from_pdfs = debates()
    Debate.objects.all().delete()
    assert import_paths([TEXTS]).created == 76
    from_texts = debates()
    assert sorted(from_pdfs) == sorted(from_texts) == MEETINGS
    for symbol in MEETINGS:
        pdf_debate, text_debate = from_pdfs[symbol], from_texts[symbol]
        for part in ("meeting", "members", "decisions"):
            assert pdf_debate[part] == text_debate[part], (symbol, part)
        assert len(pdf_debate["statements"]) == len(text_debate["statements"])
        for from_pdf, from_text in zip(pdf_debate["statements"], text_debate["statements"], strict=True):
            assert from_pdf == from_text, (symbol, from_pdf[0])
    assert from_pdfs["S/PV.8701"]["decisions"][0][:4] == ("resolution", "S/2020/27", True, 2505)


@pytest.mark.parametrize(
    "first, then", [(PDFS, TEXTS), (TEXTS, PDFS), (PDFS, SPLIT)], ids=["pdf-text", "text-pdf", "pdf-split"]
)
def test_the_same_meetings_again_in_another_form_change_nothing(first, then):
    import_paths([first])
    held = debates()
    again = import_paths([then])
    assert (again.created, again.updated) == (0, 0), again.refused
    assert again.unchanged > 0
    assert debates() == held


def test_hostile_pdfs_are_refused_by_name_and_write_nothing(tmp_path):
    shutil.copy(PDFS / "S_PV.8701_E.pdf", tmp_path / "S_PV.8701_E.pdf")
    good = (PDFS / "S_PV.8698_E.pdf").read_bytes()
    (tmp_path / "truncated.pdf").write_bytes(good[: len(good) // 2])
    (tmp_path / "not-a-pdf.pdf").write_text("The President: the meeting is called to order.")
    report = import_paths([tmp_path])
    assert sorted(str(r) for r in report.refused) == [
        f"{tmp_path / 'not-a-pdf.pdf'}: is named .pdf but is not a PDF (no %PDF- header)",
        f"{tmp_path / 'truncated.pdf'}: is damaged or not a PDF (PdfReadError: Broken xref table)",
    ]
    assert list(Debate.objects.values_list("symbol", flat=True)) == ["S/PV.8701"]
    assert report.created == 2


def test_pdfs_inside_an_archive_are_read(tmp_path):
    archive = tmp_path / "records.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(PDFS.glob("*.pdf")):
            zf.write(path, f"january/{path.name}")
    report = import_paths([archive])
    assert report.ok, report.refused
    assert (report.records, report.created) == (4, 76)
    assert Statement.objects.filter(source_file="S_PV.8706_E.pdf").count() == 32


def test_a_pdf_is_read_once_for_planning_and_parsing(tmp_path, monkeypatch):
    shutil.copy(PDFS / "S_PV.8701_E.pdf", tmp_path / "S_PV.8701_E.pdf")
    (tmp_path / "truncated.pdf").write_bytes((PDFS / "S_PV.8698_E.pdf").read_bytes()[:300_000])
    monkeypatch.setattr(pdf, "_recent", {})
    reads = []
    extract = pdf._extract
    monkeypatch.setattr(pdf, "_extract", lambda data: reads.append(len(data)) or extract(data))
    report = import_paths([tmp_path])
    assert (report.created, len(report.refused)) == (2, 1)
    assert len(reads) == 2  # each once: the good one's text and the damaged one's refusal were kept
