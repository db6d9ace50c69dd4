"""Whole pages, kept while the archive is unchanged.

A search page takes 40-80 ms of the web process's time to build, most of it
Python (the form, facets with a few hundred links, twenty results with their
snippets); on two cores that is about 25 pages a second. The pages readers ask
for most (the same common words, the same long debates) are the same pages
until the archive changes, so a page is kept, in Django's cache, under its URL
and the archive's generation (speeches.search.answers.generation), which every
committed write moves on: a page is never served after the data it shows has
changed. PAGE_CACHE_SECONDS (0 turns this off) bounds how long an unchanged
page is kept. A page built while an import writes from an answer of before its
latest statements (speeches.search.answers) is not kept.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from speeches.search.answers import generation, served_as_of

# Larger pages are built every time rather than crowd out others.
MAX_BYTES = 1_000_000


def cached_page(view):
    """Serve the view's GET 200 responses from the cache while the archive is unchanged."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or request.method != "GET":
            return view(request, *args, **kwargs)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"page:{generation()}:{path}"
        kept = cache.get(key)
        if kept is not None:
            content, content_type = kept
            return HttpResponse(content, content_type=content_type)
        exact = served_as_of.set(None)
        try:
            response = view(request, *args, **kwargs)
            # A page that served an answer of before an import's latest statements is built again.
            stale = served_as_of.get() is not None
        finally:
            served_as_of.reset(exact)
        if stale:
            return response
        if response.status_code == 200 and not response.streaming and len(response.content) <= MAX_BYTES:
            cache.set(key, (response.content, response["Content-Type"]), seconds)
        return response

    return wrapper
