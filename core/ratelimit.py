"""A per-client rate limit counted in Django's cache, for what a robot
could repeat to load the site or flood someone: the newsletter signup,
searches.

The client is identified by a keyed hash (HMAC with SECRET_KEY) of its IP
address, never the address itself, and the counter lives for one window.
"""

import logging

from django.core.cache import cache
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import salted_hmac

from core.clients import client_ip

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 60


def client_key(request):
    return salted_hmac("core.ratelimit", client_ip(request)).hexdigest()


def allow(request, *, scope, limit, window=WINDOW_SECONDS):
    """Count one attempt; False once the client made more than ``limit`` in
    the current ``window`` seconds. If the cache is down the limit is not
    enforced (logged): the site keeps working rather than answering 500."""
    key = f"ratelimit:{scope}:{client_key(request)}"
    try:
        # The window opens with the client's first attempt: add() sets the
        # expiry only when the key is new, and incr() keeps it.
        cache.add(key, 0, timeout=window)
        count = cache.incr(key)
    except Exception:
        logger.warning("Rate limit %s not enforced: cache error", scope, exc_info=True)
        return True
    return count <= limit


def retry_later(response, window=WINDOW_SECONDS):
    """``response`` (a 429 page for the client over its limit) saying when
    to come back, and that no cache may keep it: the page cache stores
    only 200s, and a CDN or browser must not show it to anyone later."""
    response["Retry-After"] = str(window)
    add_never_cache_headers(response)
    return response
