"""The HTML fragments built in Python, timed against the templates they replace.

The archive's pages are templates, except for a few loops over many values
(speeches/templatetags/archive.py, speeches/search/highlights.py) that a template
renders several times slower. For each, this module holds the template that would
render it (as the pages once did), checks that both give the same HTML on the
archive's own data, and times both: `python manage.py time_fragments`, on any
database with statements (`python manage.py import_statements sample/` will do).
The comments above those loops quote its figures.

Where the data is smaller than the published record's (the sample has 69
delegations and 4 years), the facets are also timed at that size: the same values
repeated to 271 delegations and 79 years.
"""

import dataclasses
import timeit
from collections.abc import Callable
from dataclasses import dataclass
from unittest import mock

from django.db.models import Count
from django.http import QueryDict
from django.template import engines
from django.test import Client, RequestFactory

from speeches.links import debate_links, statement_links
from speeches.models import Debate, Statement
from speeches.search import highlights
from speeches.search.service import search_statements
from speeches.selectors import debate_statements
from speeches.templatetags import archive

# The published record's size (docs/PERFORMANCE.md): delegations, and years from 1946 to 2024.
FULL_DELEGATIONS = 271
FULL_YEARS = 79

SPEAKERS = """{% load archive %}{% for statement in statements %}<li value="{{ statement.speech_number }}"><a href="#s{{ statement.speech_number }}">{{ statement|speaker_name }}</a>{% if statement.delegation %} <span class="muted">{{ statement.delegation.name }}</span>{% endif %}</li>{% endfor %}"""

MEETING = """{% load archive %}{% for statement in statements %}
  <article class="meeting__statement" id="s{{ statement.speech_number }}" aria-labelledby="s{{ statement.speech_number }}-title">
    <header>
      <h2 id="s{{ statement.speech_number }}-title"><a href="{{ statement.url }}">{{ statement|speaker_name }}</a>{% if statement.delegation %} <span class="h2-sub">{{ statement.delegation.name }}</span>{% endif %}</h2>
      <p class="meeting__meta"><span class="number">{{ statement.speech_number }}</span>{% if statement.role and statement.role != statement.speaker %} · {{ statement.role }}{% endif %}{% if statement.participant_type %} · {{ statement.get_participant_type_display }}{% endif %}{% if statement.language %} · spoke in {{ statement.language }}{% endif %} · <a href="{{ statement.url }}">permanent link</a></p>
    </header>
    <div class="speech">{% for paragraph in statement.paragraphs %}<p>{{ paragraph }}</p>{% endfor %}</div>
  </article>
  {% endfor %}"""

RESULTS = """{% load archive %}{% for statement in statements %}
<li class="result" id="result-{{ statement.pk }}">
  <h3 class="result__title"><a href="{{ statement.url }}">{{ statement|speaker_name }}</a>{% if statement.delegation %} <span class="result__delegation">{{ statement.delegation.name }}</span>{% elif statement.delegation_as_printed %} <span class="result__delegation">{{ statement.delegation_as_printed }}</span>{% endif %}</h3>
  <p class="result__meta"><a class="symbol" href="{{ statement.debate_url }}#s{{ statement.speech_number }}">{{ statement.debate.symbol }}</a> <span aria-hidden="true">·</span> {% if statement.debate.date %}<time datetime="{{ statement.debate.date|date:'Y-m-d' }}">{{ statement.debate|meeting_date }}</time>{% else %}{{ statement.debate|meeting_date }}{% endif %}{% if statement.debate.topic %} <span aria-hidden="true">·</span> <span class="result__topic">{{ statement.debate.topic|truncatechars:120 }}</span>{% endif %}</p>
  <p class="snippet">{{ statement.snippet }}</p>
</li>{% endfor %}"""

FACET = """{% for value in values %}
    <li class="facet__value{% if value.selected %} is-selected{% endif %}">
      {% if value.url and value.selected %}<a href="{{ value.url }}" aria-current="true" title="Remove this filter"><span class="facet__label">{{ value.label }}</span><span class="visually-hidden"> (selected: remove)</span><span class="facet__x" aria-hidden="true">×</span></a>{% elif value.url %}<a href="{{ value.url }}"><span class="facet__label">{{ value.label }}</span></a>{% else %}<span class="facet__label facet__label--plain">{{ value.label }}</span>{% endif %}
      <span class="facet__count" data-count="{{ value.count }}">{{ value.count }}</span>
      {% if bars %}<svg class="facet__bar" aria-hidden="true" focusable="false" viewBox="0 0 100 1" preserveAspectRatio="none"><rect width="{% if value.share < 1 %}1{% else %}{{ value.share }}{% endif %}" height="1"/></svg>{% endif %}
    </li>{% endfor %}"""

# Marked text, one template render for all of a page's snippets or paragraphs.
MARKED = """{% for segments in texts %}{% for text, marked in segments %}{% if marked %}<mark>{{ text }}</mark>{% else %}{{ text }}{% endif %}{% endfor %}|{% endfor %}"""


@dataclass
class Timing:
    fragment: str
    size: str
    python_ms: float
    template_ms: float


def best_ms(render: Callable[[], object], number: int, repeat: int = 7) -> float:
    """The fastest of `repeat` runs of `number` renders, in milliseconds a render."""
    return min(timeit.repeat(render, number=number, repeat=repeat)) / number * 1000


def _compare(fragment: str, size: str, python, template, number: int, repeat: int) -> Timing:
    if str(python()) != str(template()):
        raise AssertionError(f"{fragment}: the template's HTML differs from the Python's")
    return Timing(fragment, size, best_ms(python, number, repeat), best_ms(template, number, repeat))


def _segments(text: str, marks: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """render_marked's pieces: (text, marked)."""
    out, last = [], 0
    for start, end in marks:
        start, end = max(start, last), min(end, len(text))
        if start >= end:
            continue
        out += [(text[last:start], False), (text[start:end], True)]
        last = end
    return [*out, (text[last:], False)]


def _marked_calls(run: Callable[[], object]) -> list[tuple]:
    """The render_marked calls that `run` makes, as (text, marks)."""
    with mock.patch.object(highlights, "render_marked", wraps=highlights.render_marked) as spy:
        run()
    return [call.args for call in spy.call_args_list]


def _compare_marked(fragment: str, size: str, calls: list[tuple], number: int, repeat: int) -> Timing:
    template = engines["django"].from_string(MARKED)
    return _compare(
        fragment,
        size,
        lambda: "".join(f"{highlights.render_marked(*call)}|" for call in calls),
        lambda: template.render({"texts": [_segments(*call) for call in calls]}),
        number,
        repeat,
    )


def debate_page(repeat: int = 7) -> list[Timing]:
    """The speakers list and the statements of the debate with the most statements."""
    debate = Debate.objects.annotate(n=Count("statements")).order_by("-n", "pk").first()
    statements = list(debate_statements(debate=debate))
    size = f"{debate.symbol}: {len(statements)} statements, {sum(len(s.paragraphs) for s in statements)} paragraphs"
    speakers, meeting = (engines["django"].from_string(source) for source in (SPEAKERS, MEETING))

    def meeting_template():
        link = statement_links()
        for statement in statements:
            statement.url = link(debate.slug, statement.speech_number)
        return meeting.render({"statements": statements})

    return [
        _compare(
            "speaker_items",
            size,
            lambda: archive.speaker_items(statements),
            lambda: speakers.render({"statements": statements}),
            50,
            repeat,
        ),
        _compare(
            "meeting_statements",
            size,
            lambda: archive.meeting_statements(debate, statements),
            meeting_template,
            20,
            repeat,
        ),
    ]


def results_page(query: str = "security", repeat: int = 7) -> list[Timing]:
    """A results page's results, and their snippets' marks."""
    params = QueryDict(f"q={query}")
    statements = search_statements(params=params).results
    template = engines["django"].from_string(RESULTS)

    def results_template():
        link = debate_links()
        for statement in statements:
            statement.debate_url = link(statement.debate.slug)
        return template.render({"statements": statements})

    calls = _marked_calls(lambda: search_statements(params=params))
    return [
        _compare(
            "result_items",
            f"q={query}: {len(statements)} results",
            lambda: archive.result_items(statements),
            results_template,
            200,
            repeat,
        ),
        _compare_marked("render_marked (snippets)", f"q={query}: {len(calls)} passages", calls, 200, repeat),
    ]


def _repeated(values: list, size: int) -> list:
    """`values` repeated to `size`, each copy's labels and links its own."""
    return [
        dataclasses.replace(value, label=f"{value.label} {n}", url=value.url and f"{value.url}{n}")
        for n in range(size // max(len(values), 1) + 1)
        for value in values
    ][:size]


def facets(query: str = "council", repeat: int = 7) -> list[Timing]:
    """A results page's facets, as the sample gives them and at the published record's size."""
    request = RequestFactory().get("/statements/", {"q": query})
    search = search_statements(params=request.GET)
    template = engines["django"].from_string(FACET)
    timings = []
    for name, values, bars, full in [
        ("delegation", search.delegation_facet, False, FULL_DELEGATIONS),
        ("year", search.year_facet, True, FULL_YEARS),
    ]:
        for facet in (values, _repeated(values, full)):
            timings.append(
                _compare(
                    f"facet_items ({name})",
                    f"{len(facet)} values",
                    lambda facet=facet, bars=bars: archive.facet_items(facet, bars),
                    lambda facet=facet, bars=bars: template.render({"values": facet, "bars": bars}),
                    100,
                    repeat,
                )
            )
    return timings


def statement_page(query: str = "security council", repeat: int = 7) -> list[Timing]:
    """The paragraphs of the statement with the most paragraphs, every match marked."""
    statement = max(Statement.objects.only("pk", "text"), key=lambda s: (s.text.count("\n\n"), -s.pk))
    calls = _marked_calls(lambda: highlights.highlighted_paragraphs(text=statement.text, query=query))
    marks = sum(len(marks) for _, marks in calls)
    return [
        _compare_marked(
            "render_marked (statement)", f"{len(calls)} paragraphs, {marks} marks", calls, 200, repeat
        )
    ]


def time_fragments(repeat: int = 7) -> list[Timing]:
    """Every fragment, its HTML checked and timed as the fastest of `repeat` runs."""
    return [
        *debate_page(repeat=repeat),
        *results_page(repeat=repeat),
        *facets(repeat=repeat),
        *statement_page(repeat=repeat),
    ]


def page_ms(url: str, number: int = 20) -> float:
    """A whole page through the Django stack (its fragments as they are), for scale."""
    client = Client()
    client.get(url)
    return best_ms(lambda: client.get(url), number)


def pages() -> dict[str, float]:
    """The pages the fragments are timed for."""
    debate = Debate.objects.annotate(n=Count("statements")).order_by("-n", "pk").first()
    statement = max(Statement.objects.only("pk", "text"), key=lambda s: (s.text.count("\n\n"), -s.pk))
    urls = [
        debate.get_absolute_url(),
        "/statements/?q=security",
        "/statements/?q=council",
        statement.get_absolute_url() + "?q=security+council",
    ]
    return {url: page_ms(url) for url in urls}
