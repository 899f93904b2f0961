"""`make bench`: realistic content in PostgreSQL, `make serve`'s gunicorn
with Redis, and wrk at 32 connections against each page type and against
a bare Django view (the ceiling). Prints the figures and writes
docs/benchmarks.md.

Environment: BENCH_DATABASE_URL (default liv_perf_bench on 127.0.0.1),
BENCH_CACHE_URL (default Redis database 6), BENCH_PORT (default 8201),
BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 32),
BENCH_WORDPRESS_POSTS (default none): with a number, the site is filled by
importing a generated WordPress export of that many posts in five
languages (`manage.py bench_wordpress_import`) instead of the generated
content, and the figures go to the section "After a WordPress import" of
docs/benchmarks.md, leaving the rest of it as it is.

The last run kills the site's Redis a third of the way through: the row's
error count shows whether any request failed while the cache was gone.
"""

import os
import platform
import re
import runpy
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/liv_perf_bench"
)
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/6")
PORT = int(os.environ.get("BENCH_PORT", "8201"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
WORDPRESS_POSTS = int(os.environ.get("BENCH_WORDPRESS_POSTS", "0"))
# A word the content has: the seed article's topic, or the generated
# WordPress posts' (wordpress/bench.py).
SEARCH_QUERY = "thirst" if WORDPRESS_POSTS else "asthma"
WORDPRESS_SECTION = "## After a WordPress import"
WARM_UP_SECONDS = 2

SITE_ENV = {
    "DATABASE_URL": DATABASE_URL,
    "CACHE_URL": CACHE_URL,
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-key-not-secret-0123456789abcdefghijklmnopqrst",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    # wrk speaks plain HTTP to the app, as a TLS-terminating proxy would.
    "SECURE_SSL_REDIRECT": "0",
    "ACCESS_LOG": "0",
    "LOG_LEVEL": "WARNING",
    # wrk is one client asking for thousands of searches a second.
    "SEARCH_RATE_LIMIT": "0",
}


def run(*args, env=None):
    subprocess.run(args, check=True, cwd=ROOT, env={**os.environ, **(env or {})})


def prepare_database():
    url = urlparse(DATABASE_URL)
    name = url.path.lstrip("/")
    pg = ["-h", url.hostname or "127.0.0.1", "-p", str(url.port or 5432)]
    pg += ["-U", url.username or "postgres"]
    run("dropdb", "--if-exists", *pg, name)
    run("createdb", *pg, name)
    run(PY, "manage.py", "migrate", "--no-input", "-v0", env=SITE_ENV)
    started = time.monotonic()
    if WORDPRESS_POSTS:
        run(
            PY,
            "manage.py",
            "bench_wordpress_import",
            f"--posts={WORDPRESS_POSTS}",
            env=SITE_ENV,
        )
    else:
        run(PY, "manage.py", "generate_bench_content", env=SITE_ENV)
    print(f"content generated in {time.monotonic() - started:.0f} s")
    run(PY, "manage.py", "collectstatic", "--no-input", "-v0", env=SITE_ENV)


def first_article_url():
    out = subprocess.run(
        [
            PY,
            "manage.py",
            "shell",
            "-c",
            "from articles.models import Article;"
            "print(Article.objects.published().filter(language='en')"
            ".order_by('pk').last().get_absolute_url())",
        ],
        cwd=ROOT,
        env={**os.environ, **SITE_ENV},
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip().splitlines()[-1]


class Server:
    def __init__(self, app, **env):
        self.app, self.env = app, {**SITE_ENV, **env, "BIND": f"127.0.0.1:{PORT}"}

    def __enter__(self):
        self.process = subprocess.Popen(
            [GUNICORN, "-c", "gunicorn.conf.py", self.app],
            cwd=ROOT,
            env={**os.environ, **self.env},
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2)
                return self
            except urllib.error.HTTPError:
                return self  # answering (the ceiling app has no /healthz)
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def wrk(path, when_started=None):
    """wrk's figures for ``path``, after a warm-up: the page stored, and
    every worker past its first requests (templates loaded, statements
    prepared, connections open), which would otherwise land in the p99."""
    url = f"http://127.0.0.1:{PORT}{path}"
    urllib.request.urlopen(urllib.request.Request(url), timeout=30).read()
    _run_wrk(url, WARM_UP_SECONDS)
    if when_started:
        when_started()
    out = _run_wrk(url, SECONDS)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
    p50, p99 = _ms(out, "50"), _ms(out, "99")
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(match[1])
    if match := re.search(r"Socket errors: (.*)", out):
        errors += sum(int(n) for n in re.findall(r"\d+", match[1]))
    return {"rps": rps, "p50": p50, "p99": p99, "errors": errors}


def _run_wrk(url, seconds):
    return subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s"]
        + ["--latency"]
        + ["-H", "Accept-Encoding: gzip, br", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def with_redis_killed_midway(path):
    """wrk against ``path`` on a site whose Redis (a private redis-server
    started here, never the shared one) is killed a third of the way in:
    requests must keep succeeding, uncached."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    redis = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1"]
        + ["--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        with Server("liv_site.wsgi", CACHE_URL=f"redis://127.0.0.1:{port}/0"):
            killer = threading.Timer(SECONDS / 3, redis.kill)
            result = wrk(path, when_started=killer.start)
            killer.cancel()
    finally:
        redis.kill()
        redis.wait(timeout=10)
    return result


def wait_for_port(port, timeout=10):
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _ms(out, percentile):
    match = re.search(rf"^\s*{percentile}%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)
    if match is None:
        print(out, file=sys.stderr)
        return float("nan")
    value, unit = match.groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def other_sections(report):
    """The report's "## " sections, which other benchmarks write (such as
    `make bench-newsletter`'s): kept as they are."""
    text = report.read_text(encoding="utf-8") if report.exists() else ""
    start = text.find("\n## ")
    return text[start:] if start >= 0 else ""


def write_wordpress_section(report, table, workers):
    """The figures of a site filled by the WordPress import, in their own
    section of the report (replaced on the next such run)."""
    text = report.read_text(encoding="utf-8")
    section = (
        f"{WORDPRESS_SECTION}\n\n"
        "Written by `BENCH_WORDPRESS_POSTS=N make bench`: the same pages "
        f"on a site holding {WORDPRESS_POSTS:,} posts imported from a "
        "generated WordPress export in five languages, 40 topics "
        "(`manage.py bench_wordpress_import`, see "
        "[wordpress-import.md](wordpress-import.md)), instead of the "
        "generated content above. The generated posts share their text, so "
        f"the search (for “{SEARCH_QUERY}”) matches every post of its "
        "language: its hardest case.\n\n"
        f"- When: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n"
        f"- Machine: {machine()}\n"
        f"- Server and load: as above ({workers} sync workers; wrk, "
        f"{CONNECTIONS} connections, {SECONDS} s per page)\n\n"
        f"{table}\n"
    )
    start = text.find(f"\n{WORDPRESS_SECTION}\n")
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + 1)
        text = text[: start + 1] + section + (text[end:] if end >= 0 else "")
    report.write_text(text, encoding="utf-8")


def machine():
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0]
    return (
        f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}; "
        f"load average {load:.1f} when the run ended (other jobs share it)"
    )


def main():
    prepare_database()
    article = first_article_url()
    results = {}
    with Server("bench.ceiling:application"):
        results["ceiling (bare Django view)"] = wrk("/")
    with Server("liv_site.wsgi"):
        results["article, cached"] = wrk(article)
        results["article list (cached)"] = wrk("/en/articles/")
        results["FAQ page (cached)"] = wrk("/en/faq/")
        results["search (never cached)"] = wrk(f"/en/search/?q={SEARCH_QUERY}")
        results["sitemap (cached)"] = wrk("/sitemap.xml")
    with Server("liv_site.wsgi", PAGE_CACHE_ENABLED="0"):
        results["article, uncached"] = wrk(article)
    results["article, Redis killed after a third"] = with_redis_killed_midway(article)
    ceiling = results["ceiling (bare Django view)"]["rps"]
    rows = [
        f"| {name} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | "
        f"{r['rps'] / ceiling:.3f} | {r['errors']} |"
        for name, r in results.items()
    ]
    table = "\n".join(
        [
            "| page | req/s | p50 ms | p99 ms | ratio to ceiling | errors |",
            "|---|---:|---:|---:|---:|---:|",
            *rows,
        ]
    )
    print(table)
    workers = runpy.run_path(str(ROOT / "gunicorn.conf.py"))["workers"]
    report = ROOT / "docs" / "benchmarks.md"
    if WORDPRESS_POSTS:
        write_wordpress_section(report, table, workers)
        print(f"written to {report.relative_to(ROOT)}, {WORDPRESS_SECTION[3:]!r}")
        return
    report.write_text(
        "# Benchmarks\n\n"
        "Written by `make bench` (scripts/bench.py); run it again to refresh.\n\n"
        f"- When: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n"
        f"- Machine: {machine()}\n"
        f"- Server: `make serve`'s gunicorn, {workers} sync workers, Redis "
        "cache, PostgreSQL on the same machine\n"
        f"- Load: wrk, {CONNECTIONS} connections, 2 threads, {SECONDS} s per "
        f"page after {WARM_UP_SECONDS} s of warm-up, `Accept-Encoding: gzip, "
        "br`, from a second process on the same machine (so the load tool "
        "takes CPU from the server)\n"
        "- Content: 2,000 articles in 5 languages shaped like the seed "
        "article, 400 FAQ entries, 300 citations "
        "(`manage.py generate_bench_content`)\n\n"
        f"{table}\n\n"
        "The ratio to the ceiling (a Django view returning a fixed string, "
        "no middleware, same server: `bench/ceiling.py`) is what "
        "compares across machines. Against Wagtail's demo site on the same "
        "machine: [wagtail-comparison.md](wagtail-comparison.md).\n"
        + other_sections(report),
        encoding="utf-8",
    )
    print(f"written to {report.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
