"""A per-client rate limit counted in Django's cache.

The client is identified by a keyed hash (HMAC with SECRET_KEY) of its IP
address, never the address itself, and the counter lives for one minute.
"""

import logging

from django.core.cache import cache
from django.utils.crypto import salted_hmac

from liv_site.clients import client_ip

logger = logging.getLogger(__name__)


def client_key(request):
    return salted_hmac("newsletter.ratelimit", client_ip(request)).hexdigest()


def allow(request, *, scope, limit, window=60):
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
