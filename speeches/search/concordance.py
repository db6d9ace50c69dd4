"""The concordance (keyword in context) of a search: every occurrence of its words in the matching
statements, as a line with the words before and after, aligned on the keyword.

An occurrence is a word of a statement's text whose lexeme (PostgreSQL's English stemming of
its accent-folded spelling, as the search vector holds it) is one of the query's required
lexemes: "women" finds "women" and "women's", "sanctions" finds "sanctioned". The total is
counted in the search vectors (the text's positions, as speeches.search.trends counts them)
and kept until the archive changes; the lines of a page are found in the texts of the
statements it covers, in the search's order (newest first) and in the order of each text.

Lines can be sorted by the words before or after the keyword. Sorting needs every line: a
concordance of at most MAX_SORTED lines is sorted while its page waits, a longer one once by the
worker (speeches.search.sorts), which keeps each line's place (its statement and its occurrence
there, as `places` gives them) in sorted order; `lines_at` finds the lines of such places.
"""

import bisect
import itertools
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import connection
from django.db.models import IntegerField, Sum
from django.db.models.expressions import RawSQL
from django.urls import reverse

from speeches.models import SEARCH_CONFIG, Statement
from speeches.parsing.normalize import fold
from speeches.search.answers import Answers
from speeches.search.filters import StatementFilter
from speeches.search.trends import OCCURRENCES

CONTEXT = 70  # characters each side of the keyword, about ten words
PAGE_LINES = 50
MAX_SORTED = 5_000
MAX_EXPORTED = 50_000
SORTS = ("text", "left", "right")
# A word as PostgreSQL's parser cuts text into words: letters and digits, hyphens and
# apostrophes between them cutting it ("peace-keeping" gives "peace" and "keeping").
_WORD = re.compile(r"\w+")
# A word of a line's context, for sorting: letters and digits, an apostrophe inside ("women's").
_SORTED_WORD = re.compile(r"\w+(?:['’]\w+)*")
# Statements read from the database at a time while lines are gathered.
_BATCH = 100


@dataclass(frozen=True)
class Source:
    """A concordance's statements as its page reads them: the matches newest first, the ids of
    the first ones (first_ids), the query's required lexemes and the query."""

    ordered: object  # a QuerySet of statements
    first: dict
    lexemes: list[str]
    query: str


@dataclass(frozen=True)
class Line:
    statement_url: str  # the statement's page, at the paragraph, with the query
    meeting: str
    date: str
    speaker: str
    delegation: str
    left: str
    keyword: str
    right: str
    paragraph: int
    statement_id: int
    occurrence: int  # the line's place among the statement's lines, from 0

    @property
    def left_words(self) -> list[str]:
        """The words before the keyword, nearest first, lowercased; punctuation passed over."""
        return [w.lower() for w in reversed(_SORTED_WORD.findall(self.left))]

    @property
    def right_words(self) -> list[str]:
        """The words after the keyword, lowercased; punctuation passed over."""
        return [w.lower() for w in _SORTED_WORD.findall(self.right)]


def total(filterset: StatementFilter, lexemes: list[str], answers: Answers | None = None) -> int:
    """How many occurrences the matching statements hold: their vectors' text positions of the
    lexemes, kept until the archive changes."""

    def count() -> int:
        found = filterset.qs.order_by().aggregate(
            n=Sum(RawSQL(OCCURRENCES, [lexemes], output_field=IntegerField()))  # noqa: S611 (fixed SQL; the lexemes are a parameter)
        )["n"]
        return int(found or 0)

    return (answers or Answers()).get("concordance_total", asked(filterset, lexemes), count)


def asked(filterset: StatementFilter, lexemes: list[str]) -> dict:
    """What a concordance's lines depend on, whatever their order: the search as its FilterSet
    read it, and the query's lexemes (the key of its kept total, and of its sorts)."""
    return {**filterset.form.cleaned_data, "sort": "", "lexemes": lexemes}


class _Stems:
    """The lexemes of the words that may be one of `wanted`, asked of PostgreSQL in one query
    per batch of texts. English stems keep a word's beginning but for its last letter or so
    ("happy" -> "happi", "skies" -> "sky", "dying" -> "die"), so only the words that begin as
    a wanted lexeme does (but for its last letter) are asked; the others cannot be one."""

    def __init__(self, wanted: set[str]):
        self.known: dict[str, tuple[str, ...]] = {}
        beginnings = sorted({lexeme[:-1] if len(lexeme) > 1 else lexeme for lexeme in wanted})
        # The words that begin so, found by one scan of the text (a lexeme that is not a word of
        # letters and digits, such as "peace-keep", is never a single word of the text).
        usable = [b for b in beginnings if _WORD.fullmatch(b)]
        self.candidates = (
            re.compile(r"\b(?:" + "|".join(map(re.escape, usable)) + r")\w*", re.IGNORECASE)
            if usable
            else None
        )

    def learn(self, words: set[str]) -> None:
        new = sorted(words - self.known.keys())
        if not new:
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT w, ARRAY(SELECT unnest(tsvector_to_array(to_tsvector(%s::regconfig, w)))) "
                "FROM unnest(%s::text[]) AS w",
                [SEARCH_CONFIG, new],
            )
            self.known.update((word, tuple(lexemes)) for word, lexemes in cursor.fetchall())


def _context_left(text: str, start: int) -> str:
    left = text[max(0, start - CONTEXT) : start]
    if start > CONTEXT and " " in left:
        left = left.split(" ", 1)[1]  # no word cut in two
    return " ".join(left.split())


def _context_right(text: str, end: int) -> str:
    right = text[end : end + CONTEXT]
    if end + CONTEXT < len(text) and " " in right:
        right = right.rsplit(" ", 1)[0]
    return " ".join(right.split())


# The first statements of a concordance, in order, kept with its total: sorting every match
# by date to find the first few costs about as much as a broad search.
KEPT_IDS = 2_000
_FIELDS = (
    "id",
    "text",
    "speech_number",
    "speaker",
    "role",
    "debate__slug",
    "debate__symbol",
    "debate__date",
    "debate__year",
    "delegation__name",
)


def lines(
    ordered, first: dict, lexemes: list[str], query: str, *, skip: int = 0, limit: int | None = None
) -> Iterator[Line]:
    """The lines of the statements of `ordered` (a queryset in the search's order, whose first
    ids are `first`, as first_ids gives them), from the `skip`-th, at most `limit` of them: the texts are read a batch
    at a time, only as far as the lines asked for."""
    stop = None if limit is None else skip + limit
    return itertools.islice(_every_line(ordered, first, set(lexemes), query), skip, stop)


def first_ids(ordered) -> dict:
    """The ids of the first KEPT_IDS statements of `ordered`, and whether they are all of them."""
    ids = list(ordered.values_list("id", flat=True)[: KEPT_IDS + 1])
    return {"ids": ids[:KEPT_IDS], "all": len(ids) <= KEPT_IDS}


def _batches(ordered, first: dict) -> Iterator[list[tuple]]:
    """The statements' rows in order, a batch at a time: the kept first ones by their ids, then
    the rest. A few first (a common word's first page is in its first statement or two), then
    more at a time."""
    size, position, ids = 4, 0, first["ids"]
    while position < len(ids):
        chunk = ids[position : position + size]
        by_id = {row[0]: row for row in Statement.objects.filter(pk__in=chunk).values_list(*_FIELDS)}
        yield [by_id[pk] for pk in chunk if pk in by_id]
        position += len(chunk)
        size = min(size * 2, _BATCH)
    if not first["all"]:
        rest = ordered[len(ids) :].values_list(*_FIELDS).iterator(chunk_size=_BATCH)
        while batch := list(itertools.islice(rest, _BATCH)):
            yield batch


def _every_line(ordered, first: dict, wanted: set[str], query: str) -> Iterator[Line]:
    stems = _Stems(wanted)
    for batch in _batches(ordered, first):
        yield from _lines_of(batch, stems, wanted, query)


def _lines_of(
    batch: list[tuple], stems: _Stems, wanted: set[str], query: str, only: dict | None = None
) -> Iterator[Line]:
    """The lines of each statement of `batch`, in the order of its text; with `only`, those of
    the occurrences it lists by statement id."""
    if stems.candidates is None:
        return
    # Folding maps a letter to one letter: the folded text's words are where the text's are.
    found = [(row, list(stems.candidates.finditer(fold(row[1])))) for row in batch]
    stems.learn({m.group(0).lower() for _, matches in found for m in matches})
    asked = urlencode({"q": query})
    for (pk, text, number, speaker, role, slug, symbol, date, year, delegation), matches in found:
        matches = [m for m in matches if wanted.intersection(stems.known.get(m.group(0).lower(), ()))]
        if not matches:
            continue
        url = f"{reverse('statement-detail', args=[slug, number])}?{asked}"
        paragraph_starts = [0] + [m.end() for m in re.finditer(r"\n\n", text)]
        for occurrence, match in enumerate(matches):
            if only is not None and occurrence not in only[pk]:
                continue
            paragraph = bisect.bisect_right(paragraph_starts, match.start())
            yield Line(
                statement_url=f"{url}#p{paragraph}",
                meeting=symbol,
                date=date.isoformat() if date else str(year or ""),
                speaker=speaker or role,
                delegation=delegation or "",
                left=_context_left(text, match.start()),
                keyword=text[match.start() : match.end()],
                right=_context_right(text, match.end()),
                paragraph=paragraph,
                statement_id=pk,
                occurrence=occurrence,
            )


def sort_key(sort: str):
    """By the words before the keyword, nearest first ("left"), or by the words after ("right"),
    lowercased and without punctuation (", and the" sorts as "and the"), then by the keyword.
    Tuples of interned words: a million lines' keys fit in a few hundred megabytes (the worker's
    sort of a common word)."""
    words = (lambda line: line.left_words) if sort == "left" else (lambda line: line.right_words)
    intern = sys.intern
    return lambda line: (tuple(intern(word) for word in words(line)), line.keyword.lower())


def places(ordered, first: dict, lexemes: list[str], query: str, sort: str) -> list[tuple[int, int]]:
    """Every line's place (statement id, occurrence), sorted by `sort`: lines whose contexts sort
    alike stay in the order of the text, as sorted(lines(...), key=sort_key(sort)) leaves them."""
    key = sort_key(sort)
    keyed = [
        (key(line), line.statement_id, line.occurrence) for line in lines(ordered, first, lexemes, query)
    ]
    keyed.sort(key=lambda item: item[0])
    return [(statement_id, occurrence) for _, statement_id, occurrence in keyed]


def lines_at(wanted: list[tuple[int, int]], lexemes: list[str], query: str) -> list[Line]:
    """The lines at these places (statement id, occurrence), in the order given; a place its
    statement no longer has is left out."""
    wanted_lexemes = set(lexemes)
    stems, found, only = _Stems(wanted_lexemes), {}, {}
    for statement_id, occurrence in wanted:
        only.setdefault(statement_id, set()).add(occurrence)
    ids = list(only)
    for start in range(0, len(ids), _BATCH):
        batch = Statement.objects.filter(pk__in=ids[start : start + _BATCH]).values_list(*_FIELDS)
        for line in _lines_of(list(batch), stems, wanted_lexemes, query, only):
            found[line.statement_id, line.occurrence] = line
    return [found[place] for place in wanted if place in found]
