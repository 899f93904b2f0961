"""The logs keep no newsletter link token and no search terms: a real
gunicorn, started with gunicorn.conf.py as `make serve` starts it, and
the lines it writes (the access log on stdout, Django's log on stderr)."""

import re
import shlex

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import translation

from core.log_redaction import REDACTED, redact_uri
from newsletter import services
from tests.factories import SubscriberFactory
from tests.live_gunicorn import gunicorn, wait_for_lines

# gunicorn.conf.py's format: time, client, request, status, bytes,
# duration, user agent.
LINE = re.compile(
    r"^\[\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\] 127\.0\.0\.1 "
    r'"(?P<request>[^"]*)" (?P<status>\d{3}) \d+ \d+us "Python-urllib/[\d.]+"$'
)


def requests_logged(lines):
    """(request line, status) of each access-log line, after the first
    (the test's own wait for /healthz)."""
    found = []
    for line in lines[1:]:
        match = LINE.match(line)
        assert match, line
        found.append((match["request"], int(match["status"])))
    return found


@pytest.mark.django_db(transaction=True)
def test_the_access_log_keeps_no_link_token_and_no_search_terms(tmp_path):
    subscriber = SubscriberFactory()
    confirm = services.make_confirm_token(subscriber)
    unsubscribe = services.make_unsubscribe_token(subscriber)
    # A link of a subscriber since erased: Django logs the 400 it gets.
    erased = signing.dumps([subscriber.pk + 1, 0], salt=services.CONFIRM_SALT)

    with gunicorn(tmp_path) as server:
        visits = [
            ("GET", "/en/search/?q=hiv+test+results"),
            # Redirected to /en/search/?q=chlamydia, logged twice.
            ("GET", "/search/?q=chlamydia"),
            ("GET", f"/en/newsletter/confirm/{confirm}/"),
            ("GET", f"/tr/newsletter/unsubscribe/{unsubscribe}/"),
            # A mail client's one-click unsubscribe.
            ("POST", f"/en/newsletter/unsubscribe/{unsubscribe}/?source=mail"),
            ("GET", "/en/articles/?page=1"),
            ("GET", f"/en/newsletter/confirm/{erased}/"),
        ]
        statuses = [server.request(path, method)[0] for method, path in visits]
        lines = wait_for_lines(server, 1 + len(visits) + 1)
        log, errors = server.log(), server.errors()

    assert statuses == [200] * (len(visits) - 1) + [400]
    assert requests_logged(lines) == [
        (f"GET /en/search/?{REDACTED} HTTP/1.1", 200),
        (f"GET /search/?{REDACTED} HTTP/1.1", 302),
        (f"GET /en/search/?{REDACTED} HTTP/1.1", 200),
        (f"GET /en/newsletter/confirm/{REDACTED} HTTP/1.1", 200),
        (f"GET /tr/newsletter/unsubscribe/{REDACTED} HTTP/1.1", 200),
        (f"POST /en/newsletter/unsubscribe/{REDACTED}?{REDACTED} HTTP/1.1", 200),
        ("GET /en/articles/?page=1 HTTP/1.1", 200),
        (f"GET /en/newsletter/confirm/{REDACTED} HTTP/1.1", 400),
    ]
    assert f"Bad Request: /en/newsletter/confirm/{REDACTED}" in errors
    for secret in (confirm, unsubscribe, erased, "hiv", "chlamydia"):
        assert secret not in log
        assert secret not in errors


COMBINED = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"'


@pytest.mark.django_db(transaction=True)
def test_a_log_format_with_the_referer_keeps_no_search_terms_either(tmp_path):
    """A result opened from the search page is asked for with the search's
    address as Referer (Referrer-Policy sends it whole to our own site)."""
    with gunicorn(
        tmp_path, GUNICORN_CMD_ARGS=f"--access-logformat {shlex.quote(COMBINED)}"
    ) as server:
        search = f"{server.base_url}/en/search/?q=pregnancy+test"
        server.request("/en/articles/", headers={"Referer": search})
        [_healthz, line] = wait_for_lines(server, 2)

    assert '"GET /en/articles/ HTTP/1.1" 200' in line
    assert f'"{server.base_url}/en/search/?{REDACTED}"' in line
    assert "pregnancy" not in line


@pytest.mark.parametrize("language", ["en", "tr", "ar", "ru", "de"])
def test_every_token_and_search_url_the_site_makes_is_redacted(language):
    """The patterns in core.log_redaction follow the URLs of urls.py."""
    with translation.override(language):
        urls = [
            reverse("newsletter:confirm", kwargs={"token": "secret-token"}),
            reverse("newsletter:unsubscribe", kwargs={"token": "secret-token"}),
            reverse("search") + "?q=secret-term",
        ]
    for url in urls:
        assert "secret" not in redact_uri(url), url
        assert REDACTED in redact_uri(url)


@pytest.mark.parametrize(
    "uri",
    [
        "/en/articles/?page=2",
        "/en/newsletter/",
        "/en/newsletter/thanks/",
        "/en/articles/a%0Ab/",
        "/healthz",
    ],
)
def test_other_urls_are_logged_as_they_came(uri):
    assert redact_uri(uri) == uri


@pytest.mark.parametrize(
    ("uri", "logged"),
    [
        ("/en/search?q=cancer", f"/en/search?{REDACTED}"),
        ("/en/%73earch/?q=cancer", f"/en/search/?{REDACTED}"),
        ("/en/search/", "/en/search/"),
        (
            "http://health.example.org/de/search/?q=x",
            f"http://health.example.org/de/search/?{REDACTED}",
        ),
        ("/newsletter/confirm/abc/", f"/newsletter/confirm/{REDACTED}"),
    ],
)
def test_variants_of_the_urls_are_redacted(uri, logged):
    assert redact_uri(uri) == logged
