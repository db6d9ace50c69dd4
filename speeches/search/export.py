"""A search's statements as CSV or JSON, for reading in a spreadsheet, a statistics package or a script.

Every statement the search matches, in its order, up to MAX_ROWS, with its meeting,
speaker, delegation and whole text, one row each. Rows are read from a server-side
cursor and written as they come, so memory does not grow with the export.

Statement text is untrusted: a cell that a spreadsheet would read as a formula
(starting with =, +, -, @ or a tab) is written with a leading apostrophe, which
spreadsheets show as text (OWASP's advice on CSV injection).
"""

import csv
import datetime as dt
import json
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.http import HttpResponse

from speeches.links import statement_links

# Rows of one export, at most: more than any delegation's statements on one subject.
MAX_ROWS = 50_000
# Read from the database this many at a time.
CHUNK = 500

COLUMNS = [
    ("url", None),
    ("meeting", "debate__symbol"),
    ("date", "debate__date"),
    ("year", "debate__year"),
    ("topic", "debate__topic"),
    ("speech_number", "speech_number"),
    ("speaker", "speaker"),
    ("role", "role"),
    ("delegation", "delegation__name"),
    ("delegation_as_printed", "delegation_as_printed"),
    ("participant_type", "participant_type"),
    ("language", "language"),
    ("word_count", "word_count"),
    ("text", "text"),
]
_FIELDS = ["debate__slug", *(field for _, field in COLUMNS if field)]
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Echo:
    """A file-like object that hands back what csv.writer writes to it."""

    def write(self, value: str) -> str:
        return value


def _cell(value) -> str | int:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value if isinstance(value, int) else str(value)


def csv_lines(statements: QuerySet, *, site: str) -> Iterator[str]:
    """The header and one line per statement; `site` ("https://host") makes the URLs absolute."""
    writer = csv.writer(Echo())
    link = statement_links()
    yield writer.writerow([name for name, _ in COLUMNS])
    number = _FIELDS.index("speech_number") - 1  # in a row's values, after the slug
    rows: Iterable[tuple] = statements.values_list(*_FIELDS)[:MAX_ROWS].iterator(chunk_size=CHUNK)
    for slug, *values in rows:
        url = site + link(slug, values[number])
        yield writer.writerow([url, *(_cell(value) for value in values)])


def json_lines(statements: QuerySet, *, site: str) -> Iterator[str]:
    """The same rows as csv_lines, as one JSON array of objects written a line at a time: the
    columns' names for keys, ISO dates, numbers as numbers and null for what is not known
    (no spreadsheet runs JSON, so no cell is escaped)."""
    link = statement_links()
    names = [name for name, _ in COLUMNS]
    number = _FIELDS.index("speech_number") - 1
    rows: Iterable[tuple] = statements.values_list(*_FIELDS)[:MAX_ROWS].iterator(chunk_size=CHUNK)
    yield "["
    for index, (slug, *values) in enumerate(rows):
        record = dict(zip(names, [site + link(slug, values[number]), *values], strict=True))
        if isinstance(record["date"], dt.date):
            record["date"] = record["date"].isoformat()
        yield ("," if index else "") + "\n" + json.dumps(record, ensure_ascii=False)
    yield "\n]\n"


def not_a_search(errors) -> HttpResponse:
    """The plain-text 400 of a download or feed whose parameters cannot be read, naming each."""
    reasons = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in errors.items())
    return HttpResponse(
        f"Not a search this archive can run ({reasons}).\n",
        status=400,
        content_type="text/plain; charset=utf-8",
    )
