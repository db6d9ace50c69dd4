"""Which address a request comes from, for the login's limit (django-axes)."""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, or behind PROXY_COUNT proxies the address the outermost of them saw: each
    proxy appends the address it was reached from to X-Forwarded-For, so the client's is the
    PROXY_COUNT-th from the right (anything left of it the client may have written itself)."""
    remote = request.META.get("REMOTE_ADDR", "")
    if not settings.PROXY_COUNT:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if len(forwarded) < settings.PROXY_COUNT:
        return remote  # not through the proxies: the address the connection came from
    return forwarded[-settings.PROXY_COUNT]
