"""``/healthz``, for load balancers: 200 when the database and the cache
both answer, else 503 naming what failed.

Answered by the first middleware, before anything looks at the Host
header: a load balancer probes each instance at its own address, which
is not one of ALLOWED_HOSTS (the page cache, CSRF and the HTTPS redirect
would otherwise turn the probe into a 400 or a 301)."""

import logging
import secrets

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

PATH = "/healthz"


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == PATH and request.method in ("GET", "HEAD"):
            return healthz()
        return self.get_response(request)


def healthz():
    checks = {
        "database": _check("database", _database_answers),
        "cache": _check("cache", _cache_answers),
    }
    healthy = all(result == "ok" for result in checks.values())
    response = JsonResponse(checks, status=200 if healthy else 503)
    add_never_cache_headers(response)
    return response


def _check(name, probe):
    try:
        probe()
    except Exception:
        logger.exception("Health check: the %s does not answer", name)
        return "fail"
    return "ok"


def _database_answers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache_answers():
    key, token = "healthz-probe", secrets.token_hex(8)
    cache.set(key, token, timeout=10)
    if cache.get(key) != token:
        raise RuntimeError("the cache did not return what was stored")
