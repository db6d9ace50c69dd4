"""A record's import against the corpus's own segmentation of the same meeting.

The 2020 corpus split each of these records by hand into speech files
(speeches_txt_2020/UNSC_2020_SPV.<n>_spch<NNN>.txt) and a speaker table
(unsc_2020_RData_56babe0_speaker.tsv); sample/unsc_2020 holds both, unchanged.
For every record: the same number of statements, the same speakers in the same
order, the same delegations, and at least 99% of the words of each corpus
statement in the record's statement of the same number.

The corpus text was OCR'd and transliterated to ASCII ("Auvaart" for
"Auväärt", cp1252 quotes), and it keeps the page furniture the record's import
removes (running headers, "20-01495", "2/2"). So words are compared folded
(accents, case), letters and digits only, after taking that furniture out of
the corpus text; a word's share is the corpus statement's multiset of words
found in the record's statement.
"""

import csv
import re
from collections import Counter

import pytest

from speeches.parsing.delegation_registry import lookup
from speeches.parsing.normalize import fold
from speeches.parsing.records import Record, parse_record
from speeches.parsing.speech import record_statements
from speeches.parsing.text import decode
from speeches.parsing.turns import split_turn
from tests.conftest import SAMPLE

CORPUS = SAMPLE / "unsc_2020"
RECORDS = CORPUS / "full_records_S_PV_txt"
# The corpus's OCR misreads of names the record prints correctly.
CORPUS_MISSPELLINGS = {"Mr. Jiirgenson": "Mr. Jürgenson"}
# Where the corpus's OCR mixed the columns of a page: (meeting, speech) -> (the
# pieces of text the corpus puts in that speech, the speech of the record that says them).
CORPUS_MISPLACED = {
    # In Saint Vincent and the Grenadines' speech, woven into "a sovereign and
    # contiguous State"; the record has the sentence in China's, the next speech.
    (8706, 20): (
        ["We should continue to promote dialogue,", "negotiations and_ political consultations. The"],
        21,
    ),
}
MIN_SHARE = 0.99


def words(text: str) -> Counter:
    return Counter(re.findall(r"[^\W_]+", fold(text).casefold()))


def without_furniture(text: str, record: Record) -> str:
    """The corpus text without the page headers and footers its OCR kept."""
    cover = record.cover
    symbol = rf"S/\s?PV\.\s?{cover.meeting.meeting_number}"
    date = re.escape(cover.date.strftime("%d/%m/%Y"))
    topic = r"\s+".join(re.escape(w) for w in cover.topic.split())
    text = re.sub(rf"{date}\s+{topic}\s+{symbol}|{symbol}\s+{topic}\s+{date}", " ", text)
    text = re.sub(rf"\b{re.escape(cover.document_number)}\b", " ", text)
    return re.sub(r"(?<![\d/])\d{1,2}/\d{1,2}(?![\d/])", " ", text)  # page numbers: "2/2", "31/31"


def same_person(record_name: str, corpus_name: str) -> bool:
    corpus_name = CORPUS_MISSPELLINGS.get(corpus_name, corpus_name)
    return fold(record_name.replace("’", "'")).casefold() == fold(corpus_name.replace("’", "'")).casefold()


def delegation(name: str) -> str:
    known = lookup(name)  # "UN" and "United Nations", "Palestine" and "State of Palestine"
    return known.name if known else name


@pytest.fixture(scope="module")
def speaker_rows() -> list[dict]:
    with open(CORPUS / "unsc_2020_RData_56babe0_speaker.tsv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def compare(number: int, rows: list[dict]):
    record = parse_record(decode((RECORDS / f"S_PV.{number}_E.txt").read_bytes()))
    statements = record_statements(record, source=f"S_PV.{number}_E.txt").statements
    corpus = sorted(
        (r for r in rows if r["basename"] == f"UNSC_2020_SPV.{number}"), key=lambda r: int(r["speech"])
    )
    shares = []
    for statement, row in zip(statements, corpus, strict=False):
        _, body = split_turn(decode((CORPUS / "speeches_txt_2020" / row["filename"]).read_bytes()))
        misplaced, right = CORPUS_MISPLACED.get((number, statement.speech_number), ([], 0))
        for piece in misplaced:
            assert piece in body
            assert words(piece) <= words(statements[right - 1].text)
            body = body.replace(piece, " ")
        expected = words(without_furniture(body, record))
        shares.append(sum((expected & words(statement.text)).values()) / sum(expected.values()))
    return record, statements, corpus, shares


# Statements; the lowest and the mean share of a corpus statement's words found in the record's.
FIGURES = {
    8698: (20, 0.9970, 0.9997),
    8701: (2, 1.0, 1.0),
    8706: (32, 0.9951, 0.9990),
    8770: (22, 0.9981, 0.9998),
}


@pytest.mark.parametrize("number", sorted(FIGURES))
def test_record_matches_the_corpus_split(number, speaker_rows):
    record, statements, corpus, shares = compare(number, speaker_rows)
    count, lowest, mean = FIGURES[number]
    assert len(statements) == len(corpus) == count
    assert [s.speech_number for s in statements] == [int(r["speech"]) for r in corpus]
    mismatched = [
        (s.speech_number, s.speaker, r["speaker"])
        for s, r in zip(statements, corpus, strict=True)
        if not same_person(s.speaker, r["speaker"])
    ]
    assert mismatched == []
    assert [delegation(s.delegation) for s in statements] == [delegation(r["country"]) for r in corpus]
    assert min(shares) >= MIN_SHARE
    assert (round(min(shares), 4), round(sum(shares) / len(shares), 4)) == (lowest, mean)


def test_8706_is_the_first_part_of_the_meeting(speaker_rows):
    """The record S/PV.8706 ends "The meeting was suspended at 1.10 p.m.";
    the corpus's 8706Resumption1 is the next day's record, S/PV.8706 (Resumption 1)."""
    record, statements, _, _ = compare(8706, speaker_rows)
    assert statements[-1].text.endswith("The meeting was suspended at 1.10 p.m.")
    assert record.meeting.symbol == "S/PV.8706"
    resumed = [r for r in speaker_rows if r["basename"] == "UNSC_2020_SPV.8706Resumption1"]
    assert resumed == []  # not in the sample; 63 speeches in the full corpus
