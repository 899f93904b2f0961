"""A real server thread and Debian's Chromium, driven through Playwright."""

import os

import pytest
from django.test.testcases import LiveServerThread
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in this thread; the ORM calls
# that set up test data are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def serve_through_the_full_stack(handler):
    """Static files come from WhiteNoise and the collected, hashed files,
    exactly as in production, not from the development finders."""
    return handler


@pytest.fixture(scope="session")
def site_server():
    thread = LiveServerThread("127.0.0.1", serve_through_the_full_stack)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def record_csp_violations(page):
    """Keep the console errors Chromium logs when the page's
    Content-Security-Policy refuses something, in ``page.csp_violations``."""
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text
            and page.csp_violations.append(message.text)
        ),
    )
    return page


@pytest.fixture
def page(browser):
    """A page under the site's real Content-Security-Policy, as visitors
    and staff get it."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield record_csp_violations(context.new_page())
    context.close()


STAFF_PASSWORD = "a-long-staff-password"


@pytest.fixture
def admin_page(site_server, page, django_user_model):
    """``page``, signed in to the admin as a superuser, on the admin home."""
    django_user_model.objects.create_superuser(
        username="chief", password=STAFF_PASSWORD, email=""
    )
    page.goto(site_server + "/admin/login/")
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(site_server + "/admin/")
    return page
