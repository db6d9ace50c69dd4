"""Small presentation helpers for the archive's templates."""

import html
import re
from functools import lru_cache

from django import template
from django.core.paginator import Page
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from speeches.links import debate_links, statement_links
from speeches.models import Debate, Statement
from speeches.search.highlights import render_marked
from speeches.search.querystring import QueryString, filled

register = template.Library()
_escape = html.escape


@register.filter
def speaker_name(statement: Statement) -> str:
    """Who spoke, as printed; the role when no name was printed."""
    return statement.speaker or statement.role or "Speaker not recorded"


@register.filter
def meeting_date(debate: Debate) -> str:
    if debate.date:
        return f"{debate.date.day} {debate.date:%B %Y}"
    return str(debate.year) if debate.year else "Date not recorded"


@register.simple_tag
def page_numbers(page: Page) -> list:
    """Page numbers around the current one, with Paginator.ELLIPSIS for the gaps."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@register.simple_tag(takes_context=True)
def pagination(context, page: Page | None) -> SafeString:
    """Links to the previous, next and nearby pages: this page's URL with another `page`
    (as {% querystring page=n %} writes it), built from its fixed parts."""
    if page is None or page.paginator.num_pages <= 1:
        return mark_safe("")
    layout = QueryString(context.request.GET, without=()).layout("page")

    def href(number: int) -> str:
        return _escape(filled(layout, [f"page={number:d}"]))

    if page.has_previous():
        previous = f'<a rel="prev" href="{href(page.previous_page_number())}">← <span>Previous</span></a>'
    else:
        previous = '<span class="disabled" aria-hidden="true">← Previous</span>'
    if page.has_next():
        following = f'<a rel="next" href="{href(page.next_page_number())}"><span>Next</span> →</a>'
    else:
        following = '<span class="disabled" aria-hidden="true">Next →</span>'
    numbers = []
    for number in page_numbers(page):
        if number == page.number:
            item = f'<a aria-current="page" href="{href(number)}">{number:d}</a>'
        elif number == page.paginator.ELLIPSIS:
            item = '<span class="gap">…</span>'
        else:
            item = f'<a href="{href(number)}">{number:d}</a>'
        numbers.append(f'\n    <li class="pagination__number">{item}</li>')
    return mark_safe(  # noqa: S308 (escaped)
        f'\n<nav class="pagination" aria-label="Pages">\n  <ul>\n    <li>{previous}</li>'
        f"{''.join(numbers)}\n    <li>{following}</li>\n  </ul>\n</nav>\n"
    )


@register.filter
def paragraphs(text: str) -> SafeString:
    """A statement's paragraphs as <p> elements, escaped: a template loop over a long
    debate's thousand paragraphs cost more than the rest of its page."""
    return mark_safe(_paragraphs(text))  # noqa: S308 (escaped)


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{_escape(paragraph)}</p>" for paragraph in text.split("\n\n"))


# A debate's page: its speakers, then each statement in full (a hundred or more), built
# here: the template loops cost 30-40 ms of a long debate's page.


@register.simple_tag
def speaker_items(statements: list[Statement]) -> SafeString:
    """The speakers list's <li>s, each a link to the statement below."""
    parts = []
    for statement in statements:
        delegation = (
            f' <span class="muted">{_escape(statement.delegation.name)}</span>'
            if statement.delegation
            else ""
        )
        parts.append(
            f'<li value="{statement.speech_number:d}"><a href="#s{statement.speech_number:d}">'
            f"{_escape(speaker_name(statement))}</a>{delegation}</li>"
        )
    return mark_safe("".join(parts))  # noqa: S308 (escaped)


@register.simple_tag
def meeting_statements(debate: Debate, statements: list[Statement]) -> SafeString:
    """Each statement of the meeting as an <article>: who spoke, as what, and the text."""
    link = statement_links()
    return mark_safe(  # noqa: S308 (escaped)
        "".join(
            _meeting_statement(statement, _escape(link(debate.slug, statement.speech_number)))
            for statement in statements
        )
    )


def _meeting_statement(statement: Statement, url: str) -> str:
    number = statement.speech_number
    delegation = (
        f' <span class="h2-sub">{_escape(statement.delegation.name)}</span>' if statement.delegation else ""
    )
    meta = []
    if statement.role and statement.role != statement.speaker:
        meta.append(f" · {_escape(statement.role)}")
    if statement.participant_type:
        meta.append(f" · {_escape(statement.get_participant_type_display())}")
    if statement.language:
        meta.append(f" · spoke in {_escape(statement.language)}")
    return (
        f'\n  <article class="meeting__statement" id="s{number:d}" aria-labelledby="s{number:d}-title">\n'
        f"    <header>\n"
        f'      <h2 id="s{number:d}-title"><a href="{url}">{_escape(speaker_name(statement))}</a>{delegation}</h2>\n'
        f'      <p class="meeting__meta"><span class="number">{number:d}</span>{"".join(meta)}'
        f' · <a href="{url}">permanent link</a></p>\n'
        f"    </header>\n"
        f'    <div class="speech">{_paragraphs(statement.text)}</div>\n'
        f"  </article>\n  "
    )


@register.filter
def mark_resolution(sentence: str, number: int) -> SafeString:
    """The citing sentence, escaped, with the resolution's number marked."""
    marks = [m.span() for m in re.finditer(rf"(?<!\d){number}(?!\d)", sentence)]
    return render_marked(sentence, marks)


# Facets and the delegation list hold up to a few hundred values each, and a results
# page twenty results: built here rather than in template loops, which cost 20-30 ms a
# results page. Values are escaped with html.escape, the function Django's escape()
# applies (its lazy-string wrapper cost more than the escaping, thousands of times a page).


@register.simple_tag
def facet_items(values: list, limit: int, bars: bool) -> SafeString:
    """A facet's <li> values; those past `limit` in a "Show all" <details>."""
    list_class = "facet__list facet__list--bars" if bars else "facet__list"
    parts = []
    for index, value in enumerate(values):
        if index == limit:
            parts.append(
                f'</ul>\n  <details class="facet__more"><summary>Show all {len(values)}</summary>\n'
                f'  <ul class="{list_class}">'
            )
        label = _escaped_label(value.label)
        if value.url and value.selected:
            name = (
                f'<a href="{_escape(value.url)}" aria-current="true" title="Remove this filter">'
                f'<span class="facet__label">{label}</span><span class="visually-hidden"> (selected: remove)</span>'
                '<span class="facet__x" aria-hidden="true">×</span></a>'
            )
        elif value.url:
            name = f'<a href="{_escape(value.url)}"><span class="facet__label">{label}</span></a>'
        else:
            name = f'<span class="facet__label facet__label--plain">{label}</span>'
        bar = (
            f'<span class="facet__bar" aria-hidden="true"><span style="width: {value.share:d}%"></span></span>'
            if bars
            else ""
        )
        parts.append(
            f'\n    <li class="facet__value{" is-selected" if value.selected else ""}">\n      {name}\n'
            f'      <span class="facet__count" data-count="{value.count:d}">{value.count:d}</span>\n'
            f"      {bar}\n    </li>"
        )
    return mark_safe("".join(parts))  # noqa: S308 (every value escaped above)


# Facet labels (delegations' names, years) are the same few hundred on every page.
_escaped_label = lru_cache(maxsize=4096)(_escape)


@register.simple_tag
def result_items(statements: list[Statement]) -> SafeString:
    """A results page's <li>s: who spoke, the meeting, and the snippet (safe HTML, or text)."""
    link = debate_links()
    return mark_safe("".join(_result_item(statement, link) for statement in statements))  # noqa: S308 (escaped)


@lru_cache(maxsize=4096)
def _short_topic(topic: str) -> str:
    """A debate's topic cut to 120 characters, escaped (debates share a few thousand topics)."""
    return _escape(Truncator(topic).chars(120))


def _result_item(statement: Statement, link) -> str:
    debate = statement.debate
    if statement.delegation:
        delegation = f' <span class="result__delegation">{_escape(statement.delegation.name)}</span>'
    elif statement.delegation_as_printed:
        delegation = f' <span class="result__delegation">{_escape(statement.delegation_as_printed)}</span>'
    else:
        delegation = ""
    date = _escape(meeting_date(debate))
    if debate.date:
        date = f'<time datetime="{debate.date.isoformat()}">{date}</time>'
    topic = (
        f' <span aria-hidden="true">·</span> <span class="result__topic">{_short_topic(debate.topic)}</span>'
        if debate.topic
        else ""
    )
    return (
        f'\n<li class="result" id="result-{statement.pk:d}">\n'
        f'  <h3 class="result__title"><a href="{_escape(statement.url)}">{_escape(speaker_name(statement))}</a>'
        f"{delegation}</h3>\n"
        f'  <p class="result__meta"><a class="symbol" href="{_escape(link(debate.slug))}'
        f'#s{statement.speech_number:d}">{_escape(debate.symbol)}</a> <span aria-hidden="true">·</span> '
        f"{date}{topic}</p>\n"
        f'  <p class="snippet">{conditional_escape(statement.snippet)}</p>\n</li>'
    )


class _Kept:
    """Rendered HTML by everything it depends on, at most `size` variants in a process
    (all forgotten when full: the variants a page shows are few)."""

    def __init__(self, size: int = 256):
        self._html: dict[tuple, str] = {}
        self._size = size

    def get(self, key: tuple, render) -> SafeString:
        html = self._html.get(key)
        if html is None:
            html = render()
            if len(self._html) >= self._size:
                self._html.clear()
            self._html[key] = html
        return mark_safe(html)


# The search form's filter fields, by the values and errors they show. Rendering their
# widgets cost 6-9 ms a page; most searches set none of them, so a process renders a
# handful of variants and reuses them.
_FILTER_FIELDS = _Kept()


@register.simple_tag
def filter_fields(form) -> SafeString:
    names = [name for name in form.fields if name not in ("q", "delegation", "sort")]
    data = form.data
    key = tuple(
        (
            name,
            tuple(data.getlist(name)) if hasattr(data, "getlist") else data.get(name),
            tuple(form.errors.get(name, ())),
        )
        for name in names
    )
    return _FILTER_FIELDS.get(
        key, lambda: render_to_string("speeches/includes/filter_fields.html", {"form": form, "names": names})
    )


_FIELDS = _Kept()


@register.simple_tag
def form_field(field) -> SafeString:
    """A bound field's widget, as Django renders it, kept by everything it depends on.

    Django renders each <option> of a select through a template: the debate
    filters' delegations and years (some 350 options) cost 40 ms a page that way.
    The same field with the same choices, value and errors renders the same HTML."""
    widget = field.field.widget
    choices = getattr(widget, "choices", None)
    key = (
        field.html_name,
        field.auto_id,
        str(field.value()),
        tuple(field.errors),
        repr(sorted(widget.attrs.items())),
        tuple(choices) if choices is not None else None,
    )
    return _FIELDS.get(key, lambda: str(field))
