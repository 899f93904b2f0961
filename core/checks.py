"""Deploy checks (``manage.py check --deploy``): settings and files that do
for a developer's machine but fail patients, subscribers or staff once
served. ``make serve`` refuses to start while any of them reports, and
``make deploy-check`` (in ``make test``) runs them with production values.

The settings' development defaults (``liv_site/settings.py``) are what a
production environment gets when a variable is forgotten, so each check
names the variable to set.
"""

from ipaddress import ip_address
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.utils.translation import to_locale

# Interface strings are written in English: it needs no catalog.
SOURCE_LANGUAGE = "en"

PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}
EMAIL_BACKENDS_THAT_SEND_NOTHING = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}
DEFAULT_ADMIN_URL = "admin/"
EMAIL = "email"


@register(Tags.caches, deploy=True)
def cache_is_shared(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.DEBUG or backend not in PER_PROCESS_CACHES:
        return []
    return [
        Error(
            f"The default cache is {backend}, one per worker process: a "
            "withdrawn or corrected article goes on being served by the "
            "other workers, and the signup rate limit counts per worker.",
            hint="Set CACHE_URL to the shared Redis, e.g. "
            "redis://cache.internal:6379/0.",
            id="core.E001",
        )
    ]


@register(EMAIL, deploy=True)
def email_is_sent(app_configs, **kwargs):
    backend = settings.EMAIL_BACKEND
    if settings.DEBUG or backend not in EMAIL_BACKENDS_THAT_SEND_NOTHING:
        return []
    return [
        Error(
            f"Emails go to {backend}, never leaving the server: subscribers "
            "get no confirmation email and staff no review reminders.",
            hint="Set EMAIL_URL to the outgoing mail server, e.g. "
            "smtp+tls://user:password@mail.example.org:587.",
            id="core.E002",
        )
    ]


def is_loopback(host):
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


def site_url_problem(site_url):
    parts = urlsplit(site_url)
    if not parts.hostname:
        return "names no host"
    if parts.scheme != "https":
        return "not an https:// address"
    if is_loopback(parts.hostname):
        return "this machine's own address"
    return None


@register(EMAIL, deploy=True)
def site_url_is_public(app_configs, **kwargs):
    """Links in emails (newsletter confirmations, review reminders) are
    built from SITE_URL; the development default sends them to 127.0.0.1."""
    problem = site_url_problem(settings.SITE_URL)
    if settings.DEBUG or problem is None:
        return []
    return [
        Error(
            f"SITE_URL is {settings.SITE_URL!r}, {problem}: links in emails "
            "would not reach the people they are sent to.",
            hint="Set SITE_URL to the site's public address, e.g. "
            "https://health.example.org.",
            id="core.E003",
        )
    ]


@register(Tags.security, deploy=True)
def admin_url_is_not_the_default(app_configs, **kwargs):
    if settings.ADMIN_URL != DEFAULT_ADMIN_URL:
        return []
    return [
        Warning(
            f"The admin is at /{DEFAULT_ADMIN_URL}, where password-guessing "
            "robots look first.",
            hint="Set ADMIN_URL to a path of your own, e.g. staff-7kq2/, "
            "and share it with staff only.",
            id="core.W001",
        )
    ]


@register(Tags.security, deploy=True)
def site_admins_need_two_factor(app_configs, **kwargs):
    if settings.REQUIRE_2FA_FOR_SITE_ADMINS:
        return []
    return [
        Warning(
            "Superusers and Site admins may sign in with a password alone: "
            "a stolen password opens every account and setting.",
            hint="Remove REQUIRE_2FA_FOR_SITE_ADMINS=0 from the environment "
            "(two-factor sign-in is required by default when DEBUG is off).",
            id="core.W002",
        )
    ]


def catalog_problem(po, mo):
    if not mo.is_file():
        return "is not compiled"
    if po.is_file() and mo.stat().st_mtime < po.stat().st_mtime:
        return "is older than its .po file"
    return None


@register(Tags.translation, deploy=True)
def translations_are_compiled(app_configs, **kwargs):
    """gettext loads only the compiled .mo catalogs; without one, a
    language's pages are served with an English interface."""
    errors = []
    for locale_path in map(Path, settings.LOCALE_PATHS):
        for code, name in settings.LANGUAGES:
            if code == SOURCE_LANGUAGE:
                continue
            folder = locale_path / to_locale(code) / "LC_MESSAGES"
            problem = catalog_problem(folder / "django.po", folder / "django.mo")
            if problem is None:
                continue
            errors.append(
                Error(
                    f"The {name} catalog {folder / 'django.mo'} {problem}: "
                    f"/{code}/ pages would show an English or outdated "
                    "interface.",
                    hint="Compile the translations: make messages (manage.py "
                    "compilemessages; make release and make serve run it).",
                    id="core.E004",
                )
            )
    return errors
