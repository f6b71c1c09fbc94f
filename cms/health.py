"""Health endpoints for load balancers and orchestrators.

``/healthz`` says the process answers (liveness): it touches nothing else, so
a database outage does not get healthy app servers restarted. ``/readyz`` says
this server can do its work (readiness): the database answers and the cache
stores and returns a value. Neither is ever cached, and ``/readyz`` answers a
failure with 503 and the names of the failed checks, never with a 500.
"""

import logging
import secrets

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def database_ok() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def cache_ok() -> bool:
    # A round trip, not a ping: the Redis cache (cms.cache) turns errors into
    # misses, so only reading back what was written shows it really works.
    key = f"readyz:{secrets.token_hex(8)}"
    token = secrets.token_hex(8)
    cache.set(key, token, timeout=10)
    try:
        return cache.get(key) == token
    finally:
        cache.delete(key)


CHECKS = {"database": database_ok, "cache": cache_ok}


@never_cache
@require_safe
def healthz(request):
    """Liveness: 200 while the process serves requests."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    """Readiness: 200 when the database and the cache work, else 503 naming what failed."""
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = "ok" if check() else "failed"
        except Exception:
            logger.exception("Readiness check %r failed", name)
            results[name] = "failed"
    failed = [name for name, result in results.items() if result != "ok"]
    if failed:
        return JsonResponse(
            {"status": "unavailable", "checks": results, "failed": failed}, status=503
        )
    return JsonResponse({"status": "ok", "checks": results})
