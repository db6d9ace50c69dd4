"""Every debate's year and place in time, read once a search generation.

A narrow search reads each of its matches once (speeches.search.service): for the year
facet it needs the match's year, and sorted by date its debate's place among all debates.
Joined in SQL, that is a hash of every debate at each request (10,000 of them at 170,000
statements: 3 ms of a rare word's 7.6 ms; three times that at 510,000) or one probe of the
debates' key a match. Debates change only with an import, which moves the generation
(speeches.search.answers), so each process reads them once a generation, in one query
(about 2 ms for 20,000 debates), and a search looks its matches' debates up here.
"""

from collections import Counter
from collections.abc import Iterable

from django.db.models import F

from speeches.models import Debate
from speeches.search import answers
from speeches.search.kept import Kept
from speeches.search.reads import read_connection

# The order of debates in the newest-first and oldest-first sorts; within a debate, its
# statements by their number (speeches.search.service.NEWEST and OLDEST say both).
NEWEST_DEBATES = [
    F("year").desc(nulls_last=True),
    F("date").desc(nulls_last=True),
    F("meeting_number").desc(nulls_last=True),
    F("resumption").desc(),
]
OLDEST_DEBATES = [
    F("year").asc(nulls_last=True),
    F("date").asc(nulls_last=True),
    F("meeting_number").asc(nulls_last=True),
    F("resumption").asc(),
]


def _order_sql(order: list) -> str:
    parts = []
    for item in order:
        direction = "DESC" if item.descending else "ASC"
        nulls = " NULLS LAST" if item.nulls_last else ""
        parts.append(f'"{Debate._meta.get_field(item.expression.name).column}" {direction}{nulls}')
    return ", ".join(parts)


# rank(), not row_number(): debates alike in all four share a place, and their statements
# are then ordered by number and id across both, as the SQL sort orders them.
_SQL = f"""
SELECT id, year,
       rank() OVER (ORDER BY {_order_sql(NEWEST_DEBATES)}),
       rank() OVER (ORDER BY {_order_sql(OLDEST_DEBATES)})
FROM {Debate._meta.db_table}
"""  # noqa: S608 (table and column names from the model)


class Chronology:
    """Each debate's year and its place in the newest-first and oldest-first orders."""

    def __init__(self, rows: Iterable[tuple[int, int | None, int, int]]):
        self.years: dict[int, int | None] = {}
        self.places: dict[str, dict[int, int]] = {"newest": {}, "oldest": {}}
        newest, oldest = self.places["newest"], self.places["oldest"]
        for pk, year, first, last in rows:
            self.years[pk] = year
            newest[pk] = first
            oldest[pk] = last

    def sorted(self, matches: list[tuple], sort: str) -> list[tuple]:
        """Matches as (id, delegation id, debate id, speech number, ...), in the order of the
        "newest" or "oldest" sort: their debates' places, then their numbers, then their ids."""
        place = self.places[sort]
        return sorted(matches, key=lambda m: (place[m[2]], m[3], m[0]))

    def year_counts(self, debate_counts: Iterable[tuple[int, int]]) -> Counter:
        """Statements by year, from statements by debate."""
        counts: Counter = Counter()
        years = self.years
        for debate, n in debate_counts:
            counts[years[debate]] += n
        return counts


_kept = Kept(size=2)


def chronology(generation: int | None = None, *, debates: Iterable[int] = ()) -> Chronology:
    """The debates' chronology, read once a search generation (speeches.search.kept); read
    again now if it lacks one of `debates` (an import committed them after the generation
    was read, and the matches were read after that)."""
    if generation is None:
        generation = answers.generation()
    kept = _kept.get(generation, _read)
    if not kept.years.keys() >= set(debates):
        return _read()
    return kept


def _read() -> Chronology:
    with read_connection().cursor() as cursor:
        cursor.execute(_SQL)
        return Chronology(cursor.fetchall())
