"""Folding of names and text for matching, shared by the importer and search."""

import re
import unicodedata

# Letters folded for search, in the database (speeches.models.Fold, for short
# fields) and here (folded_terms, for statement text).
# translate() maps character by character: str.maketrans refuses strings of unequal length.
ACCENTED = "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöøùúûüýÿĀāĂăĄąĆćČčĎďĒēĖėĘęĚěĞğĪīĮįİıĶķĹĺĻļĽľŁłŃńŅņŇňŌōŐőŔŕŘřŚśŞşŠšŢţŤťŪūŮůŰűŲųŹźŻżŽžȘșȚț"
UNACCENTED = "AAAAAACEEEEIIIINOOOOOOUUUUYaaaaaaceeeeiiiinoooooouuuuyyAaAaAaCcCcDdEeEeEeEeGgIiIiIiKkLlLlLlLlNnNnNnOoOoRrRrSsSsSsTtTtUuUuUuUuZzZzZzSsTt"
_FOLD_TABLE = str.maketrans(ACCENTED, UNACCENTED)
# A run of foldable letters: found by a plain character-class scan, which is
# fast, and which skips the curly quotes and dashes found in nearly every text.
_FOLDABLE = re.compile("[" + re.escape(ACCENTED) + "]+")
# The first bytes of those letters in UTF-8 (0xC3-0xC8: they are between U+00C0 and U+021B).
_FOLDABLE_LEADS = bytes(sorted({c.encode()[0] for c in ACCENTED}))


def may_have_accents(text: str) -> bool:
    """False when `text` has none of the letters fold() changes. Most texts have none (their
    curly quotes and dashes start with 0xE2 in UTF-8), which deleting the bytes those letters
    start with tells in 3 microseconds a statement, a thirtieth of translate()'s time."""
    data = text.encode("utf-8", "surrogatepass")
    return len(data.translate(None, _FOLDABLE_LEADS)) != len(data)


def fold(text: str) -> str:
    """Fold accents exactly as the database does (for search queries, and the texts the
    concordance reads); a text with none is returned as it is."""
    return text.translate(_FOLD_TABLE) if may_have_accents(text) else text


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_key(name: str) -> str:
    """The key under which a delegation's spelling is looked up.

    Case, accents, punctuation, a leading "the" and spacing do not matter:
    "Côte d’Ivoire", "COTE D'IVOIRE" and "Cote d Ivoire" share one key.
    """
    text = strip_accents(name).casefold().replace("&", " and ")
    text = re.sub(r"[’'`´]", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


_PUNCTUATION = "\"'“”‘’.,;:!?()[]«»—–-"


def folded_terms(text: str) -> str:
    """The accent-free spelling of every word of `text` that has accents.

    Folding a whole statement with PostgreSQL's translate() costs about 3 ms
    (it scans the map once per character), three times the cost of building
    the search vector itself. So the statement's vector indexes its text as
    written plus these few folded words: "Côte" is found as "côte" and "cote".
    """
    if not may_have_accents(text):
        return ""
    words = set()
    for match in _FOLDABLE.finditer(text):
        start = max(text.rfind(" ", 0, match.start()), text.rfind("\n", 0, match.start())) + 1
        ends = [i for i in (text.find(" ", match.end()), text.find("\n", match.end())) if i >= 0]
        word = fold(text[start : min(ends, default=len(text))].strip(_PUNCTUATION))
        if word.isascii():
            words.add(word)
    return " ".join(sorted(w for w in words if w))
