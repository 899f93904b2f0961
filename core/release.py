"""The release a process runs: a digest of the sources that shape what
visitors are sent (Python, templates, compiled translations, static files
and the pinned requirements) and of the addresses stored pages link their
media and static files under, worked out once per process. A deploy that
changes any of them changes it.

The translations counted are the .mo catalogs gettext loads, not the .po
files they are compiled from (at release, ``make release``/``make serve``):
compiling new translations is what changes the pages, so it is what
changes the digest.

Stored content sections and cards are stamped with it (``articles.content``,
``articles.cards``), and the page cache keys its entries with it
(the page cache): pages rendered by one release are never served
by the next, not even while old and new instances run side by side in a
rolling deploy, when a page could otherwise name static files that the
new instances don't have.
"""

import hashlib
from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings

# (folder, pattern), searched recursively under the project, besides the
# Python code of its own apps.
SOURCES = (
    ("templates", "*.html"),
    ("templates", "*.txt"),
    ("locale", "*.mo"),
    ("static", "*.*"),
)
FILES = ("requirements.txt",)
LINKED_ADDRESSES = ("MEDIA_URL", "STATIC_URL")


@cache
def current():
    digest = hashlib.sha256()
    folders = [(folder, "*.py") for folder in _project_packages()]
    paths = [
        path
        for folder, pattern in [*folders, *SOURCES]
        for path in (settings.BASE_DIR / folder).rglob(pattern)
    ]
    paths += [settings.BASE_DIR / name for name in FILES]
    for path in sorted(set(paths)):
        if path.is_file():
            digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
            digest.update(path.read_bytes())
    # Where stored pages link their images and static files (moving the
    # media to a bucket is a change of settings, not of code).
    for url in LINKED_ADDRESSES:
        digest.update(str(getattr(settings, url)).encode())
    return digest.hexdigest()[:32]


def _project_packages():
    """The folders of the project's own apps and of its configuration
    package (not those of installed libraries: requirements.txt covers
    them)."""
    packages = {settings.ROOT_URLCONF.partition(".")[0]}
    for app in apps.get_app_configs():
        if not {"site-packages", "dist-packages"} & set(Path(app.path).parts):
            packages.add(app.name.partition(".")[0])
    return sorted(packages)
