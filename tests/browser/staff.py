"""Staff in their own browser contexts, signed in without the login form."""

from django.conf import settings
from django.test import Client

from tests.browser.conftest import record_csp_violations


def sign_in(browser, site_server, user, **context_options):
    """A page in a new browser context carrying ``user``'s session, under
    the site's CSP (violations in ``page.csp_violations``). Close it with
    ``page.context.close()``."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, **context_options
    )
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": site_server,
            }
        ]
    )
    return record_csp_violations(context.new_page())
