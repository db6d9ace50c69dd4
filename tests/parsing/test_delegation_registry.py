"""The delegation registry: examples, its invariants, and coverage of the shared corpus."""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from speeches.parsing.delegation_registry import DEFAULT_PATH, KINDS, load_registry, lookup
from speeches.parsing.normalize import name_key
from tests.conftest import ROOT

CORPUS = ROOT.parent / "shared" / "corpus"

# Former Members of the United Nations, kept as member_state rows so that old records resolve.
# They are not among the 193 current Members.
FORMER_MEMBERS = {
    "Union of Soviet Socialist Republics",
    "Yugoslavia",
    "Czechoslovakia",
    "Zaire",
    "German Democratic Republic",
    "Serbia and Montenegro",
    "Yemen Arab Republic",
    "Democratic Yemen",
}

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


def entries():
    return set(load_registry().values())


# --- examples ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("United Kingdom of Great Britain and Northern Ireland", "United Kingdom"),
        ("United Kingdom Of Great Britain And Northern Ireland", "United Kingdom"),
        ("UK", "United Kingdom"),
        ("Turkey", "Türkiye"),
        ("Türkiye", "Türkiye"),
        ("Turkiye", "Türkiye"),
        ("Czech Republic", "Czechia"),
        ("Cape Verde", "Cabo Verde"),
        ("Venezuela (Bolivarian Republic of)", "Venezuela (Bolivarian Republic of)"),
        ("Bolivarian Republic of Venezuela", "Venezuela (Bolivarian Republic of)"),
        ("Venezuela (Bolivarian Republic Of)", "Venezuela (Bolivarian Republic of)"),
        ("United States of America", "United States"),
        ("the United States of America", "United States"),
        ("USA", "United States"),
        ("Russia", "Russian Federation"),
        ("the Russian Federation", "Russian Federation"),
        ("Cote d'Ivoire", "Côte d'Ivoire"),
        ("Côte d’Ivoire", "Côte d'Ivoire"),
        ("Islamic Republic of Iran", "Iran (Islamic Republic of)"),
        ("Plurinational State of Bolivia", "Bolivia (Plurinational State of)"),
        ("Vietnam", "Viet Nam"),
        ("The former Yugoslav Republic of Macedonia", "North Macedonia"),
        ("Swaziland", "Eswatini"),
        ("Palestine", "State of Palestine"),
        ("the Gambia", "Gambia"),
        ("the Niger", "Niger"),
        ("the Sudan", "Sudan"),
        ("the Netherlands", "Netherlands"),
        ("Vatican", "Holy See"),
        ("EU", "European Union"),
        ("AU", "African Union"),
        ("OSCE", "Organization for Security and Cooperation in Europe"),
        (
            "Organization for Security and Co-operation in Europe",
            "Organization for Security and Cooperation in Europe",
        ),
    ],
)
def test_spellings_resolve_to_canonical_name(spelling: str, canonical: str) -> None:
    found = lookup(spelling)
    assert found is not None, spelling
    assert found.name == canonical


def test_aliases_of_one_delegation_share_one_entry() -> None:
    assert lookup("Venezuela (Bolivarian Republic of)") is lookup("Bolivarian Republic of Venezuela")
    assert lookup("Turkey") is lookup("Türkiye")


def test_kinds_and_codes() -> None:
    assert lookup("UN").kind == "un"
    assert lookup("Kazakhstan").iso3 == "KAZ"
    assert lookup("Holy See").kind == "observer_state"
    assert lookup("State of Palestine").iso3 == "PSE"
    assert lookup("European Union").kind == "organisation"
    assert lookup("European Union").iso3 == ""
    assert lookup("International Committee of the Red Cross").kind == "other"
    assert lookup("Atlantis") is None


# --- invariants -------------------------------------------------------------------------------


def test_193_current_members_plus_former_members() -> None:
    members = {entry.name for entry in entries() if entry.kind == "member_state"}
    assert FORMER_MEMBERS <= members
    assert len(members - FORMER_MEMBERS) == 193
    assert len(members) == 193 + len(FORMER_MEMBERS)
    assert {entry.name for entry in entries() if entry.kind == "observer_state"} == {
        "Holy See",
        "State of Palestine",
    }


def test_every_row_is_valid_and_iso3_is_unique() -> None:
    rows = entries()
    assert all(entry.kind in KINDS for entry in rows)
    codes = [entry.iso3 for entry in rows if entry.iso3]
    assert len(codes) == len(set(codes))
    assert all(entry.iso3 for entry in rows if entry.kind == "observer_state")
    assert not any(entry.iso3 for entry in rows if entry.kind in {"organisation", "un", "other"})
    current = [entry for entry in rows if entry.kind == "member_state" and entry.name not in FORMER_MEMBERS]
    assert all(entry.iso3 for entry in current)


def test_no_two_rows_share_a_key() -> None:
    owner: dict[str, str] = {}
    lines = DEFAULT_PATH.read_text(encoding="utf-8").splitlines()[1:]
    for line in lines:
        name, _kind, _iso3, aliases = line.split("\t")
        for spelling in [name, *filter(None, aliases.split("|"))]:
            key = name_key(spelling)
            assert owner.setdefault(key, name) == name, (
                f"{spelling!r} of {name!r} collides with {owner[key]!r}"
            )


def test_loader_rejects_a_collision_and_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "delegations.tsv"
    path.write_text(
        "name\tkind\tiso3\taliases\nTürkiye\tmember_state\tTUR\tTurkey\nTurkey\tother\t\t\n", encoding="utf-8"
    )
    with pytest.raises(ValueError, match=r":3: 'Turkey' collides with 'Türkiye' on line 2"):
        load_registry(path)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Chile\tmember_state\tCHL", "expected 4"),
        ("Chile\tcountry\tCHL\t", "unknown kind"),
        ("Chile\tmember_state\tcl\t", "iso3"),
        ("Chile\tmember_state\tCHL\tChili||", "empty alias"),
        ("Chile\tmember_state\tARG\t", "iso3 ARG already used on line 2"),
    ],
)
def test_loader_rejects_a_bad_row_and_names_the_line(tmp_path: Path, row: str, message: str) -> None:
    path = tmp_path / "delegations.tsv"
    path.write_text(f"name\tkind\tiso3\taliases\nArgentina\tmember_state\tARG\t\n{row}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=rf":3: .*{re.escape(message)}"):
        load_registry(path)


# --- the shared corpus ------------------------------------------------------------------------


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


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the shared corpus is not at {CORPUS}")
def test_every_corpus_spelling_resolves() -> None:
    spellings = corpus_spellings(CORPUS)
    assert len(spellings) > 200, "collecting the spellings found too few: is the corpus complete?"
    for expected in (
        "Viet Nam",
        "United Kingdom of Great Britain and Northern Ireland",
        "Republic ofKorea",
        "UN",
    ):
        assert expected in spellings
    unresolved = {spelling: source for spelling, source in spellings.items() if lookup(spelling) is None}
    assert not unresolved, f"spellings missing from {DEFAULT_PATH.name}: {unresolved}"
