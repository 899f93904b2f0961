"""`make audit`: Lighthouse (mobile) and axe on a production-like server.

Starts gunicorn with DEBUG off on a throw-away SQLite database holding the
demo content, runs Lighthouse from the npm registry against Debian's
Chromium for each page type, prints the four category scores and the
number of axe-core violations (WCAG 2.2 AA and best practices). Exits
non-zero when a score is under the target or axe finds anything.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = PROJECT / "tools/audit/node_modules/.bin/lighthouse"
AXE = PROJECT / "node_modules/axe-core/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGET = 100
# Search results are kept out of search engines on purpose (noindex and
# robots.txt), which Lighthouse's SEO category scores as a fault.
NOT_FOR_INDEXING = {"search"}
PAGES = {
    "home": "/en/",
    "article": "/en/articles/china-stem-cell-integrative-therapies-type-1-diabetes/",
    "article list": "/en/articles/",
    "category": "/en/articles/category/diabetes-endocrinology/",
    "search": "/en/search/?q=insulin",
    "FAQ": "/en/faq/",
    "newsletter": "/en/newsletter/",
}


def main():
    with tempfile.TemporaryDirectory() as workdir:
        env = server_environment(Path(workdir))
        manage = [sys.executable, "manage.py"]
        for command in (
            ["migrate", "--no-input", "-v0"],
            ["load_demo", "-v0"],
            ["collectstatic", "--no-input", "-v0"],
        ):
            subprocess.run([*manage, *command], cwd=PROJECT, env=env, check=True)
        port = unused_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "liv_site.wsgi",
                f"--bind=127.0.0.1:{port}",
                "--workers=2",
                "--log-level=warning",
            ],
            cwd=PROJECT,
            env=env,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(base + "/healthz")
            scores = {name: lighthouse(base + path) for name, path in PAGES.items()}
            for name, path in PAGES.items():
                scores[name]["axe violations"] = axe_violations(base + path)
        finally:
            server.terminate()
            server.wait(timeout=10)
    print_table(scores)
    below = [
        (page, category, score)
        for page, result in scores.items()
        for category, score in result.items()
        if category in CATEGORIES
        and score < TARGET
        and not (category == "seo" and page in NOT_FOR_INDEXING)
    ]
    below += [
        (page, "axe violations", result["axe violations"])
        for page, result in scores.items()
        if result["axe violations"]
    ]
    for page, category, score in below:
        print(f"below target: {page} {category} {score}", file=sys.stderr)
    return 1 if below else 0


def server_environment(workdir):
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        SECRET_KEY="audit-only-key-not-secret-0123456789abcdefghijklmnopqrstuv",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"sqlite:///{workdir / 'audit.sqlite3'}",
        MEDIA_ROOT=str(workdir / "media"),
        SERVE_MEDIA="1",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        # gunicorn.conf.py logs every request; the scores are the output here.
        ACCESS_LOG="0",
    )
    return env


def lighthouse(url):
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--output=json",
                "--quiet",
                "--only-categories=" + ",".join(CATEGORIES),
                "--chrome-flags="
                + " ".join(
                    [
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-first-run",
                        f"--user-data-dir={profile}",
                    ]
                ),
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            capture_output=True,
            text=True,
            timeout=180,
            check=True,
        )
    report = json.loads(result.stdout)
    return {
        category: round(report["categories"][category]["score"] * 100)
        for category in CATEGORIES
    }


def axe_violations(url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(bypass_csp=True)
        page.goto(url)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            AXE_TAGS,
        )
        browser.close()
    return len(result["violations"])


def print_table(scores):
    columns = [*CATEGORIES, "axe violations"]
    header = f"{'page':<14}" + "".join(f"{c:>16}" for c in columns)
    print(header)
    print("-" * len(header))
    for page, result in scores.items():
        print(f"{page:<14}" + "".join(f"{result[c]:>16}" for c in columns))


def unused_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


if __name__ == "__main__":
    sys.exit(main())
