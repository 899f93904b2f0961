"""The email the site sends (newsletter confirmations, review reminders,
staff notifications): every message is a ``SiteEmail``."""

import datetime
import smtplib
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import make_msgid
from django.utils.encoding import punycode


def site_domain():
    """The host name of ``SITE_URL``, the site's public address."""
    return punycode(urlsplit(settings.SITE_URL).hostname)


class SiteEmail(EmailMultiAlternatives):
    """An email from the site, with a Message-ID in the site's domain.

    Django names this machine's DNS name there, which in a container or on
    a server without a public name is "localhost": spam filters count that
    against a message, and it isn't unique from one machine to the next."""

    def __init__(self, *args, headers=None, **kwargs):
        headers = {"Message-ID": make_msgid(domain=site_domain()), **(headers or {})}
        super().__init__(*args, headers=headers, **kwargs)


def is_permanent(error):
    """A 5xx answer about this message or recipient: trying again won't help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


# After a temporary failure: 1, 2, 4 … minutes, then hourly.
FIRST_RETRY_AFTER = datetime.timedelta(minutes=1)
LONGEST_RETRY_WAIT = datetime.timedelta(hours=1)


def retry_wait(attempts):
    """How long to wait before trying a message again, after ``attempts``
    failed tries."""
    return min(FIRST_RETRY_AFTER * 2 ** (attempts - 1), LONGEST_RETRY_WAIT)
