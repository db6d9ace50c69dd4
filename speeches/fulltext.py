"""What a reader types, as PostgreSQL searches it, and the marks that show what matched.

Queries use web-search syntax (words, "phrases", OR, -exclusion) through
websearch_to_tsquery, which never fails on odd input. They are folded like the
search vector (speeches.parsing.normalize.fold), so accents do not matter.

Highlights come from ts_headline, run on the text folded the same way so that
"Cote" marks "Côte". Folding maps one character to one, so a headline found
verbatim in the folded text gives the positions of the marks in the original,
which is then escaped piece by piece: the only markup in the result is <mark>.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from speeches.models import SEARCH_CONFIG
from speeches.parsing.normalize import ACCENTED, UNACCENTED, fold
from speeches.query_names import MARK as _MARK
from speeches.query_names import Widened
from speeches.reads import read_connection

MAX_QUERY_LENGTH = 500
# Longer queries are searched, and their matches shown unmarked (see markable()).
MAX_MARKED_WORDS = 32
# How much of a statement a snippet is first looked for in (see SEARCH-AT-SCALE.md).
SNIPPET_SOURCE_LENGTH = 2000

# ts_headline's marks: private-use characters, which no statement needs. Any in
# the text are folded to U+FFFD so they cannot pass for marks. Angle brackets
# are folded to look-alikes, or ts_headline would drop "<b>" as markup and the
# passage would no longer be found verbatim.
START, STOP, BETWEEN = "\ue000", "\ue001", "\ue002"
FOLD_FROM = ACCENTED + START + STOP + BETWEEN + "<>"
FOLD_TO = UNACCENTED + "\ufffd\ufffd\ufffd" + "\u2039\u203a"
_FOLD_TABLE = str.maketrans(FOLD_FROM, FOLD_TO)
# Up to two passages of about 20 words, each with context on both sides of its match.
SNIPPET_OPTIONS = (
    f"StartSel={START}, StopSel={STOP}, FragmentDelimiter={BETWEEN}, MaxFragments=2, MaxWords=20, MinWords=8"
)
HIGHLIGHT_ALL_OPTIONS = f"StartSel={START}, StopSel={STOP}, HighlightAll=true"

# C0 and C1 control characters (tabs and line breaks included): a query is one line.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


def clean_text(value: str) -> str:
    """A form value without control characters (PostgreSQL refuses NUL) or outer spaces."""
    return _CONTROL.sub(" ", value).strip()


_PARSED = "websearch_to_tsquery(%s::regconfig, %s)"
# The query `q` with the name `t` replaced by the group of its names, when `t` matches
# once: ts_rewrite replaces every match, and the same lexemes elsewhere are not the name
# the reader typed ("US support for us"; "Turkey" and the phrase "Turkey and Greece").
# Each group also costs ts_headline: "us" typed 80 times beside "US" took 16 s a page.
# query_names.widen() asks for rewrites only of names that match once; this makes sure.
_REWRITE_ONCE = f"""(SELECT CASE
    WHEN length(m.text) - length(replace(m.text, '{_MARK}', '')) = {len(_MARK)}
    THEN ts_rewrite(s.q, s.t, s.t || {{others}}) ELSE s.q END
  FROM (SELECT {{query}} AS q, {_PARSED} AS t) AS s
  CROSS JOIN LATERAL (SELECT ts_rewrite(s.q, s.t, '{_MARK}'::tsquery)::text AS text) AS m)"""


def tsquery_sql(query: "str | Widened") -> tuple[str, list]:
    """SQL for the tsquery of a reader's query, and its parameters: the query as typed,
    parsed by websearch_to_tsquery, each delegation name it holds once replaced by the
    group of that delegation's names (speeches.query_names)."""
    query = query if isinstance(query, Widened) else Widened(query)
    sql, params = _PARSED, [SEARCH_CONFIG, fold(query.text)]
    for typed, others in query.rewrites:
        others_sql = " || ".join([_PARSED] * len(others))
        others_params = [value for name in others for value in (SEARCH_CONFIG, fold(name))]
        # In the order the placeholders appear: the other names, the query, the name.
        params = [*others_params, *params, SEARCH_CONFIG, fold(typed)]
        sql = _REWRITE_ONCE.format(others=others_sql, query=sql)
    return sql, params


class WebQuery(SearchQuery):
    """A SearchQuery whose SQL is tsquery_sql(): for filters and ranking through the ORM."""

    def __init__(self, query: "str | Widened"):
        self.query = query
        super().__init__(fold(query if isinstance(query, str) else query.text), search_type="websearch")

    def as_sql(self, compiler, connection, function=None, template=None):
        return tsquery_sql(self.query)


def web_query(query: "str | Widened") -> SearchQuery:
    return WebQuery(query)


def has_terms(text: str) -> bool:
    """False when the query holds only stop words or punctuation ("the", "!!!")."""
    with read_connection().cursor() as cursor:
        cursor.execute(
            "SELECT numnode(websearch_to_tsquery(%s::regconfig, %s)) > 0", [SEARCH_CONFIG, fold(text)]
        )
        return cursor.fetchone()[0]


# Snippets -----------------------------------------------------------------

# Headlines of texts folded in Python (str.translate is fast; PostgreSQL's
# translate() with this many letters costs more than the headline itself).
_HEADLINES_SQL = """
SELECT ts_headline(%s::regconfig, u.text, q.query, %s)
FROM unnest(%s::text[]) WITH ORDINALITY AS u(text, n)
CROSS JOIN (SELECT {query}) AS q(query)
ORDER BY u.n
"""

# The whole text of statements whose opening holds no match, when their body
# text (weight C of the search vector) matches at all. Folded in Python and
# marked by _HEADLINES_SQL: PostgreSQL's translate() with the accent map cost
# more than the headline (65 ms for a page of a phrase found late in the text).
_WHOLE_TEXTS_SQL = """
SELECT s.id, s.text
FROM speeches_statement s
CROSS JOIN (SELECT {query}) AS q(query)
WHERE s.id = ANY(%s) AND querytree(q.query) <> 'T' AND ts_filter(s.search, '{{c}}') @@ q.query
"""


def markable(query: str | Widened) -> bool:
    """Whether matches of `query` are marked: ts_headline's time grows with the query's
    words (one word typed 160 times took 1.3 s a results page on the sample)."""
    return len((query if isinstance(query, str) else query.text).split()) <= MAX_MARKED_WORDS


def snippets(*, openings: dict[int, str], query: str | Widened) -> dict[int, SafeString]:
    """Marked snippets for one page of results, by statement id.

    `openings` holds each statement's first SNIPPET_SOURCE_LENGTH characters:
    the snippet comes from there, or from the whole text when the opening has
    no match. A statement whose text has no match at all (the query found its
    speaker) has no snippet.
    """
    if not openings or not markable(query):
        return {}
    query_sql, query_params = tsquery_sql(query)
    headlines_sql = _HEADLINES_SQL.format(query=query_sql)

    def headlines(texts: Iterable[str]) -> list[str]:
        folded = [text.translate(_FOLD_TABLE) for text in texts]
        cursor.execute(headlines_sql, [SEARCH_CONFIG, SNIPPET_OPTIONS, folded, *query_params])
        return [row[0] for row in cursor.fetchall()]

    with read_connection().cursor() as cursor:
        found, further = {}, []
        for (pk, opening), headline in zip(openings.items(), headlines(openings.values()), strict=True):
            if START in headline:
                found[pk] = render_snippet(source=opening, headline=headline)
            elif len(opening) >= SNIPPET_SOURCE_LENGTH:
                further.append(pk)
        if further:
            cursor.execute(_WHOLE_TEXTS_SQL.format(query=query_sql), [*query_params, further])
            texts = dict(cursor.fetchall())
        if further and texts:
            for (pk, text), headline in zip(texts.items(), headlines(texts.values()), strict=True):
                if START in headline:
                    found[pk] = render_snippet(source=text, headline=headline)
    return found


def render_snippet(*, source: str, headline: str) -> SafeString:
    """The headline's passages as safe HTML in the source's own spelling, joined and cut with ellipses."""
    folded = source.translate(_FOLD_TABLE)
    parts, searched_to = [], 0
    for passage in headline.split(BETWEEN):
        found = _locate(folded=folded, passage=passage, after=searched_to)
        if found is None:
            # Not verbatim (ts_headline rewrote something): show the passage
            # as it came, folded but still escaped.
            parts.append(("… ", _render_marked(passage), " …"))
            continue
        start, end, marks = found
        searched_to = end
        html = render_marked(source[start:end], [(a - start, b - start) for a, b in marks])
        cut = end < len(source) or len(source) >= SNIPPET_SOURCE_LENGTH
        parts.append(("… " if start > 0 else "", html, " …" if cut else ""))
    if not parts:
        return mark_safe("")
    return mark_safe(parts[0][0] + " … ".join(html for _, html, _ in parts) + parts[-1][2])


def _locate(*, folded: str, passage: str, after: int) -> tuple[int, int, list[tuple[int, int]]] | None:
    """Where a passage lies in the folded source: (start, end, marked ranges), or None."""
    plain, marks = _split_marks(passage)
    core = plain.strip()
    if not core:
        return None
    start = folded.find(core, after)
    if start < 0:
        start = folded.find(core)
    if start < 0:
        return None
    shift = start - (len(plain) - len(plain.lstrip()))
    return start, start + len(core), [(a + shift, b + shift) for a, b in marks]


def _split_marks(headline: str) -> tuple[str, list[tuple[int, int]]]:
    """The headline without marks, and the ranges the marks enclosed."""
    plain: list[str] = []
    marks: list[tuple[int, int]] = []
    length = 0
    opened: int | None = None
    for part in re.split(f"([{START}{STOP}])", headline):
        if part == START:
            opened = length
        elif part == STOP:
            if opened is not None and length > opened:
                marks.append((opened, length))
            opened = None
        else:
            plain.append(part)
            length += len(part)
    return "".join(plain), marks


def _render_marked(headline: str) -> str:
    plain, marks = _split_marks(headline)
    return render_marked(plain, marks)


def render_marked(text: str, marks: list[tuple[int, int]]) -> SafeString:
    """`text` escaped, with <mark> around the ranges `marks` (sorted, not overlapping)."""
    out, last = [], 0
    for start, end in marks:
        start, end = max(start, last), min(end, len(text))
        if start >= end:
            continue
        out.append(escape(text[last:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


# Whole statements ------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    number: int
    html: SafeString
    marked: bool


def highlighted_paragraphs(*, text: str, query: str | Widened) -> list[Paragraph]:
    """The statement's paragraphs as safe HTML, every match of `query` marked."""
    marks: list[tuple[int, int]] = []
    if (query if isinstance(query, str) else query.text) and markable(query):
        folded = text.translate(_FOLD_TABLE)
        query_sql, query_params = tsquery_sql(query)
        with read_connection().cursor() as cursor:
            cursor.execute(
                f"SELECT ts_headline(%s::regconfig, %s, {query_sql}, %s)",
                [SEARCH_CONFIG, folded, *query_params, HIGHLIGHT_ALL_OPTIONS],
            )
            plain, found = _split_marks(cursor.fetchone()[0])
        # Marks are trusted only when the headline is the whole text, verbatim.
        if plain == folded:
            marks = found
    paragraphs, offset = [], 0
    for number, paragraph in enumerate(text.split("\n\n"), start=1):
        end = offset + len(paragraph)
        inside = [(a - offset, b - offset) for a, b in marks if a < end and b > offset]
        paragraphs.append(Paragraph(number, render_marked(paragraph, inside), bool(inside)))
        offset = end + 2
    return paragraphs
