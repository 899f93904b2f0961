"""Two gunicorn instances sharing one PostgreSQL and one Redis: an edit
saved by one process is served by the other at once (`make cluster-smoke`)."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import unused_port
from tests.factories import ArticleFactory

ROOT = Path(__file__).resolve().parents[2]


def _instance_env():
    db = connection.settings_dict
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CACHE_URL": settings.CACHES["default"]["LOCATION"],
        "ACCESS_LOG": "0",
        "WEB_CONCURRENCY": "1",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
    }


def _get(port, path):
    # Behind a load balancer every instance is asked for the same host.
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Host": "localhost"}
    )
    with urllib.request.urlopen(request, timeout=10) as r:
        return r.headers.get("X-Page-Cache"), r.read().decode()


def _wait(port, deadline):
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn on {port} did not start")


@pytest.mark.django_db(transaction=True)
def test_an_edit_through_one_instance_is_served_by_the_other_at_once():
    article = ArticleFactory(title="Cluster title before")
    url = article.get_absolute_url()
    env = _instance_env()
    ports = [unused_port(), unused_port()]
    instances = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "gunicorn.conf.py",
                "liv_site.wsgi",
            ],
            cwd=ROOT,
            env={**env, "BIND": f"127.0.0.1:{port}"},
        )
        for port in ports
    ]
    try:
        deadline = time.monotonic() + 30
        for port in ports:
            _wait(port, deadline)
        first, second = ports
        _get(first, url)
        state, page = _get(second, url)
        assert state == "hit" and "Cluster title before" in page
        # The edit, saved by a process of its own as an editor's request
        # on the first instance would be.
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "shell",
                "-c",
                "from articles.models import Article;"
                f"a = Article.objects.get(pk={article.pk});"
                "a.title = 'Cluster title after'; a.save()",
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )
        state, page = _get(second, url)
        assert state == "miss" and "Cluster title after" in page
        # ... and the page it rendered is the one the first instance serves.
        state, page = _get(first, url)
        assert state == "hit" and "Cluster title after" in page
    finally:
        for instance in instances:
            instance.terminate()
        for instance in instances:
            instance.wait(timeout=20)
