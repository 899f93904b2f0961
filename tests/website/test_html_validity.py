"""Every page type is valid HTML according to the Nu Html Checker, and is
the page we meant to check: a 404 or 500 page is valid HTML too."""

import json
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import DEMO_SLUGS
from tests.factories import ArticleFactory

NOT_FOUND = "/en/articles/no-such-page/"
VNU = Path(__file__).resolve().parents[2] / "node_modules/vnu-jar/build/dist/vnu.jar"
VNU_OPTIONS = ["--format", "json", "--verbose", "--exit-zero-always"]
PAGES = [
    "/en/",
    "/en/articles/",
    "/en/articles/category/diabetes-endocrinology/",
    "/en/articles/china-stem-cell-integrative-therapies-type-1-diabetes/",
    "/en/faq/",
    "/en/newsletter/",
    "/en/newsletter/thanks/",
    "/en/search/",
    "/en/search/?q=fasting",
    "/en/search/?q=insulin",
    "/en/search/?q=insullin",
    "/en/search/?q=zzzzqqq",
    NOT_FOUND,
    "/en/privacy/",
    "/en/imprint/",
    "/en/medical-disclaimer/",
    "/ar/",
    f"/ar/articles/{DEMO_SLUGS['ar']}/",
    f"/tr/articles/{DEMO_SLUGS['tr']}/",
    "/ru/faq/",
]
# The not-found page is checked on purpose; every other page must be found.
EXPECTED_STATUS = dict.fromkeys(PAGES, 200) | {NOT_FOUND: 404}
# Problems with the document itself, and ones that stopped the checker
# reading it (a file that can't be read).
FAILING_TYPES = {"error", "non-document-error"}


def run_checker(files):
    """The checker's messages, and the files it says it has read.

    ``--verbose`` lists each file it reads on stdout: a file it can't find
    is only a warning in its messages, and a file it skips is not mentioned
    at all, so the list is the one proof that every page was checked.
    """
    result = subprocess.run(
        ["java", "-jar", str(VNU), *VNU_OPTIONS, *files],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stderr)["messages"], result.stdout.splitlines()


@pytest.mark.django_db
def test_every_page_type_validates(client, tmp_path):
    call_command("load_demo", verbosity=0)
    ArticleFactory(title="A second article", featured=True)
    pages, wrong_status = {}, {}
    for number, path in enumerate(PAGES):
        response = client.get(path)
        if response.status_code != EXPECTED_STATUS[path]:
            wrong_status[path] = response.status_code
        page = tmp_path / f"page-{number}.html"
        page.write_bytes(response.content)
        pages[str(page)] = path
    assert wrong_status == {}

    messages, checked = run_checker(list(pages))

    unread = [path for file, path in pages.items() if file not in checked]
    assert unread == []
    errors = [
        f"{pages.get(m['url'].removeprefix('file:'), m['url'])}: {m['message']} "
        f"(line {m.get('lastLine')})"
        for m in messages
        if m["type"] in FAILING_TYPES
    ]
    assert errors == []
