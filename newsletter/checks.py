from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def site_url_is_public_https(app_configs, **kwargs):
    """Links in newsletter emails are built from SITE_URL; a forgotten
    default would send subscribers to 127.0.0.1."""
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme == "https" and parts.hostname not in {
        None,
        "127.0.0.1",
        "localhost",
    }:
        return []
    return [
        Warning(
            f"SITE_URL is {settings.SITE_URL!r}: links in emails would not reach "
            "subscribers.",
            hint="Set SITE_URL to the public https:// address of the site.",
            id="newsletter.W001",
        )
    ]
