"""From published bytes to clean paragraphs.

Speech files come hard-wrapped at about 55 characters with words hyphenated
across lines (the PDF's layout), or as one long line per speech in which the
old line breaks survive as "coun- try". Both are rebuilt into paragraphs
here; which hyphens were real is decided by the lexicon (see lexicon.py).
"""

import codecs
import io
import re
from collections.abc import Iterator
from typing import BinaryIO

from speeches.parsing.lexicon import keep_hyphen


class NotText(ValueError):
    """The bytes are not a speech text (binary, empty, undecodable)."""


_BINARY_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# Every byte but those: the control characters are ASCII, the same bytes in UTF-8 and cp1252.
_NOT_CONTROL = bytes(b for b in range(256) if not _BINARY_CONTROL.match(chr(b)))
_SAMPLE = 8192


def decode(data: bytes) -> str:
    """Decode a published text file: UTF-8 (with or without BOM) or cp1252.

    Line ends are normalised to "\\n". Raises NotText for empty or binary data.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data[:8192]:
        raise NotText("is a binary file, not text (it contains NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        # The corpus's 2020 files carry cp1252 bytes (0x92 for ’, 0x97 for —).
        # cp1252 leaves five bytes undefined; those would mean it is not text.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise NotText(
                f"is neither UTF-8 nor cp1252 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
            ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    sample = text[:_SAMPLE]
    # The sample's characters come from at most 4 bytes each. Most texts have no control
    # byte there at all, which deleting every other byte tells faster than a search.
    if data[: 4 * _SAMPLE].translate(None, _NOT_CONTROL) and len(_BINARY_CONTROL.findall(sample)) > max(
        8, len(sample) // 100
    ):
        raise NotText("is a binary file, not text (it is full of control characters)")
    if not text.strip():
        raise NotText("is empty")
    return text


_BOM = b"\xef\xbb\xbf"
_HEAD = 65536
_NON_ASCII = bytes(range(0x80, 0x100))
_CHUNK = 1 << 20


def text_lines(stream: BinaryIO) -> Iterator[str]:
    """The lines of a text file (each with its "\n"), decoded as decode() decodes
    the whole file, but read as they are needed: a table of 170,000 rows is never
    held whole. Raises NotText, before the first line, where decode() would."""
    start = len(_BOM) if stream.read(len(_BOM)) == _BOM else 0
    stream.seek(0)
    _checked_head(stream)
    encoding = _encoding(stream, start)
    stream.seek(start)
    reader = io.TextIOWrapper(stream, encoding=encoding, newline=None)
    try:
        # Not `yield from`: closing this generator would then close the stream.
        for line in reader:  # noqa: UP028
            yield line
    finally:
        if not reader.closed:
            reader.detach()  # the stream is the caller's to close


def first_line(stream: BinaryIO) -> str:
    """A text file's first line, without reading the rest; the stream is left where it was.
    Raises NotText where decode() would on the file's first 64 kB."""
    at = stream.tell()
    try:
        return _checked_head(stream).split("\n", 1)[0]
    finally:
        stream.seek(at)


def _checked_head(stream: BinaryIO) -> str:
    """The file's first 64 kB, decoded by decode() and so checked as it checks a whole file."""
    head = stream.read(_HEAD)
    if not stream.read(1):
        return decode(head)
    # More follows: decode whole lines, or leave out the end of a long one: the cut may split a character.
    cut = head.rfind(b"\n") + 1
    head = head[:cut] if cut else head.rstrip(_NON_ASCII)
    return decode(head) if head.strip() else ""


def _encoding(stream: BinaryIO, start: int) -> str:
    """UTF-8 if the whole stream is UTF-8, else cp1252 if it is that, as decode() chooses."""
    for encoding in ("utf-8", "cp1252"):
        stream.seek(start)
        decoder = codecs.getincrementaldecoder(encoding)()
        offset = start
        try:
            while chunk := stream.read(_CHUNK):
                decoder.decode(chunk)
                offset += len(chunk)
            decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError as exc:
            byte, at = exc.object[exc.start], offset + exc.start
    raise NotText(f"is neither UTF-8 nor cp1252 text (byte 0x{byte:02x} at offset {at})")


# A hyphen at a line end ("coun-\ntry"), or one left before a space where a
# line break was collapsed ("counter- terrorism"). The break is found by its
# literal text, which is fast; the words on either side are matched from there.
_BREAK = re.compile(r"-(?:\n[ \t]*| (?=\w))")
_WORD_BEFORE = re.compile(r"\w+$")
_WORD_AFTER = re.compile(r"\w+")
# "pre- and post-conflict": a suspended hyphen, not a broken word.
_SUSPENDED = {"and", "or", "nor", "to", "as", "than", "versus"}


def rejoin_hyphenated(text: str) -> str:
    """Re-join words split across lines: "coun-\\ntry" -> "country",
    "zero-\\ntolerance" -> "zero-tolerance", "Secretary- General" -> "Secretary-General"."""
    if "-\n" not in text and "- " not in text:
        return text
    pieces: list[str] = []
    position = 0
    for match in _BREAK.finditer(text):
        before = _WORD_BEFORE.search(text, max(position, match.start() - 60), match.start())
        after = _WORD_AFTER.match(text, match.end())
        if not before or not after:
            continue
        first, second = before.group(), after.group()
        if second.lower() in _SUSPENDED:
            joiner = "- "
        else:
            joiner = "-" if keep_hyphen(first, second) else ""
        pieces.append(text[position : match.start()])
        pieces.append(joiner)
        position = match.end()
    pieces.append(text[position:])
    return "".join(pieces)


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def paragraphs(text: str) -> list[str]:
    """Clean paragraphs: blank lines separate paragraphs, single line breaks
    inside a paragraph are the layout's and become spaces."""
    text = rejoin_hyphenated(text.replace("\f", "\n"))
    result = []
    for block in _BLANK_LINE.split(text):
        paragraph = " ".join(block.split())
        if paragraph:
            result.append(paragraph)
    return result


def word_count(text: str) -> int:
    """Words as a reader counts them: runs of characters between spaces.

    `text` is as paragraphs() leaves it (single spaces, paragraphs joined by a
    blank line), so counting separators is exact and allocates nothing.
    """
    if not text.strip():
        return 0
    return text.count(" ") + text.count("\n\n") + 1
