"""Every page type is valid HTML according to the Nu Html Checker."""

import json
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import DEMO_SLUGS
from tests.factories import ArticleFactory

VNU = Path(__file__).resolve().parents[2] / "node_modules/vnu-jar/build/dist/vnu.jar"
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
    "/en/articles/no-such-page/",
    "/en/privacy/",
    "/en/imprint/",
    "/en/medical-disclaimer/",
    "/ar/",
    f"/ar/articles/{DEMO_SLUGS['ar']}/",
    f"/tr/articles/{DEMO_SLUGS['tr']}/",
    "/ru/faq/",
]


@pytest.mark.django_db
def test_every_page_type_validates(client, tmp_path):
    call_command("load_demo", verbosity=0)
    ArticleFactory(title="A second article", featured=True)
    files = []
    for number, path in enumerate(PAGES):
        page = tmp_path / f"page-{number}.html"
        page.write_bytes(client.get(path).content)
        files.append(str(page))

    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--exit-zero-always", *files],
        capture_output=True,
        text=True,
        timeout=120,
    )

    messages = json.loads(result.stderr)["messages"]
    errors = [
        f"{PAGES[files.index(m['url'].removeprefix('file:'))]}: {m['message']} "
        f"(line {m.get('lastLine')})"
        for m in messages
        if m["type"] == "error"
    ]
    assert errors == []
