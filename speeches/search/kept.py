"""What a web process builds from the archive once and reuses between requests.

Several things a search page needs are derived from a few hundred rows that
rarely change: the delegations (the form's choices, the facet's names and
links, the select's <option>s), their spellings (speeches.search.names), the
search form's class, and rendered form fields. Building them at each request
cost several milliseconds a page. They are kept here under the search
generation they were built at (speeches.search.answers.generation), which every
committed write to the tables they come from moves on, so a kept value is never
used after its rows changed; values that depend only on their own inputs
(rendered HTML) are kept under those inputs.

The generation repeats when writes are rolled back (a test's savepoint), so the
tests forget every kept value before each test (tests/conftest.py).
"""

from collections.abc import Callable, Hashable
from typing import ClassVar, TypeVar

T = TypeVar("T")
_MISSING = object()


class Kept:
    """Values by key, at most `size` in this process (all forgotten when full: the
    keys in use at one time are few)."""

    every: ClassVar[list["Kept"]] = []

    def __init__(self, size: int = 8):
        self.size = size
        self._values: dict[Hashable, object] = {}
        Kept.every.append(self)

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        value = self._values.get(key, _MISSING)
        if value is _MISSING:
            value = build()
            if len(self._values) >= self.size:
                self._values.clear()
            self._values[key] = value
        return value  # type: ignore[return-value]

    def forget(self) -> None:
        self._values.clear()

    @classmethod
    def forget_all(cls) -> None:
        for kept in cls.every:
            kept.forget()
