"""Cross-site request protection that works on pages served from a shared
cache, where the form can't carry a per-visitor CSRF token."""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


def _origin_of(url):
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def is_same_origin(request):
    """Whether a browser sent this request from one of our own pages.

    Browsers send ``Origin`` with every POST; without it, the Fetch
    Metadata header ``Sec-Fetch-Site`` or the ``Referer`` decides. A request
    with none of them is refused: every browser sends at least one, so a
    legitimate visitor never meets that case.
    """
    own = {f"{request.scheme}://{request.get_host()}".lower()}
    own.update(
        origin.lower() for origin in settings.CSRF_TRUSTED_ORIGINS if "*" not in origin
    )
    origin = request.META.get("HTTP_ORIGIN")
    if origin is not None:
        return origin.lower() in own
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    referer = request.META.get("HTTP_REFERER")
    if referer:
        return _origin_of(referer) in own
    return False


def same_origin_post(view):
    """Replace Django's token-based CSRF check on ``view`` by an origin
    check, so the form may sit on cached pages and set no cookie. Unsafe
    requests from another site get a 403 page."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in SAFE_METHODS and not is_same_origin(request):
            return render(request, "newsletter/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper
