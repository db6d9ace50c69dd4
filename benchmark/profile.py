"""Where a page's time goes: SQL (query by query), Python, template rendering, the WSGI layer.

Each page of the benchmark's mix is requested through Django's own WSGI handler (the
application gunicorn calls, with its middleware), page cache off, after one warm-up request,
and each request is split into:

- sql: every query's time on the connection (`connection.execute_wrapper`), by query;
- template: `Template.render` of the page's templates, less the SQL run while rendering
  (lazy querysets read in the template count as SQL);
- python: the view, URL resolution included (the innermost middleware's span), less its SQL
  and its templates: the FilterSet, the form, the ORM building queries and reading rows,
  snippets, facets, the chart;
- wsgi: the rest of the request: the WSGI handler, the middleware, the response's bytes.

Each part is its mean over `runs` requests of each class, and its share is of the mean total
(so that the parts add up to it); the median total is given beside. cProfile of
the same requests (run apart, as it slows them) names the Python functions with the most own
time.
"""

import cProfile
import io
import pstats
import re
import statistics
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.template.backends.django import Template

from benchmark.mix import Query
from speeches.search import sorts
from speeches.search.service import concordance_source

# The innermost middleware: its span is URL resolution, the view and a TemplateResponse's render.
VIEW_TIMER = "benchmark.profile.ViewTimer"
_NUMBERS = re.compile(r"\b\d+\b")
_SPACE = re.compile(r"\s+")


@dataclass
class Span:
    """One request's time, in milliseconds, by where it was spent."""

    total: float = 0.0
    view: float = 0.0
    sql: float = 0.0
    sql_in_templates: float = 0.0
    templates: float = 0.0
    queries: dict[str, list[float]] = field(default_factory=dict)

    @property
    def template_own(self) -> float:
        return self.templates - self.sql_in_templates

    @property
    def python(self) -> float:
        return self.view - self.sql - self.template_own

    @property
    def wsgi(self) -> float:
        return self.total - self.view


class _Recorder:
    span: Span | None = None
    rendering = 0  # depth of Template.render calls under way


_recorder = _Recorder()


class ViewTimer:
    """Middleware, innermost: times what it wraps into the current span."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        if _recorder.span is not None:
            _recorder.span.view += (time.perf_counter() - started) * 1000
        return response


def _label(sql: str) -> str:
    """A query's shape: numbers folded, whitespace squeezed, cut to a readable length."""
    return _SPACE.sub(" ", _NUMBERS.sub("N", sql)).strip()[:140]


def _time_query(execute, sql, params, many, context):
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        elapsed = (time.perf_counter() - started) * 1000
        span = _recorder.span
        if span is not None:
            span.sql += elapsed
            if _recorder.rendering:
                span.sql_in_templates += elapsed
            span.queries.setdefault(_label(sql), []).append(elapsed)


@contextmanager
def _connection_kept():
    """The connection kept between requests, as CONN_MAX_AGE keeps it for a web process (and as
    a test's transaction needs it): Django's test client does the same."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@contextmanager
def _timed_templates():
    original = Template.render

    def render(self, context=None, request=None):
        outermost = _recorder.rendering == 0
        _recorder.rendering += 1
        started = time.perf_counter()
        try:
            return original(self, context, request)
        finally:
            _recorder.rendering -= 1
            if outermost and _recorder.span is not None:
                _recorder.span.templates += (time.perf_counter() - started) * 1000

    Template.render = render
    try:
        yield
    finally:
        Template.render = original


def _environ(url: str) -> dict:
    parts = urlsplit(url)
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": parts.path,
        "QUERY_STRING": parts.query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }


def _request(application: WSGIHandler, url: str) -> int:
    status = []
    body = application(_environ(url), lambda s, headers, exc_info=None: status.append(s))
    try:
        size = sum(len(chunk) for chunk in body)
    finally:
        if hasattr(body, "close"):
            body.close()
    if not status[0].startswith("200"):
        raise RuntimeError(f"{url} answered {status[0]}")
    return size


def profile_class(application: WSGIHandler, queries: list[Query], *, runs: int) -> list[Span]:
    """`runs` requests of the class's queries in turn, each split into a Span."""
    spans = []
    with _connection_kept():
        for query in queries:
            _request(application, query.url)  # warm-up: a broad answer is computed and kept here
        # A long concordance asked for sorted is sorted by the worker: here, before it is profiled.
        while (sort := sorts.claim_next()) is not None:
            sorts.run(sort, concordance_source)
    with _connection_kept(), connection.execute_wrapper(_time_query), _timed_templates():
        for run in range(runs):
            span = _recorder.span = Span()
            started = time.perf_counter()
            _request(application, queries[run % len(queries)].url)
            span.total = (time.perf_counter() - started) * 1000
            _recorder.span = None
            spans.append(span)
    return spans


def summarize(spans: list[Span]) -> dict:
    """The mean of each part and its share of the mean total, and each query's mean time and
    count per request."""
    total = statistics.mean(s.total for s in spans)
    parts = {
        "sql": statistics.mean(s.sql for s in spans),
        "python": statistics.mean(s.python for s in spans),
        "template": statistics.mean(s.template_own for s in spans),
        "wsgi": statistics.mean(s.wsgi for s in spans),
    }
    labels = {label for s in spans for label in s.queries}
    queries = []
    for label in labels:
        per_request = [sum(s.queries.get(label, [])) for s in spans]
        count = sum(len(s.queries.get(label, [])) for s in spans) / len(spans)
        queries.append(
            {"sql": label, "per_request": round(count, 2), "ms": round(statistics.mean(per_request), 2)}
        )
    queries.sort(key=lambda q: -q["ms"])
    return {
        "total_ms": round(total, 2),
        "total_p50_ms": round(statistics.median(s.total for s in spans), 2),
        **{f"{name}_ms": round(ms, 2) for name, ms in parts.items()},
        **{f"{name}_share": round(ms / total, 3) if total else 0.0 for name, ms in parts.items()},
        "queries_per_request": round(statistics.mean(sum(map(len, s.queries.values())) for s in spans), 2),
        "queries": queries,
    }


def hot_functions(application: WSGIHandler, queries: list[Query], *, runs: int, top: int = 12) -> list[dict]:
    """The functions with the most own time over `runs` requests of the class, under cProfile."""
    profiler = cProfile.Profile()
    with _connection_kept():
        profiler.enable()
        for run in range(runs):
            _request(application, queries[run % len(queries)].url)
        profiler.disable()
    stats = pstats.Stats(profiler)
    rows = []
    for (filename, line, name), (_, calls, own, cumulative, _) in stats.stats.items():
        rows.append(
            {
                "function": f"{_short(filename)}:{line}({name})",
                "calls_per_request": round(calls / runs, 1),
                "own_ms": round(own * 1000 / runs, 3),
                "cumulative_ms": round(cumulative * 1000 / runs, 3),
            }
        )
    rows.sort(key=lambda r: -r["own_ms"])
    return rows[:top]


def _short(filename: str) -> str:
    for marker in ("site-packages/", f"{settings.BASE_DIR}/", "lib/python3"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename
