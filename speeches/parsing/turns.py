"""The speaker turn that opens a statement in the verbatim record.

    Mr. Churkin (Russian Federation) (spoke in Russian): ...
    The President (spoke in French): ...
    Ms. DeShong (Saint Vincent and the Grenadines): ...
    Mr. Moncada (Venezuela (Bolivarian Republic of)) (interpretation from Spanish): ...
    Archbishop Auza: ...      Hadiza (spoke in French): ...      Dato Lim Jock Hoi: ...

A turn is a name (capitalised words, initials and name particles only),
then up to three parenthesised notes (the delegation, the language), then a
colon. Anything else ("At the outset, I would like ...") is not a turn.
"""

import re
from dataclasses import dataclass

from speeches.parsing.delegation_registry import lookup

# Lower-case words that occur inside personal names and titles.
_PARTICLES = (
    r"de|da|das|do|dos|del|della|der|den|di|du|la|le|van|von|ter|zu|bin|bint|binti|ibn|al|el|"
    r"y|e|of|the|and|for|on|in|to"
)
_NAME_WORD = rf"(?:[A-Z\u00c0-\u00de][\w'’.\-]*|(?:{_PARTICLES})(?=\s)|[A-Z]\.)"
# One level of nesting: "(Venezuela (Bolivarian Republic of))".
_PAREN = r"\(\s*[^()]*?(?:\([^()]*\)[^()]*?)*\)"
_TURN = re.compile(
    rf"^\s*(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,9}})"
    rf"(?P<notes>(?:\s*{_PAREN}){{0,3}})"
    r"\s*:[ \t\n]"
)
# OCR can mangle a name ("Mrs. ngu", "Mr. Liu J ieyi"): after an honorific
# any short run of words is accepted, provided a parenthesised note follows.
_OCR_TURN = re.compile(
    rf"^\s*(?P<name>(?:Mr|Mrs|Ms|Miss|Dr)\.\s[^():\n]{{1,40}}?)"
    rf"(?P<notes>(?:\s*{_PAREN}){{1,3}})"
    r"\s*:[ \t\n]"
)
_NOTE = re.compile(_PAREN)
# "(spoke in French)", "( spoke in French)", "(interpretation from Arabic)",
# "(spoke in Arabic; English text provided by the delegation)".
_LANGUAGE = re.compile(
    r"^\(\s*(?:spoke|speaking|interpretation|interpreted)\b(?P<inner>.*?)\b(?:in|from)\s+(?P<language>[A-Z][a-z]+)"
    r"(?P<tail>[^()]*)\)$",
    re.S | re.I,
)
_TITLES_WITHOUT_NAME = re.compile(r"^The\s")


@dataclass(frozen=True)
class Turn:
    speaker: str  # as printed: "Mr. Churkin", "The President"
    role: str  # "The President", "The Secretary-General", or ""
    delegation: str  # as printed in the turn, or ""
    language: str  # "French", or "" when the turn does not say


def split_turn(text: str) -> tuple[Turn | None, str]:
    """Take the speaker turn off the front of a statement.

    Returns (turn, body). When the text opens with no turn, returns (None, text).
    Text that the PDF extraction pushed inside the language note ("The President
    (spoke I thank Mr. Mladenov for his briefing. in French): ...") goes back
    to the front of the body.
    """
    match = _TURN.match(text[:600]) or _OCR_TURN.match(text[:600])
    if not match:
        return None, text
    name = " ".join(match.group("name").split())
    if name.lower() in {"note", "annex", "enclosure", "agenda"}:
        return None, text
    delegation = language = displaced = ""
    for note in _NOTE.findall(match.group("notes")):
        lang = _LANGUAGE.match(note)
        if lang:
            language = lang.group("language").capitalize()
            displaced = " ".join(lang.group("inner").split())
        elif not delegation:
            delegation = " ".join(note[1:-1].split())
        else:
            return None, text  # a third, unknown note: not a turn we understand
    body = text[match.end() :].lstrip()
    if displaced:
        body = f"{displaced} {body}"
    role = name if _TITLES_WITHOUT_NAME.match(name) else ""
    return Turn(speaker=name, role=role, delegation=delegation, language=language), body


# A turn that opens a later paragraph of a statement with its colon lost:
# "Mr. De Aguiar Patriota (Brazil) Let me congratulate Angola ...". The corpus
# was split at colons, so there it kept two speeches as one statement. An
# honorific, a name, a known delegation in brackets (and perhaps a language
# note), then the speech itself, capitalised.
_JOINED_TURN = re.compile(
    rf"(?P<name>(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame)\.?(?:[ \t]+{_NAME_WORD}){{1,6}})"
    r"[ \t]*\((?P<delegation>[^()]*(?:\([^()]*\)[^()]*)*)\)"
    r"(?:[ \t]*\(\s*(?:spoke|speaking|interpretation)\b[^()]*\))?"
    r":?[ \t]+(?=[A-Z\u201c\u2018\"'])"
)


@dataclass(frozen=True)
class JoinedTurn:
    """Another speaker's turn inside a statement's text."""

    paragraph: int  # counted from 1
    turn: str  # as printed: "Mr. De Aguiar Patriota (Brazil)"

    def note(self) -> str:
        return (
            f"paragraph {self.paragraph} opens another speaker's turn without its colon "
            f"({self.turn}): the source kept two speeches as one here"
        )


def joined_turn(paragraphs: list[str], *, delegation: str = "") -> JoinedTurn | None:
    """The first paragraph after the first that opens another delegation's turn missing its
    colon, if any. A turn of the statement's own `delegation` (a heading printed again) is not."""
    own = lookup(delegation) if delegation else None
    for number, paragraph in enumerate(paragraphs[1:], start=2):
        match = _JOINED_TURN.match(paragraph)
        if match and (other := lookup(match.group("delegation"))) is not None and other != own:
            return JoinedTurn(number, paragraph[: match.end()].strip())
    return None
