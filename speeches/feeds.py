"""Atom feeds of statements, newest first (django.contrib.syndication): of any search
(/statements/feed/?... with the search's own parameters), of a delegation, and of the
statements citing a resolution. Each entry is a statement's permanent page.

A feed is the search of its page (speeches.search.service.search_statements) sorted
newest first: the same parameters and the same validation, so a parameter that
cannot be read is a 400 that says why, as on the page.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from speeches.models import Delegation, Resolution, Statement
from speeches.search.export import not_a_search
from speeches.search.query import quoted
from speeches.search.querystring import QueryString
from speeches.search.service import StatementSearch, search_statements
from speeches.templatetags.archive import meeting_date, speaker_name


@dataclass
class Searched:
    title: str
    link: str  # the page the feed follows
    search: StatementSearch
    feed: str = ""  # the feed's own address, with its parameters


class NotASearch(Exception):
    def __init__(self, errors):
        super().__init__("parameters that cannot be read")
        self.errors = errors


def _newest(params: QueryDict) -> QueryDict:
    newest = params.copy()
    newest["sort"] = "newest"
    newest.pop("page", None)
    return newest


class StatementFeed(Feed):
    """/statements/feed/?q=...: the newest statements a search finds."""

    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except NotASearch as refused:
            return not_a_search(refused.errors)

    def get_object(self, request: HttpRequest, *args, **kwargs) -> Searched:
        searched = self.searched(request, *args, **kwargs)
        if not searched.search.valid:
            raise NotASearch(searched.search.form.errors)
        searched.feed = request.get_full_path()
        return searched

    def searched(self, request: HttpRequest) -> Searched:
        search = search_statements(params=_newest(request.GET))
        query = search.query if search.valid else ""
        title = f"Statements matching {quoted(query)}" if query else "Statements"
        link = reverse("statement-list") + QueryString(request.GET).with_changes(page=None, sort=None)
        return Searched(f"{title} · UNSC Archive", link, search)

    def title(self, obj: Searched) -> str:
        return obj.title

    def link(self, obj: Searched) -> str:
        return obj.link

    def feed_url(self, obj: Searched) -> str:
        return obj.feed

    def subtitle(self, obj: Searched) -> str:
        return (
            "The newest statements in the UN Security Council that the archive holds, as the page lists them."
        )

    def items(self, obj: Searched) -> list[Statement]:
        return obj.search.results

    def item_title(self, item: Statement) -> str:
        who = speaker_name(item)
        where = f" ({item.delegation.name})" if item.delegation else ""
        return f"{who}{where} at {item.debate.symbol}, {meeting_date(item.debate)}"

    def item_description(self, item: Statement) -> str:
        # The page's snippet: the statement's text escaped, with <mark> around the matches.
        return str(item.snippet)

    def item_link(self, item: Statement) -> str:
        return reverse("statement-detail", args=[item.debate.slug, item.speech_number])

    def item_pubdate(self, item: Statement) -> dt.datetime | None:
        day = item.debate.date or (dt.date(item.debate.year, 1, 1) if item.debate.year else None)
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) if day else None

    def item_author_name(self, item: Statement) -> str:
        return item.delegation.name if item.delegation else item.delegation_as_printed


class DelegationFeed(StatementFeed):
    """/delegations/<slug>/feed/: a delegation's newest statements (and its page's parameters)."""

    def searched(self, request: HttpRequest, slug: str) -> Searched:
        delegation = get_object_or_404(Delegation, slug=slug)
        search = search_statements(params=_newest(request.GET), scope=delegation)
        return Searched(
            f"{delegation.name} in the Security Council · UNSC Archive", delegation.get_absolute_url(), search
        )


class ResolutionFeed(StatementFeed):
    """/resolutions/<n>/feed/: the newest statements citing a resolution."""

    def searched(self, request: HttpRequest, number: int) -> Searched:
        resolution = get_object_or_404(Resolution, number=number)
        params = QueryDict(mutable=True)
        params["resolution"] = str(resolution.number)
        search = search_statements(params=_newest(params))
        return Searched(
            f"Statements citing resolution {resolution.number} ({resolution.year}) · UNSC Archive",
            resolution.get_absolute_url(),
            search,
        )
