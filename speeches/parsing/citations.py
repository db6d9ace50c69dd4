"""Resolutions and documents cited in a statement.

The Council cites its resolutions as "resolution 1325 (2000)", in lists
("resolutions 2170 (2014) and 2253 (2015)", "resolutions 1325 (2000), 1820
(2008) and 1888 (2009)"), after other words ("all relevant resolutions,
including 1325 (2000)") or by symbol ("S/RES/2334 (2016)"). A number with a
year in brackets counts only in a sentence that speaks of resolutions, and
only when the number is one the Council could have adopted in that year, so
"1,325 people" or "paragraph 12 (2015)" are not citations.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass

# First resolution number adopted in a year (approximate before 1990), for
# the plausibility check. Numbers between anchors are interpolated.
FIRST_RESOLUTION_OF_YEAR = [
    (1946, 1),
    (1950, 79),
    (1955, 108),
    (1960, 133),
    (1965, 200),
    (1970, 277),
    (1975, 365),
    (1980, 460),
    (1985, 560),
    (1990, 646),
    (1991, 683),
    (1992, 726),
    (1993, 793),
    (1994, 896),
    (1995, 969),
    (1996, 1030),
    (1997, 1090),
    (1998, 1147),
    (1999, 1222),
    (2000, 1284),
    (2001, 1332),
    (2002, 1386),
    (2003, 1455),
    (2004, 1521),
    (2005, 1582),
    (2006, 1650),
    (2007, 1735),
    (2008, 1790),
    (2009, 1860),
    (2010, 1906),
    (2011, 1961),
    (2012, 2035),
    (2013, 2085),
    (2014, 2140),
    (2015, 2200),
    (2016, 2266),
    (2017, 2336),
    (2018, 2397),
    (2019, 2450),
    (2020, 2505),
    (2021, 2562),
    (2022, 2618),
    (2023, 2672),
    (2024, 2719),
    (2025, 2767),
    (2026, 2810),
]
_YEARS = [year for year, _ in FIRST_RESOLUTION_OF_YEAR]
_SLACK = 40


def plausible_resolution(number: int, year: int) -> bool:
    """Could the Council have adopted resolution `number` in `year`?"""
    if not _YEARS[0] <= year <= _YEARS[-1] + 1 or number < 1:
        return False
    i = bisect_right(_YEARS, year) - 1
    y0, n0 = FIRST_RESOLUTION_OF_YEAR[i]
    if i + 1 < len(FIRST_RESOLUTION_OF_YEAR):
        y1, n1 = FIRST_RESOLUTION_OF_YEAR[i + 1]
    else:
        y1, n1 = y0 + 1, n0 + 60
    low = n0 + (n1 - n0) * (year - y0) / (y1 - y0)
    high = n0 + (n1 - n0) * (year + 1 - y0) / (y1 - y0)
    return low - _SLACK <= number <= high + _SLACK


@dataclass(frozen=True)
class ResolutionCitation:
    number: int
    year: int
    sentence: str

    @property
    def symbol(self) -> str:
        return f"S/RES/{self.number} ({self.year})"


_NUMBER_YEAR = re.compile(r"(?:S/RES/|(?<![\d,./]))(?P<number>\d{1,4})\s?\(\s?(?P<year>(?:19|20)\d\d)\s?\)")
# A year in brackets is rare and starts with a literal, so it is found fast;
# the number before it is then matched from a few characters back.
_BRACKETED_YEAR = re.compile(r"\(\s?(?:19|20)\d\d\s?\)")


def _number_years(text: str):
    for bracket in _BRACKETED_YEAR.finditer(text):
        start = bracket.start()
        window = max(0, start - 13)
        for match in _NUMBER_YEAR.finditer(text, window, bracket.end()):
            if match.end() == bracket.end():
                yield match
                break


def _mentions_resolution(text: str) -> bool:
    # Plain substring tests: many times faster than a case-insensitive regex.
    return "esolution" in text or "ESOLUTION" in text or "S/RES/" in text


# A sentence ends at . ! or ? (perhaps inside a closing quote or bracket)
# followed by a space and a capital, a digit or an opening quote.
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“(A-Z0-9])|\n\n")
_ABBREVIATIONS = (
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "No.",
    "Nos.",
    "St.",
    "vs.",
    "para.",
    "paras.",
    "Corr.",
    "Rev.",
    "Add.",
)
_WINDOW = 2000
# Most sentences start this close before a citation, so the last sentence end is
# looked for there first. A match's extent depends only on where it starts, so the
# last one found there is the last one in the whole window too.
_NEAR = 400


def _last_sentence_end(text: str, begin: int, start: int) -> int | None:
    last = None
    for match in _SENTENCE_END.finditer(text, begin, start):
        if not text.endswith(_ABBREVIATIONS, 0, match.start() + 1):
            last = match.end()
    return last


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence of `text` that contains text[start:end]."""
    near = max(0, start - _NEAR)
    begin = _last_sentence_end(text, near, start)
    if begin is None:
        far = max(0, start - _WINDOW)
        begin = (_last_sentence_end(text, far, start) if near else None) or far
    finish = min(len(text), end + _WINDOW)
    for match in _SENTENCE_END.finditer(text, end, finish):
        if not text.endswith(_ABBREVIATIONS, 0, match.start() + 1):
            finish = match.start() + 1
            break
    return " ".join(text[begin:finish].split())


def cited_resolutions(text: str) -> list[ResolutionCitation]:
    """Resolutions cited in the text, each once, with the first sentence citing it."""
    if not _mentions_resolution(text):
        return []
    found: dict[int, ResolutionCitation] = {}
    for match in _number_years(text):
        number, year = int(match.group("number")), int(match.group("year"))
        if number in found or not plausible_resolution(number, year):
            continue
        sentence = sentence_at(text, match.start(), match.end())
        if _mentions_resolution(sentence):
            found[number] = ResolutionCitation(number, year, sentence)
    return sorted(found.values(), key=lambda c: c.number)


# Document symbols: S/2015/432, S/PRST/2016/9, S/PV.7704, S/PV.5100 (Resumption 1),
# A/70/95, A/RES/60/1, A/ES-10/L.22, S/2014/136/Add.1, S/2020/1236/Rev.1.
_DOCUMENT = re.compile(
    r"(?P<symbol>"
    r"S/PRST/(?:19|20)\d\d/\d{1,3}"
    r"|S/PV\.\d{3,5}(?: ?\(Resumption \d\))?"
    r"|S/(?:19|20)\d\d/\d{1,4}"
    r"|A/(?:RES/|ES-\d{1,2}/)?\d{1,2}/(?:L\.)?\d{1,4}"
    r"|S/\d{4,5}"
    r")(?P<suffix>(?:/(?:Add|Rev|Corr)\.\d{1,2})*)(?![\w/])"
)
# OCR reads the S of "S/2014/189" as an 8.
# The pattern starts with its literal "8" (the look-behind follows it) so that the
# search jumps from one "8" to the next instead of trying every position.
_OCR_SYMBOL = re.compile(r"8(?<![\w/]8)/((?:19|20)\d\d/\d{1,4})(?![\w/])")


def cited_documents(text: str) -> list[str]:
    """UN document symbols cited in the text (not resolutions), in order, each once."""
    if "/" not in text:
        return []
    if "8/" in text:
        text = _OCR_SYMBOL.sub(r"S/\1", text)
    seen: dict[str, None] = {}
    # A symbol starts with "S/" or "A/": the full pattern is tried only there, found
    # by jumping from slash to slash, many times faster than searching with it.
    slash = text.find("/", 1)
    while slash != -1:
        position, slash = slash - 1, text.find("/", slash + 1)
        if text[position] not in "SA" or (
            position and (text[position - 1].isalnum() or text[position - 1] in "/_")
        ):
            continue
        match = _DOCUMENT.match(text, position)
        if not match:
            continue
        symbol = " ".join((match.group("symbol") + match.group("suffix")).split())
        if symbol.startswith("S/PV.") and "(" in symbol and " (" not in symbol:
            symbol = symbol.replace("(", " (")
        seen.setdefault(symbol, None)
    return list(seen)
