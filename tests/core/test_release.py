"""The release digest (core/release.py): what a deploy changes, it
changes; what it doesn't, it doesn't."""

import pytest

from core import release


@pytest.fixture
def project(settings, tmp_path):
    for name, text in {
        "articles/models.py": "class Article: ...",
        "core/origin.py": "def origin(request): ...",
        "liv_site/settings.py": "DEBUG = False",
        "templates/base.html": "<html>{% block content %}{% endblock %}</html>",
        "locale/tr/LC_MESSAGES/django.po": 'msgid "Search"\nmsgstr "Ara"',
        "locale/tr/LC_MESSAGES/django.mo": "compiled catalog",
        "static/css/site.css": "body { color: #222; }",
        "requirements.txt": "Django==5.2.19",
        "README.md": "Notes",
    }.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    settings.BASE_DIR = tmp_path
    release.current.cache_clear()
    yield tmp_path
    release.current.cache_clear()


def digest_after(project, name, text):
    (project / name).write_text(text)
    release.current.cache_clear()
    return release.current()


@pytest.mark.parametrize(
    "name",
    [
        "articles/models.py",
        "core/origin.py",
        "liv_site/settings.py",
        "templates/base.html",
        "locale/tr/LC_MESSAGES/django.mo",
        "static/css/site.css",
        "requirements.txt",
    ],
)
def test_changing_what_a_page_is_made_from_changes_the_release(project, name):
    before = release.current()
    assert digest_after(project, name, "changed") != before


@pytest.mark.parametrize(
    "setting, value",
    [("MEDIA_URL", "https://media.example.org/"), ("STATIC_URL", "/assets/")],
)
def test_moving_media_or_static_files_changes_the_release(
    project, settings, setting, value
):
    """Stored sections and cards link images under the media address."""
    before = release.current()
    setattr(settings, setting, value)
    release.current.cache_clear()
    assert release.current() != before


def test_other_files_leave_it_alone(project):
    before = release.current()
    assert digest_after(project, "README.md", "Other notes") == before
    assert release.current() == before  # and it is the same on every call
