"""The scheme and host a page's absolute links start with (canonical,
hreflang, Open Graph, JSON-LD, the sitemap): the request's own, so that a
page is right under every host it is served for (the page cache keeps them
apart); and ``absolute_url``, the one way every one of those links is
written."""

from django.conf import settings
from django.utils.encoding import iri_to_uri


def origin(request):
    """``"https://host"`` for ``request``, worked out once per request
    (``get_host`` checks the host against ``ALLOWED_HOSTS`` each time)."""
    try:
        return request.liv_origin
    except AttributeError:
        request.liv_origin = f"{request.scheme}://{request.get_host()}"
        return request.liv_origin


def absolute_url(origin, url):
    """``url`` (a path, or already absolute as on S3) made absolute, as a
    percent-encoded URI. One form for every link to a page: a search
    engine compares them as strings, and the decoded form of a path
    (``request.path``, an IRI) is not the one ``reverse`` gives."""
    return iri_to_uri(url if "://" in url else f"{origin}{url}")


def site_url(url):
    """``url`` on the site's public address (``SITE_URL``), for links that
    leave without a request to take the origin from: emails."""
    return absolute_url(settings.SITE_URL.rstrip("/"), url)
