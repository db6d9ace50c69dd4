"""Small presentation helpers for the archive's templates."""

import re

from django import template
from django.core.paginator import Page
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from speeches.fulltext import render_marked
from speeches.models import Debate, Statement

register = template.Library()


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


@register.filter
def mark_resolution(sentence: str, number: int) -> SafeString:
    """The citing sentence, escaped, with the resolution's number marked."""
    marks = [m.span() for m in re.finditer(rf"(?<!\d){number}(?!\d)", sentence)]
    return render_marked(sentence, marks)


# Facets and the delegation list hold up to a few hundred values each: built
# here rather than in a template loop, which cost 20-30 ms a results page.


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
        label = escape(value.label)
        if value.url and value.selected:
            name = (
                f'<a href="{escape(value.url)}" aria-current="true" title="Remove this filter">'
                f'<span class="facet__label">{label}</span><span class="visually-hidden"> (selected: remove)</span>'
                '<span class="facet__x" aria-hidden="true">×</span></a>'
            )
        elif value.url:
            name = f'<a href="{escape(value.url)}"><span class="facet__label">{label}</span></a>'
        else:
            name = f'<span class="facet__label facet__label--plain">{label}</span>'
        bar = (
            f'<span class="facet__bar" aria-hidden="true"><span style="width: {value.share}%"></span></span>'
            if bars
            else ""
        )
        parts.append(
            f'\n    <li class="facet__value{" is-selected" if value.selected else ""}">\n      {name}\n'
            f'      <span class="facet__count" data-count="{value.count}">{value.count}</span>\n'
            f"      {bar}\n    </li>"
        )
    return mark_safe("".join(parts))  # noqa: S308 (every value escaped above)


@register.simple_tag
def options(choices: list[tuple[str, str]]) -> SafeString:
    """<option>s for (value, label) pairs."""
    return mark_safe(  # noqa: S308 (escaped)
        "".join(f'<option value="{escape(value)}">{escape(label)}</option>' for value, label in choices)
    )
