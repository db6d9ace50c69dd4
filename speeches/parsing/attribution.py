"""Which delegation a speaker turn of a verbatim record speaks for.

In the order a reader of the record would use:

1. "The President" speaks for the delegation the cover page names beside the
   President ("President: Mr. Dang .... (Viet Nam)").
2. A turn that names its delegation ("Mr. Abarry (Niger)") speaks for it.
3. A name listed among the cover page's members ("China .... Mr. Wu Haitao")
   speaks for that member.
4. A title ("The Secretary-General") or a briefer the President invited by
   name and title ("I invite Ms. Rosemary DiCarlo, Under-Secretary-General for
   Political and Peacebuilding Affairs, ...") speaks for the body the title names:
   the United Nations for its officials, the organisation or State for others
   ("Permanent Observer of the League of Arab States to the United Nations").

A turn none of these places is kept and flagged with the reason, never guessed.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from speeches.parsing.delegation_registry import lookup
from speeches.parsing.normalize import fold, name_key
from speeches.parsing.turns import Turn

UNITED_NATIONS = "United Nations"


class Cover(Protocol):
    president: str
    president_delegation: str
    members: list  # of records.Member


@dataclass(frozen=True)
class Invitation:
    name: str  # "Ms. Rosemary DiCarlo"
    title: str  # "Under-Secretary-General for Political and Peacebuilding Affairs"

    @property
    def delegation(self) -> str:
        return delegation_from_title(self.title)


@dataclass(frozen=True)
class Attribution:
    speaker: str  # "Mr. Dang" for "The President"; otherwise as printed
    role: str  # "The President", "The Secretary-General", or ""
    delegation: str  # as printed (turn, cover page), or the body a title names; "" if unknown
    participant_type: str  # "president", "member" (of the Council), "invited"
    language: str  # "French" when the turn says "(spoke in French)"
    note: str  # why no delegation could be attributed; "" when one was


_HONORIFIC = r"(?:(?:His|Her)\s+(?:Royal\s+Highness|Excellency|Eminence|Majesty)\s+)?(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Lady)\.?"
_NAME_WORD = (
    r"(?:[A-Z\u00c0-\u00de][\w’'\-]*|de|da|das|do|dos|del|della|der|den|di|du|la|le|van|von|al|el|bin|ibn)"
)
_INVITED = re.compile(
    rf"(?P<name>{_HONORIFIC}\s+{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,6}})\s*,\s*"
    rf"(?P<title>(?:(?!{_HONORIFIC}\s)[^;])+?)"
    rf"(?=;|,?\s+and\s+{_HONORIFIC}\s|,\s+{_HONORIFIC}\s|,?\s+(?:to|who\s+(?:is|are))\s+(?:participate|join|brief)|\.\s|\.?$)"
)
# Titles that make their holder an official of the United Nations.
_UN_TITLE = re.compile(
    r"Secretary-General|United Nations|Emergency Relief Coordinator|High Commissioner|Special Rapporteur"
    r"|Force Commander|Police Commissioner|\bUN[A-Z]+\b|UN-Women|World Food Programme|World Health Organization"
)
_TO_THE_UN = re.compile(r",?\s+to\s+the\s+United\s+Nations(?:\s+(?:Office\s+)?(?:at|in)\s+[A-Z]\w+)?\s*$")


def invitations(paragraphs: Iterable[str]) -> list[Invitation]:
    """The people the President invites by name and title, in order."""
    found: dict[str, Invitation] = {}
    for paragraph in paragraphs:
        if "invite" not in paragraph:
            continue
        for match in _INVITED.finditer(paragraph):
            name = " ".join(match.group("name").split())
            name = re.sub(rf"^(?:His|Her)\s+\w+(?:\s+Highness)?\s+(?={_HONORIFIC})", "", name)
            title = " ".join(match.group("title").split()).strip(" ,")
            found.setdefault(name, Invitation(name, title))
    return list(found.values())


# "Executive Director of the Global Coalition to Protect Education from Attack".
_POST_OF = re.compile(r"^(?:[\w\-’']+\s+){1,5}?of\s+(?:the\s+)?(?P<body>[A-Z].*)$")


def delegation_from_title(title: str) -> str:
    """The body a title names: "United Nations" for its officials, else the
    organisation or State the registry knows in it, else the body the title
    holds its post in ("Director of the Stockholm International Peace
    Research Institute"), else ""."""
    title = _TO_THE_UN.sub("", " ".join(title.split()).strip(" ,;."))
    if _UN_TITLE.search(title):
        return UNITED_NATIONS
    words = [w.strip(",.;:()") for w in title.split()]
    for size in range(min(len(words), 12), 0, -1):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start : start + size])
            known = lookup(phrase) if phrase[:1].isupper() or phrase.startswith("the ") else None
            if known:
                return UNITED_NATIONS if known.kind == "un" else known.name
    post = _POST_OF.match(title)
    return post.group("body") if post else ""


def _person_key(name: str) -> list[str]:
    """ "Mr. Mohamed Ibn Chambas" -> ["mohamed", "ibn", "chambas"]: the name's words, folded."""
    words = fold(name).replace(".", " ").casefold().split()
    while words and words[0] in {
        "his",
        "her",
        "excellency",
        "royal",
        "highness",
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
    }:
        words.pop(0)
    return words


def _same_person(turn_name: str, full_name: str) -> bool:
    """A turn prints the surname ("Mr. Chambas"); an invitation or the cover may print more."""
    short, full = _person_key(turn_name), _person_key(full_name)
    return bool(short) and full[-len(short) :] == short


def same_delegation(a: str, b: str) -> bool:
    if name_key(a) == name_key(b):
        return True
    known_a, known_b = lookup(a), lookup(b)
    return known_a is not None and known_a == known_b


def invited_for(speaker: str, invited: Iterable[Invitation]) -> str:
    """The delegation of the invitation that names `speaker` ("Mrs. Raz" for "Mrs. Noura Raz,
    Chair of the Committee on ..."), or "" when none does or its title names none."""
    for invitation in invited:
        if _same_person(speaker, invitation.name) and invitation.delegation:
            return invitation.delegation
    return ""


def attribute(turn: Turn, cover: Cover, invited: list[Invitation]) -> Attribution:
    language = turn.language
    if turn.role == "The President":
        return Attribution(cover.president, turn.role, cover.president_delegation, "president", language, "")
    members = [m.delegation for m in cover.members]
    if turn.delegation:
        member = any(same_delegation(turn.delegation, m) for m in members)
        return Attribution(
            turn.speaker, turn.role, turn.delegation, "member" if member else "invited", language, ""
        )
    if not turn.role:
        for member in cover.members:
            if any(_same_person(turn.speaker, rep) for rep in member.representative.split("/")):
                return Attribution(turn.speaker, "", member.delegation, "member", language, "")
        if delegation := invited_for(turn.speaker, invited):
            return Attribution(turn.speaker, "", delegation, "invited", language, "")
    else:
        delegation = delegation_from_title(turn.role.removeprefix("The "))
        if delegation:
            return Attribution(turn.speaker, turn.role, delegation, "invited", language, "")
    title = next((i.title for i in invited if not turn.role and _same_person(turn.speaker, i.name)), "")
    if title:
        note = f"the turn gives no delegation and the invitation's title ({title}) names none"
    else:
        note = "the turn gives no delegation, the cover page does not list the speaker, and no invitation names them"
    return Attribution(turn.speaker, turn.role, "", "invited", language, note)
