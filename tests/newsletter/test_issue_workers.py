"""Real worker processes (``manage.py db_worker``) sending to a real SMTP
server: one killed mid-send and started again mails nobody twice."""

import collections
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from newsletter import delivery
from newsletter.models import Delivery, NewsletterIssue
from tests.workers import worker_env

from .issue_helpers import approved_issue, confirmed

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


def start_worker(smtp_port):
    env = worker_env(
        smtp_port,
        # Slow enough to be caught mid-send.
        NEWSLETTER_MAX_PER_SECOND="60",
        NEWSLETTER_BATCH_SIZE="20",
    )
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--queue-name", "newsletter"]
        + ["--interval", "0.2", "--no-startup-delay", "--no-reload", "-v", "0"],
        cwd=ROOT,
        env=env,
    )


def wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


def test_a_worker_killed_mid_send_resumes_and_mails_nobody_twice(smtp_server):
    readers = confirmed(240)
    issue = approved_issue()
    delivery.start_sending(issue.pk)
    worker = start_worker(smtp_server.port)
    try:
        wait_for(lambda: len(smtp_server.inbox.messages) >= 60, 30)
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        received_before = len(smtp_server.inbox.messages)
        assert received_before < 240

        call_command("send_newsletters", verbosity=0)
        worker = start_worker(smtp_server.port)
        wait_for(
            lambda: (
                NewsletterIssue.objects.get(pk=issue.pk).state
                == NewsletterIssue.State.SENT
            ),
            60,
        )
    finally:
        worker.kill()
        worker.wait(10)

    per_address = collections.Counter(m["To"] for m in smtp_server.inbox.messages)
    assert max(per_address.values()) == 1
    sent = set(
        Delivery.objects.filter(status=Delivery.Status.SENT).values_list(
            "subscriber__email", flat=True
        )
    )
    in_doubt = list(
        Delivery.objects.filter(error=delivery.IN_DOUBT).values_list(
            "subscriber__email", flat=True
        )
    )
    # At most the message in flight when the worker died is in doubt; it
    # may or may not have reached the server, and is never sent again.
    assert len(in_doubt) <= 1
    assert sent <= set(per_address) <= sent | set(in_doubt)
    assert len(sent) + len(in_doubt) == len(readers)
