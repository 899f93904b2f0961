"""Two gunicorn instances sharing one PostgreSQL and one Redis: an edit
saved by one process is served by the other at once (`make cluster-smoke`)."""

import contextlib
import subprocess
import sys

import pytest

from tests.factories import ArticleFactory
from tests.live_gunicorn import ROOT, gunicorn, site_env


def page(instance, path):
    # Behind a load balancer every instance is asked for the same host.
    response = instance.response(path, headers={"Host": "localhost"})
    return response.headers.get("X-Page-Cache"), response.read().decode()


@pytest.mark.django_db(transaction=True)
def test_an_edit_through_one_instance_is_served_by_the_other_at_once(tmp_path):
    article = ArticleFactory(title="Cluster title before")
    url = article.get_absolute_url()
    with contextlib.ExitStack() as stack:
        first, second = (
            stack.enter_context(gunicorn(tmp_path / name, ACCESS_LOG="0"))
            for name in ("first", "second")
        )
        page(first, url)
        state, text = page(second, url)
        assert state == "hit" and "Cluster title before" in text
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
            env=site_env(),
            check=True,
        )
        state, text = page(second, url)
        assert state == "miss" and "Cluster title after" in text
        # ... and the page it rendered is the one the first instance serves.
        state, text = page(first, url)
        assert state == "hit" and "Cluster title after" in text
