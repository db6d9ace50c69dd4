"""What a reader types, as PostgreSQL searches it.

Queries use web-search syntax (words, "phrases", OR, -exclusion) through
websearch_to_tsquery, which never fails on odd input. They are folded like the
search vector (speeches.parsing.normalize.fold), so accents do not matter, and
each delegation name they hold is searched with that delegation's other names
(speeches.search.names).
"""

import re

from django.contrib.postgres.search import SearchQuery

from speeches.models import SEARCH_CONFIG
from speeches.parsing.normalize import fold
from speeches.search.names import MARK as _MARK
from speeches.search.names import Widened
from speeches.search.reads import read_connection

MAX_QUERY_LENGTH = 500
# Longer queries are searched, and their matches shown unmarked (see markable()).
MAX_MARKED_WORDS = 32

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
# names.widen() asks for rewrites only of names that match once; this makes sure.
_REWRITE_ONCE = f"""(SELECT CASE
    WHEN length(m.text) - length(replace(m.text, '{_MARK}', '')) = {len(_MARK)}
    THEN ts_rewrite(s.q, s.t, s.t || {{others}}) ELSE s.q END
  FROM (SELECT {{query}} AS q, {_PARSED} AS t) AS s
  CROSS JOIN LATERAL (SELECT ts_rewrite(s.q, s.t, '{_MARK}'::tsquery)::text AS text) AS m)"""  # noqa: S608 (constants of this module)


def tsquery_sql(query: "str | Widened") -> tuple[str, list]:
    """SQL for the tsquery of a reader's query, and its parameters: the query as typed,
    parsed by websearch_to_tsquery, each delegation name it holds once replaced by the
    group of that delegation's names (speeches.search.names)."""
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


def markable(query: str | Widened) -> bool:
    """Whether matches of `query` are marked: ts_headline's time grows with the query's
    words (one word typed 160 times took 1.3 s a results page on the sample)."""
    return len((query if isinstance(query, str) else query.text).split()) <= MAX_MARKED_WORDS


# A query that is one phrase in straight quotes, and nothing else: '"terrorist attacks"'.
_ONE_PHRASE = re.compile(r'"([^"]+)"')


def unquoted(query: str) -> str:
    """A query that is one quoted phrase without its quotes, for a page that quotes it (a
    <q>, quoted()); any other query as it is."""
    return match[1] if (match := _ONE_PHRASE.fullmatch(query)) else query


def quoted(query: str, length: int | None = None) -> str:
    """A reader's query as a title shows it, in curly quotes: “sanctions Iraq”. A query that is
    one quoted phrase keeps its own quotes, curled, rather than a second pair (“terrorist
    attacks”, not “"terrorist attacks"”). Cut to `length` characters inside the quotes."""
    inner = unquoted(query)
    if length is not None and len(inner) > length:
        inner = inner[: length - 1].rstrip() + "…"
    return f"“{inner}”"
