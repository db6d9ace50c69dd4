from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def health(request: HttpRequest) -> HttpResponse:
    """For a load balancer: 200 when this web process can reach every database it reads
    (the primary, and the replica when DATABASE_REPLICA_URL names one), 503 naming the one
    it cannot reach otherwise. It reads no archive data, so it is cheap to poll."""
    for alias in connections:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError:
            return HttpResponse(f"database {alias} unreachable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
