"""Small presentation helpers for the archive's templates."""

import re

from django import template
from django.core.paginator import Page
from django.utils.safestring import SafeString

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
