"""The benchmark's fixed query mix: which pages a reader asks for, by class.

Words come from the corpus's own vocabulary (the sample's paragraphs, which
the synthetic corpus recombines), chosen by how often they occur there, and
checked against the database being measured, so the same corpus gives the
same mix. Each class holds a few different queries; the benchmark repeats
them to get stable percentiles.
"""

import random
import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Count

from benchmark.corpus import SourceText
from speeches.models import SEARCH_CONFIG, Debate, Delegation, Resolution, Statement

QUERIES_PER_CLASS = 4
# Classes in the order the report lists them.
CLASSES = [
    "rare_word",
    "common_word",
    "common_two_words",
    "phrase",
    "word_and_delegation",
    "filters_only",
    "resolution",
    "page_50",
    "debate_page",
    "concordance",
    "concordance_sorted",
    "api_search",
    "trends",
    "resolution_page",
    "veto_page",
]
SEARCH = "/statements/"
CONCORDANCE = "/statements/concordance/"
API = "/api/statements/"
TRENDS = "/statements/trends/"
VETOES = "/vetoes/"
_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Query:
    """One page of the mix: a search's parameters on one of the pages that take them (the
    results, the concordance, the chart, the API), or a debate's, a resolution's or the vetoes'
    page."""

    params: dict[str, str] = field(default_factory=dict)
    debate_slug: str = ""
    path: str = SEARCH
    resolution: int | None = None

    @property
    def url(self) -> str:
        if self.debate_slug:
            return f"/debates/{self.debate_slug}/"
        if self.resolution is not None:
            return f"/resolutions/{self.resolution}/"
        return self.path + ("?" + urlencode(self.params) if self.params else "")

    @property
    def concordance(self) -> bool:
        return self.path == CONCORDANCE

    @property
    def sorted(self) -> bool:
        """A concordance sorted by the words before or after (by the worker, when it is long)."""
        return self.concordance and self.params.get("order") in ("left", "right")

    @property
    def page(self) -> int:
        return int(self.params.get("page", 1))

    def __str__(self) -> str:
        return self.url


def query_mix(source: SourceText, *, seed: int = 1) -> dict[str, list[Query]]:
    """The queries of each class, for the corpus in the current database."""
    rng = random.Random(seed)
    paragraphs = [p.lower() for p in source.paragraphs]
    words = Counter(w for p in paragraphs for w in set(_WORD.findall(p)))
    stop = _stop_words({w for w, _ in words.most_common(400)})
    content = [w for w, _ in words.most_common() if w not in stop and len(w) > 2]
    common = ["security", *[w for w in content if w != "security"][:3]]
    bigrams = Counter(
        pair for p in paragraphs for pair in set(_bigrams(_WORD.findall(p), stop)) if "s" not in pair
    )
    common_pairs = ["security council", *[" ".join(b) for b, _ in bigrams.most_common(8)]]
    common_pairs = list(dict.fromkeys(common_pairs))[:QUERIES_PER_CLASS]
    # Phrases that a few percent of paragraphs hold: thousands of statements at full size.
    share = len(paragraphs)
    middling = sorted(" ".join(b) for b, n in bigrams.items() if 0.015 * share <= n <= 0.05 * share)
    phrases = ["sexual violence", *rng.sample(middling, min(len(middling), QUERIES_PER_CLASS - 1))]
    # Rare: in one paragraph of the sample, and (its stem may be common) in at most 0.5% of statements.
    rare = sorted(w for w, n in words.items() if n == 1 and 7 <= len(w) <= 14 and w not in stop)
    most = max(20, Statement.objects.count() // 200)
    rare = [w for w in rng.sample(rare, min(len(rare), 60)) if 0 < _matches(w) <= most][:QUERIES_PER_CLASS]

    delegations = list(
        Delegation.objects.annotate(n=Count("statements"))
        .order_by("-n", "name")
        .values_list("slug", flat=True)[:QUERIES_PER_CLASS]
    )
    years = sorted(y for y in Debate.objects.values_list("year", flat=True).distinct() if y)
    first, last = (years[0], years[-1]) if years else (1946, 2024)
    ranges = [(y, min(last, y + 9)) for y in rng.sample(range(first, last + 1), QUERIES_PER_CLASS)]
    cited = list(
        Resolution.objects.annotate(n=Count("citations"))
        .filter(n__gt=0)
        .order_by("-n", "number")
        .values_list("number", flat=True)[: 5 * QUERIES_PER_CLASS]
    )
    longest = list(
        Debate.objects.annotate(n=Count("statements"))
        .filter(n__gt=0)
        .order_by("-n", "symbol")
        .values_list("slug", "n")[:QUERIES_PER_CLASS]
    )
    # A debate page means one of 100 statements or more; a small corpus has only its longest.
    long_debates = [slug for slug, n in longest if n >= 100] or [slug for slug, _ in longest[:1]]

    return {
        "rare_word": [Query({"q": w}) for w in rare],
        "common_word": [Query({"q": w}) for w in common],
        "common_two_words": [Query({"q": pair}) for pair in common_pairs],
        "phrase": [Query({"q": f'"{p}"'}) for p in phrases],
        "word_and_delegation": [
            Query({"q": common[i % len(common)], "delegation": d}) for i, d in enumerate(delegations)
        ],
        "filters_only": [
            Query({"delegation": d, "date_from": f"{a}-01-01", "date_to": f"{b}-12-31"})
            for d, (a, b) in zip(delegations, ranges, strict=False)
        ],
        "resolution": [Query({"resolution": str(n)}) for n in rng.sample(cited, min(len(cited), 4))],
        "page_50": [Query({"q": w, "page": "50"}) for w in common],
        "debate_page": [Query(debate_slug=slug) for slug in long_debates],
        # Every occurrence of a common word, in context: its first page.
        "concordance": [Query({"q": w}, path=CONCORDANCE) for w in common],
        # The same lines sorted by the words after and before the keyword (sorted once, by the
        # worker: the benchmark runs it, timed, before the first request of the class).
        "concordance_sorted": [
            Query({"q": w, "order": order}, path=CONCORDANCE)
            for w in common[:2]
            for order in ("right", "left")
        ],
        # The same searches as a script asks for them: two rare words and two common ones.
        "api_search": [Query({"q": w}, path=API) for w in [*rare[:2], *common[:2]]][:QUERIES_PER_CLASS],
        # How often, by year: every year's matching statements and occurrences of a common word.
        "trends": [Query({"q": w}, path=TRENDS) for w in common],
        "resolution_page": [Query(resolution=n) for n in cited[:QUERIES_PER_CLASS]],
        # Every veto since 1946, then those of one member, one decade, and both.
        "veto_page": [
            Query(path=VETOES),
            Query({"member": "russian-federation"}, path=VETOES),
            Query({"decade": "1980"}, path=VETOES),
            Query({"member": "united-states", "decade": "2010"}, path=VETOES),
        ],
    }


def _bigrams(words: list[str], stop: set[str]):
    return [(a, b) for a, b in zip(words, words[1:], strict=False) if a not in stop and b not in stop]


def _stop_words(words: set[str]) -> set[str]:
    """Those of `words` that PostgreSQL's English configuration does not index."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w FROM unnest(%s::text[]) AS w WHERE numnode(plainto_tsquery(%s::regconfig, w)) = 0",
            [sorted(words), SEARCH_CONFIG],
        )
        return {row[0] for row in cursor.fetchall()}


def _matches(word: str) -> int:
    """How many statements hold a rare word (through the index: cheap for rare words)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {Statement._meta.db_table} "
            "WHERE search @@ plainto_tsquery(%s::regconfig, %s)",
            [SEARCH_CONFIG, word],
        )
        return cursor.fetchone()[0]
