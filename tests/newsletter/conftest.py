"""Helpers to sign up the way a browser on our own pages does (with an
Origin header). The SMTP server fixtures are in tests/smtp.py."""

import re

import pytest
from django.core.cache import cache

from newsletter.consent import CONSENT_VERSION

OWN_ORIGIN = "http://testserver"


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters must not leak from one test into the next."""
    cache.clear()


def signup_data(email_address="patient@example.com", **overrides):
    return {
        "email": email_address,
        "consent": CONSENT_VERSION,
        "website": "",
        "source": "/en/articles/",
        **overrides,
    }


def sign_up(
    client, email_address="patient@example.com", language="en", data=None, **headers
):
    """POST the signup form as a browser on one of our pages would."""
    headers.setdefault("HTTP_ORIGIN", OWN_ORIGIN)
    data = data if data is not None else signup_data(email_address)
    return client.post(f"/{language}/newsletter/", data, **headers)


def link_in(message, kind):
    """The path of the confirm or unsubscribe link in a message's text."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    match = re.search(rf"https?://[^/\s]+(/\w\w/newsletter/{kind}/[^/\s]+/)", text)
    assert match, text
    return match.group(1)


@pytest.fixture
def admin_client(client, django_user_model):
    """A superuser without a password: hashing one costs a second a test."""
    user = django_user_model.objects.create_superuser("admin", "", None)
    client.force_login(user)
    return client
