"""The marks that show what matched: snippets for a results page, every match in a statement.

Highlights come from ts_headline, run on the text folded the same way as the
search vector so that "Cote" marks "Côte". Folding maps one character to one,
so a headline found verbatim in the folded text gives the positions of the
marks in the original, which is then escaped piece by piece: the only markup
in the result is <mark>.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from speeches.models import SEARCH_CONFIG, Statement
from speeches.parsing.normalize import ACCENTED, UNACCENTED
from speeches.search.names import Widened
from speeches.search.query import markable, tsquery_sql
from speeches.search.reads import read_connection

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
# Runs of the characters folded: few in any text, so finding them is most of the work.
_FOLDED_RUN = re.compile("[" + re.escape(FOLD_FROM) + "]+")


def _fold(text: str) -> str:
    """`text` with FOLD_FROM's characters as FOLD_TO's, each in its place. Found by a
    character-class scan, each run translated: str.translate() is fast over ASCII, but the first
    curly quote sends it to a table lookup for each character after it (36 ns each; 1 ms for a
    statement of 29 kB), seven times as long over the statements of the benchmark's archive."""
    return _FOLDED_RUN.sub(lambda run: run.group().translate(_FOLD_TABLE), text)


# Up to two passages of about 20 words, each with context on both sides of its match.
SNIPPET_OPTIONS = (
    f"StartSel={START}, StopSel={STOP}, FragmentDelimiter={BETWEEN}, MaxFragments=2, MaxWords=20, MinWords=8"
)
HIGHLIGHT_ALL_OPTIONS = f"StartSel={START}, StopSel={STOP}, HighlightAll=true"

# Headlines of texts folded in Python (_fold() is fast; PostgreSQL's
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
FROM {table} s
CROSS JOIN (SELECT {query}) AS q(query)
WHERE s.id = ANY(%s) AND querytree(q.query) <> 'T' AND ts_filter(s.search, '{{c}}') @@ q.query
"""


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

    def headlines(folded: list[str]) -> list[str]:
        """The headlines of folded texts."""
        cursor.execute(headlines_sql, [SEARCH_CONFIG, SNIPPET_OPTIONS, folded, *query_params])
        return [headline for (headline,) in cursor.fetchall()]

    with read_connection().cursor() as cursor:
        found, further, partial = {}, [], {}
        folded_openings = [_fold(opening) for opening in openings.values()]
        # A headline's time is its text's parsing: each opening is sent from a little before the
        # query's first word to a little after its last (_window()), where all its marks are.
        tsquery = _tsquery_text(cursor, query_sql, tuple(query_params))
        stems = _query_stems(tsquery)
        marked = headlines([_window(folded, stems) for folded in folded_openings])
        for (pk, opening), folded_opening, headline in zip(
            openings.items(), folded_openings, marked, strict=True
        ):
            whole = len(opening) < SNIPPET_SOURCE_LENGTH
            if START in headline and (whole or _query_marked(headline, tsquery)):
                found[pk] = render_snippet(source=opening, headline=headline, folded=folded_opening)
            elif not whole:
                further.append(pk)
                if START in headline:  # its snippet if the rest of the text has no better one
                    partial[pk] = (opening, headline, folded_opening)
        if further:
            _mark_further(
                cursor, further, found, (query_sql, query_params), headlines, _words_finder(tsquery)
            )
        for pk, (opening, headline, folded_opening) in partial.items():
            if pk not in found:
                found[pk] = render_snippet(source=opening, headline=headline, folded=folded_opening)
    return found


def _mark_further(
    cursor,
    further: list[int],
    found: dict[int, SafeString],
    tsquery_sql: tuple[str, list],
    headlines,
    words: re.Pattern | None,
) -> None:
    """Snippets, into `found`, of the statements `further` whose opening does not show the query
    (`tsquery_sql`): each from a passage of its text where the query's words (`words` finds
    them) come together, or from its whole text. `headlines` marks folded texts."""
    query_sql, query_params = tsquery_sql
    whole_sql = _WHOLE_TEXTS_SQL.format(query=query_sql, table=Statement._meta.db_table)
    cursor.execute(whole_sql, [*query_params, further])
    texts = dict(cursor.fetchall())
    if not texts:
        return
    # Each text folded once, for finding the query's words, marking and placing the marks.
    folded = {pk: _fold(text) for pk, text in texts.items()}
    # A headline's time grows with its text (29 kB took 3.5 ms, 2,000 characters of it 0.3):
    # each is first marked in a passage where the query's words are, then whole if that has
    # no match.
    passages = {pk: _passage(text, words) for pk, text in folded.items()}
    unmarked = []
    for (pk, passage), headline in zip(passages.items(), headlines(list(passages.values())), strict=True):
        if START in headline:
            found[pk] = render_snippet(source=texts[pk], headline=headline, folded=folded[pk])
        elif len(passage) < len(texts[pk]):
            unmarked.append(pk)
    if unmarked:
        for pk, headline in zip(unmarked, headlines([folded[pk] for pk in unmarked]), strict=True):
            if START in headline:
                found[pk] = render_snippet(source=texts[pk], headline=headline, folded=folded[pk])


# The words around the query's first and last words that an opening's headline is chosen
# from: more than MaxWords (SNIPPET_OPTIONS), so that ts_headline has the same passages to
# choose from as in the whole opening; looked for within WINDOW_REACH characters.
WINDOW_WORDS, WINDOW_REACH = 30, 400
_CHUNK = re.compile(r"\S+")


def _query_stems(tsquery: str) -> tuple[str, ...]:
    """What the query's words start with, in lower case, for str.find() (_stem_start())."""
    return tuple(sorted({_stem_start(lexeme) for lexeme in _lexemes(tsquery)} - {""}))


def _window(text: str, stems: tuple[str, ...]) -> str:
    """The part of a folded opening from WINDOW_WORDS words before the first place a stem of
    the query is found to WINDOW_WORDS words after the last: the same headline, for less text
    to parse (found anywhere in a word, a stem may widen the window, never narrow it). The
    whole opening when no stem is found (a word whose stem is not its start)."""
    lower = text.lower()
    if len(lower) != len(text):  # a character whose lower case is longer: positions would move
        return text
    first = min((at for stem in stems if (at := lower.find(stem)) >= 0), default=-1)
    if first < 0:
        return text
    last = max(lower.rfind(stem) + len(stem) for stem in stems)
    start = 0
    if first > WINDOW_WORDS:  # a word at least a character
        before = list(_CHUNK.finditer(text, max(0, first - WINDOW_REACH), first))
        if len(before) > WINDOW_WORDS:  # (not the first, which may be cut)
            start = before[-WINDOW_WORDS].start()
        elif first > WINDOW_REACH:  # long words: those whole within reach (the first may be cut)
            start = before[1].start() if len(before) > 1 else first
    after = list(islice(_CHUNK.finditer(text, last, last + WINDOW_REACH), WINDOW_WORDS + 1))
    end = len(text)
    if len(after) > WINDOW_WORDS:
        end = after[WINDOW_WORDS].start()
    elif last + WINDOW_REACH < len(text):  # long words: those whole within reach (the last may be cut)
        end = after[-2].end() if len(after) > 1 else last
    return text[start:end]


# Queries' tsqueries as text, by their SQL and parameters (_tsquery_text()).
_TSQUERIES: dict[tuple[str, tuple], str] = {}
MAX_TSQUERIES = 1024


def _tsquery_text(cursor, query_sql: str, query_params: tuple) -> str:
    """A query's tsquery as text ('secur' & 'council'), read once a process: the same SQL and
    parameters always parse to the same tsquery (the names a query is widened with are among
    the parameters)."""
    key = (query_sql, query_params)
    text = _TSQUERIES.get(key)
    if text is None:
        cursor.execute(f"SELECT ({query_sql})::text", query_params)  # noqa: S608 - tsquery_sql()'s SQL
        text = cursor.fetchone()[0]
        if len(_TSQUERIES) >= MAX_TSQUERIES:
            _TSQUERIES.clear()
        _TSQUERIES[key] = text
    return text


# A lexeme in a tsquery's text form: 'attack', 'peac':*, 'o''brien':AB.
_LEXEME = re.compile(r"'((?:[^']|'')+)'")
# How much of a passage (_passage()) comes before the query's words.
PASSAGE_BEFORE = 400
# The query's words found within this many characters of the first count as found together.
NEAR = 120
# The words found that are looked at (a common word may be in a text hundreds of times), and
# how many after each could be near it.
MAX_WORDS_SEEN, MAX_WORDS_NEAR = 400, 12


def _lexemes(tsquery: str) -> set[str]:
    """The lexemes of a tsquery's text form, unquoted ("o'brien")."""
    return {lexeme.replace("''", "'") for lexeme in _LEXEME.findall(tsquery)}


def _stem_start(stem: str) -> str:
    """What every word an English stem is made from starts with: the stem without a final i,
    which stems write for a y ("countri": "country", "countries"), or a final e, which a word
    may drop ("place": "placing")."""
    return stem[:-1] if stem.endswith(("i", "e")) else stem


def _stem_pattern(stem: str) -> str:
    """A regular expression for the start of the words an English stem is made from
    (_stem_start()), the y written i again."""
    if stem.endswith("i"):
        return re.escape(_stem_start(stem)) + "[iy]"
    return re.escape(_stem_start(stem) or stem)


def _words_finder(tsquery: str) -> re.Pattern | None:
    """A pattern for the words of folded text that may be the query's: each lexeme at the
    start of a word (_stem_pattern())."""
    stems = _lexemes(tsquery)
    if not stems:
        return None
    words = sorted((_stem_pattern(stem) for stem in stems), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(words) + ")", re.IGNORECASE)


# A tsquery's text form, token by token: a lexeme ('peac':*, 'o''brien':AB) or an operator.
_TSQUERY_TOKEN = re.compile(r"'((?:[^']|'')+)'(?::\*)?(?::[A-D]+)?|(<->|<\d+>|[&|!()])")
_WORD = re.compile(r"\w+")
# The position of what an excluded word stands for: no word, but true.
_NOWHERE = frozenset({-1})


def _query_marked(headline: str, tsquery: str) -> bool:
    """Whether a headline of an opening marks what the query asks for: every word it needs
    ("security council" both; "(russia | russian <-> federation) & veto" one of the names and
    "veto"), and a phrase's words in the phrase's order, as close as the phrase has them.
    ts_headline marks each word of the query wherever it is, so an opening may show one word
    of two, or "Attacks were reported" for "terrorist attacks", while the statement was found
    for its text further on."""
    query = _parse_tsquery(tsquery)
    if query is None or not _needs_all(query):
        return True  # one word, or any of several: any mark will do
    marks: list[tuple[int, str]] = []  # (the word's position, the marked word)
    at = 0
    for fragment in headline.split(BETWEEN):
        before, *pieces = fragment.split(START)
        at += len(_WORD.findall(before))
        for piece in pieces:
            word, _, after = piece.partition(STOP)
            marks.append((at, word.lower()))
            at += max(1, len(_WORD.findall(word))) + len(_WORD.findall(after))
        at += 1000  # no phrase across fragments
    return bool(_where(query, marks))


# A parsed tsquery: ("word", its words' pattern), ("not",), ("or" | "and", left, right) or
# ("phrase", left, right, distance).
Node = tuple


@lru_cache(maxsize=256)
def _parse_tsquery(tsquery: str) -> Node | None:
    """A tsquery's text form as a tree; its grammar, loosest first: |, &, the phrase operators
    (<->, <N>), then ! and parentheses."""
    tokens = _TSQUERY_TOKEN.findall(tsquery)
    if not tokens:
        return None
    i = 0

    def binary(kind: str, operators: tuple[str, ...], operand) -> Node:
        nonlocal i
        node = operand()
        while i < len(tokens) and tokens[i][1].startswith(operators):
            operator = tokens[i][1]
            i += 1
            if kind == "phrase":
                node = (kind, node, operand(), 1 if operator == "<->" else int(operator[1:-1]))
            else:
                node = (kind, node, operand())
        return node

    def any_of() -> Node:
        return binary("or", ("|",), all_of)

    def all_of() -> Node:
        return binary("and", ("&",), phrase)

    def phrase() -> Node:
        return binary("phrase", ("<",), term)

    def term() -> Node:
        nonlocal i
        lexeme, operator = tokens[i]
        i += 1
        if operator == "!":
            term()
            return ("not",)
        if operator == "(":
            node = any_of()
            i += 1  # ")"
            return node
        return ("word", re.compile(_stem_pattern(lexeme.replace("''", "'"))))

    return any_of()


@lru_cache(maxsize=256)
def _needs_all(node: Node) -> bool:
    """Whether a query needs more than one word marked: an "and" or a phrase in it."""
    return node[0] in ("and", "phrase") or (node[0] == "or" and (_needs_all(node[1]) or _needs_all(node[2])))


def _where(node: Node, marks: list[tuple[int, str]]) -> frozenset[int]:
    """Where the part `node` of a query ends among the headline's `marks` (empty: not marked)."""
    kind = node[0]
    if kind == "word":
        return frozenset(at for at, word in marks if node[1].match(word))
    if kind == "not":
        return _NOWHERE  # a statement found holds no excluded word, marked or not
    left, right = _where(node[1], marks), _where(node[2], marks)
    if kind == "or":
        return left | right
    if kind == "and":
        return left | right if left and right else frozenset()
    return frozenset(p for p in right if any(0 < p - q <= node[3] for q in left))


def _passage(text: str, words: re.Pattern | None) -> str:
    """As much of a folded text as an opening (SNIPPET_SOURCE_LENGTH), from a little before the
    query's words (`words` finds them), cut at spaces; the whole text when it finds none. The
    passage goes where most of the query's different words first come within NEAR characters
    of each other (a phrase's words side by side, rather than one of them alone)."""
    if words is None or len(text) <= SNIPPET_SOURCE_LENGTH:
        return text
    found = [(m.start(), m.end(), m.group().lower()) for m in islice(words.finditer(text), MAX_WORDS_SEEN)]
    if not found:
        return text
    most, first, last = 0, 0, 0
    for i, (start, end, _) in enumerate(found):
        near = {word for at, _, word in found[i : i + MAX_WORDS_NEAR] if at - start <= NEAR}
        if len(near) > most:
            most, first, last = len(near), start, end
    start = max(0, first - PASSAGE_BEFORE)
    if start:
        start = text.find(" ", start, first) + 1 or start
    end = start + SNIPPET_SOURCE_LENGTH
    if end < len(text) and (space := text.rfind(" ", last, end)) > 0:
        end = space
    return text[start:end]


def render_snippet(*, source: str, headline: str, folded: str | None = None) -> SafeString:
    """The headline's passages as safe HTML in the source's own spelling, joined and cut with
    ellipses. `folded` is the source folded, when the caller has it."""
    folded = _fold(source) if folded is None else folded
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
        return SafeString()
    return format_html(
        "{}{}{}", parts[0][0], format_html_join(" … ", "{}", ((html,) for _, html, _ in parts)), parts[-1][2]
    )


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


# The one piece of HTML built here, kept in Python for the results page: its twenty
# snippets (two or three passages each, a mark or two in each passage) go into its
# results, which speeches/templatetags/archive.py builds in Python too (see there). As a
# template ({% for text, marked in segments %}{% if marked %}<mark>{{ text }}</mark>...),
# measured with `python manage.py time_fragments` (benchmark/fragments.py) on the
# sample, 2026-12-04: the snippets of /statements/?q=security (36 passages) 0.74 ms,
# render_marked 0.20 ms; a statement's page (29 paragraphs, 22 marks) 0.55 ms and
# 0.17 ms, which alone would not be worth it, but the pages mark text one way.


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
    return mark_safe("".join(out))  # noqa: S308 (every piece of the text escaped above)


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
        folded = _fold(text)
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
