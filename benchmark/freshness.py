"""A later import into the measured archive, with every kept answer and page in place:
how fast it goes, and whether a search right after it sees its statements.

The import's statements belong to new meetings and all end with one sentence
that holds "security" and a word found nowhere else, so the exact effect on
two searches is known: the total of "security" (a broad search, whose answer
and page were kept) grows by exactly their number, and the new word finds them
all. The searches go through the Django stack with the page cache as deployed.
"""

import re
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db.models import Max
from django.test import Client, override_settings

from benchmark.corpus import SourceText, write_corpus
from speeches.importing.run import import_paths
from speeches.models import Debate

MARK = "zyxwvfresh"
CLOSING = f"Security is everyone's concern, said the {MARK} delegate."
_TOTAL = re.compile(r'data-total="(\d+)"')


def import_later(source: SourceText, *, statements: int, seed: int) -> dict:
    client = Client(raise_request_exception=True)
    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        before = _total(client, "security")
        _total(client, "security")  # kept, page and answer, as a reader's second visit would find it
        first = (Debate.objects.aggregate(last=Max("meeting_number"))["last"] or 0) + 1000
        with tempfile.TemporaryDirectory(prefix="unsc-later-import-") as tmp:
            for _ in write_corpus(
                Path(tmp), statements, source, seed=seed + 1, first_meeting=first, closing=CLOSING
            ):
                pass
            started = time.monotonic()
            report = import_paths([Path(tmp)])
            seconds = time.monotonic() - started
        after = _total(client, "security")
        marked = _total(client, MARK)
    return {
        "statements": report.created,
        "seconds": round(seconds, 2),
        "statements_per_second": round(report.created / seconds, 1) if seconds else None,
        "security_total_before": before,
        "security_total_after": after,
        "marked_total_after": marked,
        "sees_new_statements": after == before + report.created and marked == report.created,
    }


def _total(client: Client, words: str) -> int:
    response = client.get("/statements/", {"q": words})
    found = _TOTAL.search(response.content.decode())
    return int(found[1]) if found else 0
