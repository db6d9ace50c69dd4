"""Long concordances, sorted by the words around their keyword once, by the worker.

Sorting a concordance by its context needs every line's context. One of at most
concordance.MAX_SORTED lines is sorted while its page waits; a common word has about a million
lines at 170,000 statements, whose texts take a minute to read. Its page asks for it here: a
ConcordanceSort is queued, the page shows the lines as spoken and says so, and the worker
(run_import_worker, which also runs curators' uploads) sorts them and stores each line's place,
its statement's id and its occurrence there (12 bytes a line), in sorted order. A page of the
sorted lines then reads its 50 places (a substring of the uncompressed column, not the whole)
and the texts of their statements.

Sorted lines are exact as kept answers are (speeches.search.answers): the worker reads the
generation before it begins, stores the order under it, and a page serves it only while the
generation is the same; after an import the next reader asks for the lines to be sorted again.
"""

import logging
import struct
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.db import IntegrityError, connection, transaction
from django.http import QueryDict
from django.utils import timezone

from speeches.models import ConcordanceSort
from speeches.search import concordance
from speeches.search.answers import answer_key, generation

logger = logging.getLogger(__name__)

# A line's place: its statement's id and its occurrence there.
PLACE = struct.Struct("<QI")
# Lines the worker sorts at most: its memory grows by about 600 bytes a line (397 MB for the
# 659,711 of "security" at 170,000 statements); every word of the whole record has fewer.
MAX_LINES = 3_000_000
# Sorted concordances kept, the most recently sorted (each a few megabytes for a common word).
MAX_KEPT = 50
# After an import, the sorts asked for within REFRESH_WITHIN, the REFRESHED most recent, are
# queued again, so that the worker has them ready before their readers come back.
REFRESHED = 5
REFRESH_WITHIN = timedelta(days=7)
# Sorts waiting at most; past that, a page asking for another shows its lines as spoken.
MAX_QUEUED = 20
# A sort still running after this long was left by a worker that stopped: it is queued again.
ABANDONED_AFTER = timedelta(minutes=30)
# Parameters that choose a page of the lines, not the lines.
_NOT_ASKED = ("order", "page")
_STATUS = ConcordanceSort.Status


def key(asked: dict, order: str) -> str:
    """The sort's key: the search as its FilterSet read it, its lexemes and the order."""
    return answer_key("concordance_sort", {**asked, "order": order})


@dataclass
class Asked:
    """What a page found when it asked for a concordance sorted: the sorted lines (done), or
    that they are being sorted (queued, running), or that sorting them failed; or, with no sort,
    that too many wait to be sorted to take one more (busy)."""

    sort: ConcordanceSort | None

    @property
    def done(self) -> bool:
        return self.sort is not None and self.sort.status == _STATUS.DONE

    @property
    def failed(self) -> bool:
        return self.sort is not None and self.sort.status == _STATUS.FAILED

    @property
    def busy(self) -> bool:
        return self.sort is None


def ask(asked: dict, params: QueryDict, order: str, current: int) -> Asked:
    """The concordance's lines sorted at generation `current`, or the worker asked to sort them
    (unless MAX_QUEUED sorts wait already: a sort costs the worker half a minute, and anyone
    can ask for many).

    One query when they are sorted (or being sorted); two more when the worker is asked."""
    sort_key = key(asked, order)
    sort = ConcordanceSort.objects.defer("lines").filter(key=sort_key).first()
    if (sort is None or _needs_sorting(sort, current)) and _queue_is_full():
        return Asked(None)
    if sort is None:
        pairs = [
            [name, value] for name, values in params.lists() if name not in _NOT_ASKED for value in values
        ]
        try:
            with transaction.atomic():
                sort = ConcordanceSort.objects.create(
                    key=sort_key,
                    params=[*pairs, ["order", order]],
                    generation=current,
                    requested_at=timezone.now(),
                )
        except IntegrityError:  # another reader asked at the same moment
            sort = ConcordanceSort.objects.defer("lines").get(key=sort_key)
    if _needs_sorting(sort, current):
        # Queued again (a sort running at an older generation stores nothing: run() sees it).
        ConcordanceSort.objects.filter(pk=sort.pk).update(
            status=_STATUS.QUEUED, generation=current, requested_at=timezone.now(), error=""
        )
        sort.status, sort.generation, sort.requested_at = _STATUS.QUEUED, current, timezone.now()
    return Asked(sort)


def _queue_is_full() -> bool:
    return ConcordanceSort.objects.filter(status=_STATUS.QUEUED)[:MAX_QUEUED].count() >= MAX_QUEUED


def _needs_sorting(sort: ConcordanceSort, current: int) -> bool:
    if sort.status == _STATUS.QUEUED:
        return False  # the worker reads the generation itself when it begins
    if sort.generation != current:
        return True
    if sort.status == _STATUS.RUNNING:
        return sort.started_at is not None and timezone.now() - sort.started_at > ABANDONED_AFTER
    return False  # sorted, or failed, at this generation


class SortedLines:
    """A sorted concordance's lines for the paginator: a slice reads its places' bytes and the
    texts of their statements (concordance.lines_at)."""

    ordered = True  # for the paginator

    def __init__(self, sort: ConcordanceSort, lexemes: list[str], query: str):
        self.sort, self.lexemes, self.query = sort, lexemes, query

    def __len__(self) -> int:
        return self.sort.line_count

    def count(self) -> int:
        return self.sort.line_count

    def __getitem__(self, index: slice) -> list:
        start = max(index.start or 0, 0)
        stop = min(self.sort.line_count if index.stop is None else index.stop, self.sort.line_count)
        if stop <= start:
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT substring(lines FROM %s FOR %s) FROM {ConcordanceSort._meta.db_table} "  # noqa: S608 (the table's name from the model; the values are parameters)
                "WHERE id = %s AND generation = %s",
                [start * PLACE.size + 1, (stop - start) * PLACE.size, self.sort.pk, self.sort.generation],
            )
            row = cursor.fetchone()
        if row is None or row[0] is None:  # sorted again since this page began
            return []
        return concordance.lines_at(list(PLACE.iter_unpack(bytes(row[0]))), self.lexemes, self.query)


def claim_next(worker: str = "") -> ConcordanceSort | None:
    """The oldest queued sort, now running in `worker` (its name, for the record); None when
    none waits."""
    if not ConcordanceSort.objects.filter(status=_STATUS.QUEUED).exists():
        return None
    with transaction.atomic():
        sort = (
            ConcordanceSort.objects.defer("lines")
            .select_for_update(skip_locked=True)
            .filter(status=_STATUS.QUEUED)
            .order_by("requested_at", "id")
            .first()
        )
        if sort is None:
            return None
        sort.status, sort.started_at, sort.worker = _STATUS.RUNNING, timezone.now(), worker
        sort.save(update_fields=["status", "started_at", "worker"])
    return sort


def run(sort: ConcordanceSort, source: Callable[[QueryDict], "concordance.Source | None"]) -> bool:
    """Sort the concordance `sort` asks for and store its places; whether they were stored.

    `source` reads the page's parameters as the page does (speeches.search.service). Nothing is
    stored when the sort was asked for again meanwhile, at a newer generation: that one runs next.
    """
    started = time.monotonic()
    at = generation()  # before reading: see speeches.search.answers
    params = QueryDict(urlencode([tuple(pair) for pair in sort.params]), mutable=True)
    order = params.pop("order", ["right"])[-1]
    try:
        found = source(params)
        if found is None:
            raise ValueError(f"the search's parameters are no longer valid: {params.urlencode()}")
        # In a transaction, the texts are streamed from a server-side cursor; outside one
        # (autocommit) Django declares it WITH HOLD, which makes PostgreSQL copy the whole
        # result before the first row.
        with transaction.atomic():
            places = concordance.places(found.ordered, found.first, found.lexemes, found.query, order)
        lines = b"".join(PLACE.pack(statement_id, occurrence) for statement_id, occurrence in places)
    except Exception:
        logger.exception("%s failed", sort)
        ConcordanceSort.objects.filter(pk=sort.pk, status=_STATUS.RUNNING, generation__lte=at).update(
            status=_STATUS.FAILED, generation=at, finished_at=timezone.now(), error=traceback.format_exc()
        )
        return False
    stored = ConcordanceSort.objects.filter(pk=sort.pk, status=_STATUS.RUNNING, generation__lte=at).update(
        status=_STATUS.DONE,
        generation=at,
        lines=lines,
        line_count=len(places),
        finished_at=timezone.now(),
        error="",
    )
    logger.info("%s: %s lines sorted in %.1f s", sort, f"{len(places):,}", time.monotonic() - started)
    forget(keep=MAX_KEPT)
    return bool(stored)


def after_import() -> int:
    """Queue again the sorts readers asked for lately (REFRESHED, within REFRESH_WITHIN) whose
    lines the import made stale, and drop the others of past generations; how many were queued."""
    current = generation()
    stale = ConcordanceSort.objects.filter(status=_STATUS.DONE, generation__lt=current)
    recent = stale.filter(requested_at__gte=timezone.now() - REFRESH_WITHIN).order_by("-requested_at")
    again = list(recent.values_list("pk", flat=True)[:REFRESHED])
    queued = ConcordanceSort.objects.filter(pk__in=again).update(
        status=_STATUS.QUEUED, lines=None, line_count=0, generation=current
    )
    forget()
    return queued


def forget(*, keep: int = MAX_KEPT) -> None:
    """Drop the sorted lines of past generations, which can never be served again, and all but
    the `keep` most recently sorted."""
    done = ConcordanceSort.objects.filter(status__in=[_STATUS.DONE, _STATUS.FAILED])
    done.filter(generation__lt=generation()).delete()
    recent = done.order_by("-finished_at").values_list("pk", flat=True)[:keep]
    done.exclude(pk__in=list(recent)).delete()
