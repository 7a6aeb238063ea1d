"""Health endpoints for load balancers and orchestrators.

- /healthz/ (liveness): the process answers. It touches neither the database nor the cache,
  so a database outage does not make every worker look dead and get restarted.
- /readyz/ (readiness): this worker can serve real pages: the database answers a query and
  the cache takes a write and gives it back. 503 with the failing part named otherwise.
"""

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

log = logging.getLogger(__name__)
READY_KEY = "readyz:probe"


def _answer(payload, status=200):
    response = JsonResponse(payload, status=status)
    add_never_cache_headers(response)
    return response


@require_safe
@transaction.non_atomic_requests
def healthz(request):
    return _answer({"status": "ok"})


def _query_one():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()


def _database_ok() -> bool:
    try:
        return _query_one() == (1,)
    except DatabaseError:
        log.exception("readyz: the database did not answer")
        return False


def _cache_ok() -> bool:
    try:
        cache.set(READY_KEY, "ok", timeout=10)
        return cache.get(READY_KEY) == "ok"
    except Exception:  # any backend error (Redis down, refused, timed out) means not ready
        log.exception("readyz: the cache did not answer")
        return False


@require_safe
@transaction.non_atomic_requests
def readyz(request):
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    ready = all(checks.values())
    return _answer(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )
