"""Meeting symbols and the corpus's file names.

UNSC_2016_SPV.7704_spch012.txt              S/PV.7704, speech 12, 2016
UNSC_1992_SPV.3137_spch0009.txt             four-digit speech numbers (v6.1)
UNSC_2004_SPV.5100Resumption1_spch0021.txt  S/PV.5100 (Resumption 1)
UNSC_2020_S_2020_339_spch0018.txt           S/2020/339 (a 2020 letter)
UNSC_2020_SPV.2020_266_spch000.txt          S/2020/266 (same, 2020 extension)
UNSC_2014_SPV.7154_spch004_RF_neg.txt       extra tags after the number are ignored
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Meeting:
    symbol: str  # "S/PV.5100 (Resumption 1)", "S/2020/339"
    meeting_number: int | None
    resumption: int

    @property
    def slug(self) -> str:
        return meeting_slug(self.symbol)


def meeting_slug(symbol: str) -> str:
    """ "S/PV.5100 (Resumption 1)" -> "s-pv-5100-resumption-1"."""
    return re.sub(r"[^a-z0-9]+", "-", symbol.lower()).strip("-")


_BASENAME = re.compile(
    r"UNSC_(?P<year>\d{4})_(?:"
    r"SPV\.(?P<meeting>\d{1,5})(?:_?Resumption_?(?P<resumption>\d{1,2}))?"
    r"|(?:SPV\.|S_)(?P<letter_year>\d{4})_(?P<letter_number>\d{1,4})"
    r")",
    re.I,
)
_FILENAME = re.compile(_BASENAME.pattern + r"_spch(?P<speech>\d{1,4})(?:_[^/\\]*)?\.txt$", re.I)


@dataclass(frozen=True)
class FileMetadata:
    meeting: Meeting
    year: int
    speech_number: int
    basename: str  # "UNSC_2016_SPV.7704", the key of the corpus's meta table


def _meeting(match: re.Match) -> Meeting:
    if match.group("meeting"):
        number = int(match.group("meeting"))
        resumption = int(match.group("resumption") or 0)
        return Meeting(meeting_symbol(number, resumption), number, resumption)
    symbol = f"S/{match.group('letter_year')}/{int(match.group('letter_number'))}"
    return Meeting(symbol, None, 0)


def meeting_symbol(number: int, resumption: int = 0) -> str:
    symbol = f"S/PV.{number}"
    return f"{symbol} (Resumption {resumption})" if resumption else symbol


def parse_filename(name: str) -> FileMetadata | None:
    """Metadata carried by a corpus file name, or None if it carries none."""
    match = _FILENAME.search(name)
    if not match:
        return None
    return FileMetadata(
        meeting=_meeting(match),
        year=int(match.group("year")),
        speech_number=int(match.group("speech")),
        basename=match.group(0).split("_spch")[0],
    )


def parse_basename(basename: str) -> tuple[Meeting, int] | None:
    """The meeting and year named by a corpus basename ("UNSC_2016_SPV.7704")."""
    match = _BASENAME.fullmatch(basename.strip())
    return (_meeting(match), int(match.group("year"))) if match else None


_SYMBOL = re.compile(
    r"^(?:S/\s?PV\.?\s?)?(?P<meeting>\d{1,5})\s*(?:\(?\s*Resumption\s*(?P<resumption>\d{1,2})\s*\)?)?$"
    r"|^(?:S/)?(?P<letter_year>(?:19|20)\d\d)[/_](?P<letter_number>\d{1,4})$",
    re.I,
)


def parse_meeting(text: str) -> Meeting | None:
    """A meeting as a curator types it or a table writes it: "S/PV.7704",
    "s/pv.5100 (resumption 1)", "7704", "8699Resumption1", "S/2020/339", "2020_266"."""
    match = _SYMBOL.match(text.strip())
    return _meeting(match) if match else None


class NotAMeeting(ValueError):
    """A value that names no meeting, with the message to show whoever typed it."""


def require_meeting(text: str) -> Meeting:
    """parse_meeting(text), or NotAMeeting saying how a symbol is written: the one check of a
    meeting typed by a person (the command's --meeting, the admin's upload form, the search filter)."""
    meeting = parse_meeting(text)
    if meeting is None:
        raise NotAMeeting(
            f'"{text.strip()}" is not a meeting symbol (S/PV.7704, S/PV.5100 (Resumption 1), S/2020/339).'
        )
    return meeting
