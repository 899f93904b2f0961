"""`make bench-newsletter`: one digest issue sent to N subscribers by two
real `db_worker` processes through a real SMTP server (aiosmtpd, in a
process of its own that only counts recipients).

In its own PostgreSQL database (dropped and created again): N confirmed
Turkish subscribers (one INSERT ... SELECT generate_series), the demo
articles, a digest made by `make_digest`'s function, approved by a
second person and sent through the admin's "Send now". Prints messages
per second (first to last message the server accepted), the total time
and each worker's peak memory (VmHWM), and checks that every subscriber
got exactly one message and nobody else got any.

    .venv/bin/python scripts/bench_newsletter.py --subscribers 100000

Environment: BENCH_NEWSLETTER_DATABASE_URL (default liv_newsletter_bench
on 127.0.0.1), BENCH_CACHE_URL (default Redis database 6).
"""

import argparse
import collections
import datetime
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
DATABASE_URL = os.environ.get(
    "BENCH_NEWSLETTER_DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/liv_newsletter_bench",
)
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/6")
LANGUAGE = "tr"
WORKERS = 2
TIMEOUT_SECONDS = 3600


def site_env(smtp_port):
    return {
        "DATABASE_URL": DATABASE_URL,
        "CACHE_URL": CACHE_URL,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-key-not-secret-0123456789abcdefghijklmnopqrst",
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "REQUIRE_2FA_FOR_SITE_ADMINS": "0",
        "SITE_URL": "https://health.example.org",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "LOG_LEVEL": "WARNING",
    }


# The SMTP sink (run as `bench_newsletter.py --sink PORT FILE`) ---------------


class CountingHandler:
    """Counts the recipients of each accepted message; the message itself
    is not parsed, so the sink stays faster than the senders."""

    def __init__(self):
        self.counts = collections.Counter()
        self.first = self.last = None

    async def handle_DATA(self, server, session, envelope):
        now = time.time()
        self.first = self.first or now
        self.last = now
        self.counts.update(envelope.rcpt_tos)
        return "250 OK"


def run_sink(port, out_file):
    from aiosmtpd.controller import Controller

    # Blocked before the server's thread starts, so that sigwait, not
    # the default action, gets them.
    signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGTERM, signal.SIGINT])
    handler = CountingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    signal.sigwait([signal.SIGTERM, signal.SIGINT])
    controller.stop()
    Path(out_file).write_text(
        json.dumps(
            {"first": handler.first, "last": handler.last, "counts": handler.counts}
        )
    )


# The benchmark ---------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port}")


def recreate_database():
    url = urlparse(DATABASE_URL)
    pg = ["-h", url.hostname or "127.0.0.1", "-p", str(url.port or 5432)]
    pg += ["-U", url.username or "postgres"]
    name = url.path.lstrip("/")
    subprocess.run(["dropdb", "--if-exists", *pg, name], check=True)
    subprocess.run(["createdb", *pg, name], check=True)


def setup_django(env):
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liv_site.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def add_recent_articles(Article, count):
    """``count`` copies of the demo's Turkish article, published an hour
    ago (the demo's dates are older than a first digest's week)."""
    from django.utils import timezone

    demo = Article.objects.filter(language=LANGUAGE).first()
    for number in range(1, count + 1):
        copy = Article.objects.get(pk=demo.pk)
        copy.pk = copy.id = None
        copy.translation_group = uuid.uuid4()
        copy.slug = f"{demo.slug}-{number}"
        copy.title = f"{demo.title} ({number})"
        copy.published_at = timezone.now() - datetime.timedelta(hours=number)
        copy.save()


def fill_database(subscribers):
    """Migrate, the demo articles, N confirmed subscribers, two staff
    members; returns the digest issue (a draft written by the first)."""
    from django.core.management import call_command
    from django.db import connection

    from articles.models import Article
    from newsletter.consent import CONSENT_VERSION
    from newsletter.digest import make_digest
    from newsletter.models import Subscriber

    call_command("migrate", verbosity=0)
    call_command("setup_roles", verbosity=0)  # as `make release` does
    call_command("load_demo", verbosity=0)
    add_recent_articles(Article, 3)
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Subscriber._meta.db_table} (email, language, status,"
            " consent_version, consented_at, source_path, created_at,"
            " confirmed_at, confirmation_sent_at, send_attempts, last_error)"
            " SELECT 'reader' || n || '@example.com', %s, %s, %s, now(),"
            " '/tr/', now(), now(), now(), 0, ''"
            " FROM generate_series(1, %s) n",
            [LANGUAGE, Subscriber.Status.CONFIRMED, CONSENT_VERSION, subscribers],
        )
        cursor.execute(f"ANALYZE {Subscriber._meta.db_table}")
    print(f"{subscribers} subscribers inserted in {time.monotonic() - started:.1f} s")
    result = make_digest(LANGUAGE)
    if result.issue is None:
        raise RuntimeError(f"no digest made: {result.note}")
    print(f"digest {result.issue.pk}: {result.issue.articles.count()} articles")
    return result.issue


def staff(username):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from articles.workflow.roles import SITE_ADMIN

    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", None, is_staff=True
    )
    user.groups.add(Group.objects.get(name=SITE_ADMIN))
    client = Client()
    client.force_login(user)
    return user, client


def approve_and_send(issue):
    """As in the admin: the writer can't approve, a second person can;
    then "Send now" (the admin's POST)."""
    from django.urls import reverse

    from newsletter.models import NewsletterIssue

    writer, writer_client = staff("writer")
    NewsletterIssue.objects.filter(pk=issue.pk).update(created_by=writer)
    _approver, approver_client = staff("approver")
    act = reverse("admin:issue_act", args=[issue.pk])
    approver_client.post(act, {"action": "approve"})
    issue.refresh_from_db()
    assert issue.state == NewsletterIssue.State.APPROVED, issue.state
    started = time.time()
    response = writer_client.post(act, {"action": "send"})
    assert response.status_code == 302, response.status_code
    issue.refresh_from_db()
    assert issue.state == NewsletterIssue.State.SENDING, issue.state
    return started


def memory_kb(pid, field):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def wait_until_sent(issue, workers):
    from newsletter import progress
    from newsletter.models import NewsletterIssue

    peak = {worker.pid: 0 for worker in workers}
    deadline = time.monotonic() + TIMEOUT_SECONDS
    shown = 0.0
    while time.monotonic() < deadline:
        for worker in workers:
            if worker.poll() is not None:
                raise RuntimeError(f"worker {worker.pid} stopped")
            peak[worker.pid] = memory_kb(worker.pid, "VmHWM")
        issue.refresh_from_db()
        if issue.state == NewsletterIssue.State.SENT:
            return time.time(), progress.counts(issue), peak
        if time.monotonic() - shown > 10:
            print(progress.progress_line(issue), flush=True)
            shown = time.monotonic()
        time.sleep(0.5)
    raise RuntimeError("the issue was not sent in time")


def start_workers(env):
    return [
        subprocess.Popen(
            [PY, "manage.py", "db_worker", "--queue-name", "newsletter"],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
        )
        for _ in range(WORKERS)
    ]


def stop(processes):
    for process in processes:
        process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def check_every_subscriber_once(sink, subscribers):
    expected = {f"reader{n}@example.com" for n in range(1, subscribers + 1)}
    counts = sink["counts"]
    twice = [address for address, n in counts.items() if n != 1]
    missing = expected - counts.keys()
    strangers = counts.keys() - expected
    assert not (twice or missing or strangers), (
        f"{len(twice)} got more than one, {len(missing)} got none, "
        f"{len(strangers)} unexpected recipients"
    )


def bench(subscribers):
    smtp_port = free_port()
    env = site_env(smtp_port)
    recreate_database()
    setup_django(env)
    issue = fill_database(subscribers)
    sink_file = Path(tempfile.mkdtemp()) / "sink.json"
    sink = subprocess.Popen(
        [PY, __file__, "--sink", str(smtp_port), str(sink_file)], cwd=ROOT
    )
    wait_for_port(smtp_port)
    workers = start_workers(env)
    try:
        started = approve_and_send(issue)
        finished, counts, peak = wait_until_sent(issue, workers)
        for worker in workers:  # the last word, just before stopping
            peak[worker.pid] = memory_kb(worker.pid, "VmHWM")
    finally:
        stop(workers)
        stop([sink])
    accepted = json.loads(sink_file.read_text())
    check_every_subscriber_once(accepted, subscribers)
    assert counts["sent"] == subscribers, counts
    span = accepted["last"] - accepted["first"]
    print(
        f"\n{subscribers} subscribers, {WORKERS} workers: "
        f"{subscribers / span:.0f} messages/s "
        f"({span:.1f} s from first to last accepted message), "
        f"{finished - started:.1f} s from Send now to sent; "
        "peak RSS per worker: "
        + ", ".join(f"{kb / 1024:.0f} MB" for kb in peak.values())
        + "; every subscriber got exactly one message."
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--sink", nargs=2, metavar=("PORT", "FILE"))
    args = parser.parse_args()
    if args.sink:
        run_sink(int(args.sink[0]), args.sink[1])
    else:
        bench(args.subscribers)


if __name__ == "__main__":
    main()
