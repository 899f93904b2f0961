"""Staff, articles and the notifications queue's worker, for the inbox
tests. The editorial roles and their users are those of the articles
tests."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.db import transaction
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from articles import workflow
from inbox.delivery import QUEUE
from inbox.models import Preference
from tests.articles.conftest import (  # noqa: F401
    other_reviewer,
    publisher,
    reviewer,
    roles,
    site_admin,
    writer,
)
from tests.factories import ArticleFactory
from tests.workers import worker_env

ROOT = Path(__file__).resolve().parents[2]


def choose(user, delivery="each", language="en", categories=()):
    """Save ``user``'s notification settings."""
    preference, _ = Preference.objects.update_or_create(
        user=user, defaults={"delivery": delivery, "language": language}
    )
    preference.categories.set(categories)
    return preference


def draft_by(user, **fields):
    fields = {"created_by": user, "last_edited_by": user, **fields}
    return ArticleFactory(draft=True, medical_reviewer=None, **fields)


def submitted_by(user, **fields):
    """A draft of ``user``'s, submitted for review (outside any test
    transaction's commit: callers run the notifications as they need)."""
    article = draft_by(user, **fields)
    workflow.submit(article, user)
    return article


def run_queue():
    """Run the notifications queue's tasks due now in this process (and its
    test transaction), as django-tasks-db's worker does: its ``run`` loop
    also recycles the database connection, which a test can't survive."""
    worker = Worker(
        queue_names=[QUEUE],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="inbox-tests",
        excluded_queue_names=[],
    )
    while True:
        with transaction.atomic():
            ready = DBTaskResult.objects.ready().filter(queue_name=QUEUE)
            result = ready.get_locked()
            if result is None:
                return
            result.claim(worker.worker_id)
        worker.run_task(result)


def run_worker_process(smtp_port):
    """``manage.py db_worker`` on the notifications queue, as production
    runs it, until the tasks due now are done. Needs committed data:
    ``django_db(transaction=True)``."""
    env = worker_env(smtp_port)
    finished = subprocess.run(
        [sys.executable, "manage.py", "db_worker"]
        + ["--queue-name", "newsletter,notifications", "--batch"]
        + ["--interval", "0", "--no-startup-delay", "--no-reload", "-v", "0"],
        cwd=ROOT,
        env=env,
        timeout=120,
        capture_output=True,
        text=True,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr


@pytest.fixture
def steps(django_capture_on_commit_callbacks):
    """Run a workflow step as a request does: its transaction commits, so
    the step's signal is sent."""

    def run(step, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return step(*args, **kwargs)

    return run


def text_of(message):
    body = message.get_body(preferencelist=("plain",)).get_content()
    return body.replace("\r\n", "\n")
