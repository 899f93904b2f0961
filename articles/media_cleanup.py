"""Uploads that nothing names any more, for `manage.py prune_media`.

Saving an article never deletes an image it stopped using: earlier versions
in the history may still name it, and restoring one must find its images
where they were. So unused uploads pile up in the media storage, still
readable at their addresses. An object is *unused* when no row of the
project's models (articles and their working copies, authors, FAQ
answers…) and no saved version names it, and its WebP renditions go with
their source. Objects stored in the last days are left alone, since an
image dropped into the editor is stored before its article is saved.
"""

import datetime
import json
import re
from dataclasses import dataclass
from urllib.parse import unquote

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone
from reversion.models import Version

from core.uploads import CKEDITOR_UPLOAD_FOLDER
from faq.models import FaqEntry

from .body.images import rendition_name
from .models import Article, Author, ReviewEvent
from .models.columns import HERO_IMAGE_FIELDS

RENDITIONS_FOLDER = "renditions/"
UPLOAD_FOLDERS = ("articles/hero/", CKEDITOR_UPLOAD_FOLDER, "authors/")
FOLDERS = (*UPLOAD_FOLDERS, RENDITIONS_FOLDER)
# What an article without its hero image has in the hero's fields.
NO_HERO = {
    name: Article._meta.get_field(name).get_default() for name in HERO_IMAGE_FIELDS
}
# Stored names are random hex (uploads) or derived from them (renditions).
NAME_RE = re.compile(
    "(?:" + "|".join(re.escape(folder) for folder in FOLDERS) + r")[\w.-]+"
)
PROJECT_APPS = ("articles", "faq", "references", "newsletter")
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.FileField)


def unused_objects(older_than=datetime.timedelta(days=2)):
    """Names of stored objects that nothing names, stored before
    ``older_than`` ago."""
    named = named_objects()
    kept_renditions = {_rendition_prefix(name) for name in named}
    cutoff = timezone.now() - older_than
    unused = []
    for name in stored_objects():
        if name in named:
            continue
        if name.startswith(RENDITIONS_FOLDER) and any(
            name.startswith(prefix) for prefix in kept_renditions
        ):
            continue
        if default_storage.get_modified_time(name) > cutoff:
            continue
        unused.append(name)
    return unused


def named_objects():
    """Every media name found in the project's rows and in the history."""
    names = set()
    for text in _texts():
        names.update(NAME_RE.findall(unquote(text)))
    return names


def stored_objects(folders=FOLDERS):
    for folder in folders:
        yield from _walk(folder.rstrip("/"))


def _walk(folder):
    try:
        directories, files = default_storage.listdir(folder)
    except FileNotFoundError:  # on disk, before the first upload
        return
    for file in files:
        yield f"{folder}/{file}"
    for directory in directories:
        yield from _walk(f"{folder}/{directory}")


def _texts():
    for model in _project_models():
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, TEXT_FIELDS)
        ]
        if fields:
            rows = model._base_manager.values_list(*fields).iterator(chunk_size=200)
            for row in rows:
                yield from (str(value) for value in row if value)
    yield from Version.objects.values_list("serialized_data", flat=True).iterator(
        chunk_size=200
    )


def _project_models():
    for label in PROJECT_APPS:
        yield from apps.get_app_config(label).get_models()


def _rendition_prefix(source):
    """What the names of ``source``'s renditions start with, whatever
    their width."""
    name = rendition_name(source, 0)
    return name.removesuffix("0w.webp")


def delete(names):
    for name in names:
        default_storage.delete(name)


# Erasing one image everywhere -------------------------------------------


@dataclass
class Erased:
    articles: list
    versions: int
    files: list


@transaction.atomic
def erase_image(name, user, reason):
    """Take the stored image ``name`` out of every article (working copies
    included), author, FAQ answer and saved version, with the figure and caption
    around it, then delete it and its renditions: for a photo whose
    consent was withdrawn. Each article changed records ``reason`` in its
    history; its page and caches follow from the save."""
    changed = []
    for article in Article.objects.filter(
        models.Q(body__contains=name) | models.Q(hero_image=name)
    ):
        article.body = without_image(article.body, name)
        if article.hero_image.name == name:
            for field, empty in NO_HERO.items():
                setattr(article, field, empty)
        article.save()
        ReviewEvent.objects.create(
            article=article,
            user=user,
            action=ReviewEvent.Action.IMAGE_ERASED,
            comment=reason,
        )
        changed.append(article)
    for author in Author.objects.filter(photo=name):
        author.photo = ""
        author.save()
    for entry in FaqEntry.objects.filter(answer__contains=name):
        entry.answer = without_image(entry.answer, name)
        entry.save()
    versions = 0
    for version in Version.objects.filter(serialized_data__contains=name):
        version.serialized_data = _version_without_image(version.serialized_data, name)
        version.save(update_fields=["serialized_data"])
        versions += 1
    files = [name, *_renditions_of(name)]
    transaction.on_commit(lambda: delete(files))
    return Erased(articles=changed, versions=versions, files=files)


def source_of(name):
    """The uploaded image ``name`` stands for (itself, or the source of a
    rendition), if it is one that is stored; else None."""
    if not NAME_RE.fullmatch(name):
        return None
    if name.startswith(RENDITIONS_FOLDER):
        sources = stored_objects(UPLOAD_FOLDERS)
        return next((s for s in sources if name.startswith(_rendition_prefix(s))), None)
    return name if default_storage.exists(name) else None


def without_image(html, name):
    """``html`` without the images that show ``name``: a figure holding
    one goes whole, with its caption."""
    html = _figure_re(name).sub("", html)
    return _img_re(name).sub("", html)


def _figure_re(name):
    return re.compile(
        r"<figure\b(?:(?!</figure>).)*?" + re.escape(name) + r".*?</figure>",
        re.DOTALL,
    )


def _img_re(name):
    return re.compile(r"<img\b[^>]*" + re.escape(name) + r"[^>]*>")


def _version_without_image(serialized_data, name):
    objects = json.loads(serialized_data)
    for saved in objects:
        fields = saved.get("fields", {})
        if fields.get("hero_image") == name:
            fields.update(NO_HERO)
        for field, value in fields.items():
            if isinstance(value, str) and name in value:
                fields[field] = without_image(value, name)
    return json.dumps(objects)


def _renditions_of(name):
    prefix = _rendition_prefix(name)
    return [
        stored
        for stored in stored_objects([RENDITIONS_FOLDER])
        if stored.startswith(prefix)
    ]
