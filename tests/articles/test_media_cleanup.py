"""`manage.py prune_media` on the file system (the bucket: in
tests/core/test_media_storage.py)."""

import io
import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from tests.factories import AuthorFactory

pytestmark = pytest.mark.django_db


def prune(*args):
    out = io.StringIO()
    call_command("prune_media", *args, stdout=out)
    return out.getvalue()


def stored(name, days_old):
    name = default_storage.save(name, ContentFile(b"image bytes"))
    then = time.time() - days_old * 86400
    os.utime(default_storage.path(name), (then, then))
    return name


def test_old_unnamed_files_go_and_named_or_recent_ones_stay(media_root):
    AuthorFactory(photo=stored("authors/named.png", days_old=30))
    orphan = stored("authors/orphan.png", days_old=30)
    recent = stored("articles/body/just-dropped.png", days_old=0)

    listed = prune()
    assert orphan in listed and "1 unused media objects" in listed
    assert default_storage.exists(orphan)

    prune("--delete")

    assert not default_storage.exists(orphan)
    assert default_storage.exists("authors/named.png")
    assert default_storage.exists(recent)


def test_nothing_uploaded_yet_is_nothing_to_prune(media_root):
    assert "0 unused media objects" in prune()


def test_a_negative_age_is_refused_before_anything_is_deleted(media_root):
    orphan = stored("authors/orphan.png", days_old=0)
    with pytest.raises(CommandError, match="0 or more"):
        prune("--older-than-days=-1", "--delete")
    assert default_storage.exists(orphan)
