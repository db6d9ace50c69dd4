"""A page's query string, encoded once, for the many links that change one or two of its
parameters (a results page has a few hundred facet values and page links)."""

from urllib.parse import quote_plus

from django.http import QueryDict


class QueryString:
    """A page's parameters, encoded once, for the many links that change one or two of them
    (a results page has a few hundred facet values)."""

    def __init__(self, params: QueryDict, *, without: tuple[str, ...] = ("page",)):
        self.parts = {name: encode(name, values) for name, values in params.lists() if name not in without}

    def with_changes(self, **changes: str | list[str] | None) -> str:
        parts = dict(self.parts)
        for name, value in changes.items():
            if value is None:
                parts.pop(name, None)
            else:
                parts[name] = encode(name, value if isinstance(value, list) else [value])
        return "?" + "&".join(part for part in parts.values() if part)

    def layout(self, *names: str) -> list[str | int]:
        """The query string of with_changes(**{names[i]: ...}), as its fixed runs of parts
        (strings) and, where each named parameter goes, its index: see filled()."""
        parts = {**self.parts, **dict.fromkeys(names)}  # in place, or added at the end: as with_changes
        segments: list[str | int] = []
        fixed: list[str] = []
        for name, part in parts.items():
            if name in names:
                segments += ["&".join(fixed), names.index(name)]
                fixed = []
            elif part:
                fixed.append(part)
        return [*segments, "&".join(fixed)]


def filled(layout: list[str | int], values: list[str]) -> str:
    """A query string from its layout (QueryString.layout) and the named parameters' encoded parts."""
    return "?" + "&".join(part for part in (values[s] if isinstance(s, int) else s for s in layout) if part)


def encode(name: str, values: list[str]) -> str:
    key = quote_plus(name)
    return "&".join(f"{key}={quote_plus(str(value))}" for value in values)
