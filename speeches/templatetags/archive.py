"""Small presentation helpers for the archive's templates."""

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
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
from speeches.search.query import quoted, unquoted
from speeches.search.querystring import QueryString, filled

register = template.Library()


# A reader's query in curly quotes ({{ q|quoted:60 }}), or without a phrase's own (in a <q>).
register.filter("quoted", quoted)
register.filter("unquoted", unquoted)


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


@register.filter
def mark_resolution(sentence: str, number: int) -> SafeString:
    """The citing sentence, escaped, with the resolution's number marked."""
    marks = [m.span() for m in re.finditer(rf"(?<!\d){number}(?!\d)", sentence)]
    return render_marked(sentence, marks)


@dataclass(frozen=True)
class PageLinks:
    """A pagination's hrefs (templates/speeches/includes/pagination.html): "" where
    there is no previous or next page; `numbers` holds (number, href) for the pages
    around the current one, and (Paginator.ELLIPSIS, "") for each gap."""

    previous: str
    next: str
    numbers: list[tuple[int | str, str]]


@register.simple_tag(takes_context=True)
def page_links(context, page: Page) -> PageLinks:
    """This page's URL with another `page`, as {% querystring page=n %} writes it, filled
    into the layout of its fixed parameters: {% querystring %} copies and encodes every
    parameter again for each link."""
    layout = QueryString(context.request.GET, without=()).layout("page")

    def href(number: int) -> str:
        return filled(layout, [f"page={number:d}"])

    ellipsis = page.paginator.ELLIPSIS
    return PageLinks(
        previous=href(page.previous_page_number()) if page.has_previous() else "",
        next=href(page.next_page_number()) if page.has_next() else "",
        numbers=[
            (number, "" if number == ellipsis else href(number))
            for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
        ],
    )


# Fragments kept in Python ------------------------------------------------------
#
# The pages' HTML lives in templates, except for these loops over many values, which a
# template renders several times slower, by a millisecond or more a page. Each builds
# its markup with f-strings and escapes every value with html.escape (the function
# Django's escape() applies; its lazy-string wrapper cost more than the escaping,
# thousands of times a page) as it interpolates it, so mark_safe marks escaped text
# only. The template each one replaces, and the timing of both on the same data (same
# HTML, checked), are in benchmark/fragments.py: `python manage.py time_fragments`,
# after `python manage.py import_statements sample/`. Figures of 2026-12-04, on the
# sample, 2 cores (AMD EPYC), Python 3.11, Django 5.2.


# A debate's page: its speakers, then each statement in full (a hundred or more). For
# S/PV.7658 (75 statements, 525 paragraphs; the whole page 7.2 ms): the speakers as a
# template 1.18 ms, speaker_items 0.08 ms; the statements as a template 6.46 ms,
# meeting_statements 2.03 ms.


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
    return mark_safe("".join(parts))  # noqa: S308 (every value html.escape'd above)


@register.simple_tag
def meeting_statements(debate: Debate, statements: list[Statement]) -> SafeString:
    """Each statement of the meeting as an <article>: who spoke, as what, and the text."""
    link = statement_links()
    return mark_safe(  # noqa: S308 (every value html.escape'd in _meeting_statement, the URL here)
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


def _paragraphs(text: str) -> str:
    """A statement's paragraphs as <p> elements, escaped."""
    return "".join(f"<p>{_escape(paragraph)}</p>" for paragraph in text.split("\n\n"))


# A search page's facets: up to every delegation (271 at the published record's size)
# and every year (79). As a template, 271 delegations 5.91 ms, 79 years 2.16 ms;
# facet_items 0.21 ms and 0.08 ms (the sample's own 63 delegations: 1.39 ms and
# 0.05 ms; the whole page, /statements/?q=council, 10.8 ms).


@register.simple_tag
def facet_items(values: list, bars: bool, start: int = 0, stop: int | None = None) -> SafeString:
    """The <li>s of a facet's values[start:stop] (templates/speeches/includes/facet.html)."""
    parts = []
    for value in values[start:stop]:
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
            # An SVG's width attribute, not an inline style: the Content Security Policy allows no inline styles.
            f'<svg class="facet__bar" aria-hidden="true" focusable="false" viewBox="0 0 100 1" '
            f'preserveAspectRatio="none"><rect width="{max(value.share, 1):d}" height="1"/></svg>'
            if bars
            else ""
        )
        parts.append(
            f'\n    <li class="facet__value{" is-selected" if value.selected else ""}">\n      {name}\n'
            f'      <span class="facet__count" data-count="{value.count:d}">{value.count:d}</span>\n'
            f"      {bar}\n    </li>"
        )
    return mark_safe("".join(parts))  # noqa: S308 (every value html.escape'd above)


# Facet labels (delegations' names, years) are the same few hundred on every page.
_escaped_label = lru_cache(maxsize=4096)(_escape)


# A results page's twenty results (speeches.search.service.PAGE_SIZE), each with its
# snippet (speeches.search.highlights.render_marked). For /statements/?q=security (the
# whole page 11-14 ms): the results as a template 1.10 ms, result_items 0.10 ms; their
# snippets' marks as a template 0.74 ms more, render_marked 0.20 ms.


@register.simple_tag
def result_items(statements: list[Statement]) -> SafeString:
    """A results page's <li>s: who spoke, the meeting, and the snippet (safe HTML, or text)."""
    link = debate_links()
    # Every value html.escape'd in _result_item; the snippet conditional_escape'd (it is safe HTML or text).
    return mark_safe("".join(_result_item(statement, link) for statement in statements))  # noqa: S308


@register.simple_tag
def citing_items(citations: list, number: int) -> SafeString:
    """A resolution's page of citations (speeches.views): who spoke, the meeting, and the
    sentence that cites it, its number marked. As a template, 7 ms of a 15 ms page for fifty
    citations (a reverse() and a dozen variable lookups each)."""
    debate_link, statement_link = debate_links(), statement_links()
    # Every value html.escape'd in _citing_item; the sentence by mark_resolution().
    return mark_safe(  # noqa: S308
        "".join(_citing_item(citation, number, debate_link, statement_link) for citation in citations)
    )


def _citing_item(citation, number: int, debate_link, statement_link) -> str:
    statement = citation.statement
    debate = statement.debate
    delegation = (
        f' <span class="result__delegation">{_escape(statement.delegation.name)}</span>'
        if statement.delegation
        else ""
    )
    topic = f" · {_short_topic(debate.topic)}" if debate.topic else ""
    return (
        f'\n  <li class="citing__item" id="citation-{citation.pk:d}">\n'
        f'    <h2 class="result__title"><a href="{_escape(statement_link(debate.slug, statement.speech_number))}">'
        f"{_escape(speaker_name(statement))}</a>{delegation}</h2>\n"
        f'    <p class="result__meta"><a class="symbol" href="{_escape(debate_link(debate.slug))}'
        f'#s{statement.speech_number:d}">{_escape(debate.symbol)}</a> · {_escape(meeting_date(debate))}{topic}</p>\n'
        f'    <blockquote class="citing__sentence">{mark_resolution(citation.sentence, number)}</blockquote>\n  </li>'
    )


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


# Rendered by templates and widgets, and kept ------------------------------------


class _Kept:
    """HTML a template rendered, by everything it depends on, at most `size` variants in a
    process (all forgotten when full: the variants a page shows are few)."""

    def __init__(self, size: int = 256):
        self._html: dict[tuple, SafeString] = {}
        self._size = size

    def get(self, key: tuple, render: Callable[[], SafeString]) -> SafeString:
        html = self._html.get(key)
        if html is None:
            html = render()
            if len(self._html) >= self._size:
                self._html.clear()
            self._html[key] = html
        return html


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


# The delegation select's <option>s (every delegation: a few hundred), by the choices:
# one list a search generation (speeches.search.directory), rendered once.
_OPTIONS = _Kept(size=4)


@register.simple_tag
def delegation_options(choices: list[tuple[str, str]]) -> SafeString:
    return _OPTIONS.get(
        tuple(choices),
        lambda: render_to_string("speeches/includes/delegation_options.html", {"choices": choices}),
    )
