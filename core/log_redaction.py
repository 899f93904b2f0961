"""Logs without what must not be kept in log files.

Two kinds of URL carry secrets or health data: a newsletter confirm or
unsubscribe link holds a signed token that acts on someone's subscription
(newsletter/urls.py), and a search (``?q=`` on /<lang>/search/, see
liv_site/urls.py) says what a patient was worried about. In gunicorn's
access log (``RedactingLogger``) and in the paths Django logs for failed
requests (``RedactingFilter``) their token and their query string become
``[redacted]``; every other URL is logged as it came. The Referer (a
search page's address, when a patient opens a result) is redacted the
same way.

No Django import: gunicorn.conf.py names ``RedactingLogger``,
which the master loads before Django.
"""

import logging
import re
from urllib.parse import unquote, urlsplit

from gunicorn import glogging

REDACTED = "[redacted]"
# With or without the language prefix (an unprefixed URL is redirected to
# a prefixed one, and logged first) and with or without the trailing
# slash (added by a redirect too).
_LANGUAGE = r"(?:/[a-z]{2}(?:-[a-z]+)?)?"
_TOKEN_URL = re.compile(rf"^({_LANGUAGE}/newsletter/(?:confirm|unsubscribe)/).+")
_SEARCH_URL = re.compile(rf"^{_LANGUAGE}/search/?$")


def redact_path(path):
    """``path`` (decoded) with a link token replaced, and whether its
    query string must go too."""
    token = _TOKEN_URL.match(path)
    if token:
        return f"{token[1]}{REDACTED}", True
    return path, bool(_SEARCH_URL.match(path))


def redact_uri(uri):
    """A request target or URL as a log may keep it."""
    parts = urlsplit(uri)
    # Matched decoded, as Django routes it: /en/%73earch/ is the search.
    path, secret_query = redact_path(unquote(parts.path))
    if path == unquote(parts.path) and not secret_query:
        return uri
    query = f"?{REDACTED}" if parts.query and secret_query else ""
    origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    return f"{origin}{path}{query}"


class RedactingLogger(glogging.Logger):
    """gunicorn's logger, with ``redact_uri`` applied to every atom of the
    access log format that holds the request's URL or the Referer."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        uri = environ.get("RAW_URI", "")
        redacted = redact_uri(uri)
        if redacted != uri:
            parts = urlsplit(redacted)
            method, protocol = environ["REQUEST_METHOD"], environ["SERVER_PROTOCOL"]
            atoms["r"] = f"{method} {redacted} {protocol}"
            atoms["U"] = atoms["{path_info}e"] = parts.path
            atoms["q"] = atoms["{query_string}e"] = parts.query
            atoms["{raw_uri}e"] = redacted
        if environ.get("HTTP_REFERER"):
            atoms["f"] = atoms["{referer}i"] = atoms["{http_referer}e"] = redact_uri(
                environ["HTTP_REFERER"]
            )
        return atoms


class RedactingFilter(logging.Filter):
    """For the log handlers: Django names the path of a request that
    failed ("Bad Request: /en/newsletter/confirm/<token>/")."""

    def filter(self, record):
        if isinstance(record.args, tuple):
            record.args = tuple(
                redact_uri(arg) if isinstance(arg, str) and arg[:1] == "/" else arg
                for arg in record.args
            )
        return True
