"""Searches that name a delegation also find its other names.

The sources spell one delegation many ways, and over the years the names
themselves change: a reader who types "Türkiye" expects the statements of the
delegation printed "Turkey" in 2016, and every speech that mentions "Turkey".
So a query's words that spell a delegation's name or one of its aliases
(speeches.models.DelegationAlias) are searched as any of its names:

    Türkiye              ->  türkiye | turkey
    security Russia      ->  secur & ( russia | russian <-> feder )
    "Czech Republic"     ->  ( czech <-> republ | czechia )
    -Syria               ->  !( syria | syrian <-> arab <-> republ )

The query itself is parsed as typed (websearch_to_tsquery), and each name in
it is then replaced in the parsed query by the group of its names
(ts_rewrite): websearch syntax has no brackets, and its OR binds more loosely
than its AND, so "security Russia OR ..." would mean (security & Russia) OR ...
The other names are searched as phrases. Names that add nothing are left out:
a phrase that contains another of the names ("United Kingdom of Great Britain
and Northern Ireland" contains "United Kingdom") finds nothing more. Acronyms
("UK", "US", "AU") are never added and match only when typed in capitals, so
that "us" stays the pronoun.
"""

import re
from collections import Counter
from dataclasses import dataclass

from speeches.models import SEARCH_CONFIG
from speeches.parsing.normalize import fold, name_key
from speeches.search.reads import read_connection

# Names widened in one query, at most. Each widened name is a group of alternatives
# wherever it occurs, and marking a page's snippets (ts_headline) costs more with every
# group: "Russia" typed 70 times took 30 s a page. So a name typed more than once, and
# any past the fourth, are searched as typed.
MAX_WIDENED = 4
_ACRONYM = re.compile(r"[A-Z]{2,6}")
# Spellings the registry keeps for the OCR slips of old records ("C6te d'Ivoire",
# "Republic ofKorea"): names to import by, not names to tell a reader they were searched.
_SLIP = re.compile(r"[^\W\d_]\d|\d[^\W\d_]|[a-z][A-Z]")
# A query's parts as websearch_to_tsquery reads them: a quoted phrase (its
# closing quote optional), or a run of other characters.
_PART = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')


@dataclass(frozen=True)
class Widened:
    """A query as typed, the names to search in it as groups, and those names (to tell the reader).

    Each rewrite is (the name as typed, in web-search syntax; its other names, likewise).
    """

    text: str
    rewrites: tuple[tuple[str, tuple[str, ...]], ...] = ()  # one for each delegation widened
    added: tuple[str, ...] = ()


def _words(key: str) -> tuple[str, ...]:
    return tuple(key.split())


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


class Names:
    """Every delegation's spellings, by key, with the names each is searched as."""

    def __init__(self, rows: list[tuple[int, str]]):
        spellings: dict[int, dict[str, str]] = {}
        for delegation, name in rows:
            key = name_key(name)
            if key:
                spellings.setdefault(delegation, {}).setdefault(key, name.strip())
        # key -> (delegation, whether it matches only in capitals)
        self.by_key: dict[str, tuple[int, bool]] = {}
        # delegation -> its names searched as alternatives: (words, name)
        self.searched: dict[int, list[tuple[tuple[str, ...], str]]] = {}
        for delegation, names in spellings.items():
            for key, name in names.items():
                self.by_key.setdefault(key, (delegation, bool(_ACRONYM.fullmatch(name))))
            self.searched[delegation] = [
                (_words(key), name)
                for key, name in names.items()
                if not _ACRONYM.fullmatch(name) and not _SLIP.search(name)
            ]
        # Where a name can start, and how long one can be: most words of a query are neither.
        self.first_words = {key.split()[0] for key in self.by_key}
        self.longest = max((len(key.split()) for key in self.by_key), default=0)

    def alternatives(self, typed: str) -> tuple[int, list[str]] | None:
        """The delegation that `typed` spells and its other names, if it has any."""
        key = name_key(typed)
        found = self.by_key.get(key)
        if found is None:
            return None
        delegation, capitals_only = found
        if capitals_only and not _ACRONYM.fullmatch(typed.strip()):
            return None
        kept = [_words(key)]
        added = []
        # Shortest first: a name that contains one already searched finds nothing more.
        for words, name in sorted(self.searched[delegation], key=lambda item: (len(item[0]), item[1])):
            if not any(_contains(words, shorter) for shorter in kept):
                kept.append(words)
                added.append(name)
        return (delegation, added) if added else None


# How many times each name matches in the parsed query: ts_rewrite puts a mark where it does.
MARK = "zqxnamezqx"
_MATCHES_SQL = """
SELECT (length(x.marked) - length(replace(x.marked, %(mark)s, ''))) / length(%(mark)s)
FROM unnest(%(names)s::text[]) WITH ORDINALITY AS n(name, position)
CROSS JOIN LATERAL (
    SELECT ts_rewrite(
        websearch_to_tsquery(%(config)s::regconfig, %(query)s),
        websearch_to_tsquery(%(config)s::regconfig, n.name),
        %(mark)s::tsquery
    )::text AS marked
) AS x
ORDER BY n.position
"""


def matched_once(query: str, typed: list[str]) -> list[bool]:
    """Whether each name, as typed in `query`, matches its parsed form exactly once."""
    with read_connection().cursor() as cursor:
        cursor.execute(
            _MATCHES_SQL,
            {"mark": MARK, "names": [fold(t) for t in typed], "config": SEARCH_CONFIG, "query": fold(query)},
        )
        return [row[0] == 1 for row in cursor.fetchall()]


def _phrase(name: str) -> str:
    name = name.replace('"', " ").strip()
    return f'"{name}"' if len(name.split()) > 1 else name


def widen(query: str, spellings: Names) -> Widened:
    """`query`, with the delegations it names and their other names (see the module's docstring)."""
    parts = list(_PART.finditer(query))
    if not parts:
        return Widened(query)
    found: list[tuple[str, int, list[str]]] = []  # (the name as typed, its delegation, the other names)
    i = 0
    while i < len(parts):
        part = parts[i]
        negated = bool(part[1] or part[3])
        if part[2] is not None:  # a quoted phrase: a name when it is exactly one
            runs = [(1, f'"{part[2]}"', part[2])]
        else:
            # Unquoted words: the longest run from here that is a name. A minus
            # excludes only the word it is attached to, so a negated name is one word.
            first = name_key(part[4]).split()
            starts = bool(first) and first[0] in spellings.first_words
            longest = 0 if not starts else 1 if negated else min(spellings.longest, len(parts) - i)
            runs = [
                (n, " ".join(p[4] for p in parts[i : i + n]), " ".join(p[4] for p in parts[i : i + n]))
                for n in range(longest, 0, -1)
                # "or" is an operator, and a second minus ("--Russia") negates the first.
                if not any(
                    p[2] is not None or p[4].casefold() == "or" or p[4][0] == "-" for p in parts[i : i + n]
                )
                and not any(p[3] for p in parts[i + 1 : i + n])
            ]
        for n, typed, words in runs:
            match = spellings.alternatives(words)
            if match:
                found.append((typed, *match))
                i += n
                break
        else:
            i += 1
    named = Counter(delegation for _, delegation, _ in found)
    # A delegation named twice is searched as typed: the reader asks for both spellings
    # ("Egypt" "United Arab Republic"), tells them apart ("Turkey -Türkiye"), or repeats one.
    found = [item for item in found if named[item[1]] == 1]
    # So is a name whose words the query holds elsewhere too ("US support for us": the
    # pronoun; "Turkey" beside the phrase "Turkey and Greece"), which the rewrite would take
    # for the name as well; and past MAX_WIDENED, each group costing the snippets.
    once = matched_once(query, [typed for typed, *_ in found]) if found else []
    rewrites, added = [], []
    for (typed, _, others), single in zip(found, once, strict=True):
        if single and len(rewrites) < MAX_WIDENED:
            rewrites.append((typed, tuple(_phrase(name) for name in others)))
            added += others
    return Widened(query, tuple(rewrites), tuple(dict.fromkeys(added)))
