"""The delegation registry: examples, its invariants, and coverage of the shared corpus."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from speeches.parsing.delegation_registry import DEFAULT_PATH, KINDS, load_registry, lookup
from speeches.parsing.normalize import name_key

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


SPELLINGS = Path(__file__).parent / "data" / "corpus_spellings.tsv"


def corpus_spellings() -> dict[str, str]:
    """Every delegation spelling of the shared corpus, with one file it was seen in
    (tests/parsing/collect_spellings.py made the file from ../shared/corpus)."""
    with open(SPELLINGS, encoding="utf-8", newline="") as f:
        return {
            row["spelling"]: row["seen in"]
            for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        }


def test_every_corpus_spelling_resolves() -> None:
    spellings = corpus_spellings()
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
