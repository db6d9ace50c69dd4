"""Every delegation spelling of the shared corpus, as tests/parsing/data/corpus_spellings.tsv holds it.

The registry test reads that file, so that it runs without ../shared; when the corpus grows, make
the file again from the project's folder:

    python -m tests.parsing.collect_spellings ../shared/corpus > tests/parsing/data/corpus_spellings.tsv

The spellings come from the corpus's speaker tables (their `country` column), the speaker turns
that open its speech files, and the cover pages of its full records (the President's delegation
and the members).
"""

import csv
import re
import sys
from collections import Counter
from pathlib import Path

from speeches.parsing.normalize import name_key

# Corpus values that name no delegation: "Individual" marks a briefer speaking for no one,
# and one row of the 2020 speaker table has the language note in its country column.
NOT_DELEGATIONS = {"", "na", "individual"}
LANGUAGE_NOTE = re.compile(r"^\s*(spoke|speaking|interpretation)\b", re.IGNORECASE)

# A speaker turn at the start of a speech file: "Mr. Churkin (Russian Federation) (spoke in
# Russian):". The groups must be followed by the colon, so that a cleaned speech starting with
# "When we met ... (see S/PV.7165), ..." is not read as a turn.
SPEAKER_TURN = re.compile(r"^(?P<name>[^():]{1,80}?)\s*(?P<groups>(?:\([^()]*\)\s*)+):")
COVER_MEMBER = re.compile(r"^(?:Members:\s*)?(?P<country>\S.*?)\s*\.{2,}\s*\S")
COVER_PRESIDENT = re.compile(r"^President:.*\((?P<country>[^()]+)\)\s*$")


def read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def countries_in_tables(corpus: Path) -> Counter[tuple[str, str]]:
    found: Counter[tuple[str, str]] = Counter()
    csv.field_size_limit(sys.maxsize)
    pires = corpus / "antonio-henrique-pires__unsc_2020"
    tables = [
        (pires / "unsc_2020_RData_56babe0_speaker.tsv", csv.QUOTE_MINIMAL),
        (pires / "unsc_2020_RData_c91d7b1_virtual_meetings_with_text.tsv", csv.QUOTE_MINIMAL),
        *(
            (path, csv.QUOTE_NONE)
            for path in sorted((corpus / "discourse-lab__UMUC" / "Metadata").glob("*.tsv"))
        ),
    ]
    for path, quoting in tables:
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=quoting):
                found[(row["country"].strip(), path.name)] += 1
    return found


def countries_in_speaker_turns(corpus: Path) -> Counter[tuple[str, str]]:
    found: Counter[tuple[str, str]] = Counter()
    for path in sorted(corpus.glob("**/UNSC_*.txt")):
        start = re.sub(r"\s+", " ", read_text(path).lstrip("\ufeff")[:400]).strip()
        turn = SPEAKER_TURN.match(start)
        if not turn:
            continue
        groups = [group.strip() for group in re.findall(r"\(([^()]*)\)", turn["groups"])]
        countries = [group for group in groups if not LANGUAGE_NOTE.match(group)]
        if countries:
            found[(countries[0], path.name)] += 1
    return found


def countries_on_cover_pages(corpus: Path) -> Counter[tuple[str, str]]:
    found: Counter[tuple[str, str]] = Counter()
    for path in sorted(
        (corpus / "antonio-henrique-pires__unsc_2020" / "full_records_S_PV_txt").glob("*.txt")
    ):
        cover = read_text(path).split("\nAgenda", 1)[0]
        in_members = False
        for line in cover.splitlines():
            if president := COVER_PRESIDENT.match(line):
                found[(president["country"].strip(), path.name)] += 1
            in_members = in_members or line.startswith("Members:")
            if in_members and (member := COVER_MEMBER.match(line)):
                found[(member["country"], path.name)] += 1
    return found


def corpus_spellings(corpus: Path) -> dict[str, str]:
    """Every delegation spelling in the corpus, with one file it was seen in."""
    spellings: dict[str, str] = {}
    for collect in (countries_in_tables, countries_in_speaker_turns, countries_on_cover_pages):
        for spelling, source in collect(corpus):
            if name_key(spelling) in NOT_DELEGATIONS or LANGUAGE_NOTE.match(spelling):
                continue
            spellings.setdefault(spelling, source)
    return spellings


def main(corpus: Path) -> None:
    spellings = corpus_spellings(corpus)
    sys.stdout.write("spelling\tseen in\n")
    for spelling in sorted(spellings):
        sys.stdout.write(f"{spelling}\t{spellings[spelling]}\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
