"""Images of the old site, taken from a local copy of wp-content/uploads.

Every file goes through ``liv_site.uploads.clean_image``, as an editor's
upload would: decoded whatever it is called, EXIF (GPS positions) and
anything else but the pixels dropped, re-encoded under a random name. A
file is stored once per site (``ImportedMedia``), however many posts show
it and however often the export is imported.
"""

import re
import urllib.error
import urllib.request
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from liv_site.uploads import CKEDITOR_UPLOAD_FOLDER, clean_image

from .models import ImportedMedia

UPLOADS_PATH = "/wp-content/uploads/"
IMG_RE = re.compile(r"<img\b([^>]*?)/?>", re.I)
SRC_RE = re.compile(r'\bsrc\s*=\s*"([^"]*)"', re.I)
# WordPress's own responsive attributes: the site makes its own renditions.
RESPONSIVE_ATTRS_RE = re.compile(r'\s(?:srcset|sizes)\s*=\s*"[^"]*"', re.I)
# "photo-300x200.jpg" is a size WordPress made of "photo.jpg".
SIZED_RE = re.compile(r"-\d+x\d+(?=\.\w+$)")


FETCH_TIMEOUT_SECONDS = 15


class MissingImage(Exception):
    pass


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an error: only the one named host is ever read."""

    def redirect_request(self, *args, **kwargs):
        return None


class MediaLibrary:
    """The old site's uploads, from ``media_dir``, and then (only if the
    operator names it) fetched from ``fetch_from``, one host; with neither,
    images stay where they are and each post says so."""

    def __init__(self, media_dir, site_url, dry_run=False, fetch_from=None):
        self.media_dir = Path(media_dir).resolve() if media_dir else None
        self.fetch_from = (fetch_from or "").rstrip("/") or None
        self.site_url = site_url
        self.old_host = urlsplit(site_url).netloc
        self.dry_run = dry_run

    @property
    def has_source(self):
        return self.media_dir is not None or self.fetch_from is not None

    def upload_path(self, url):
        """The file's path inside wp-content/uploads, if ``url`` is one of
        the old site's uploads."""
        parts = urlsplit(url)
        if parts.netloc not in ("", self.old_host):
            return None
        path = unquote(parts.path)
        if UPLOADS_PATH not in path:
            return None
        return path.split(UPLOADS_PATH, 1)[1]

    def stored_url(self, relative):
        """The new address of the upload at ``relative``; raises
        ``MissingImage`` or ``ValidationError`` (not an image)."""
        return default_storage.url(self.stored_name(relative))

    def stored_name(self, relative):
        relative = self._original(relative)
        known = ImportedMedia.objects.filter(site_url=self.site_url, file=relative)
        name = known.values_list("stored_name", flat=True).first()
        if name and default_storage.exists(name):
            return name
        image = self._cleaned(relative)
        if self.dry_run:
            return CKEDITOR_UPLOAD_FOLDER + image.name
        name = default_storage.save(CKEDITOR_UPLOAD_FOLDER + image.name, image)
        ImportedMedia.objects.update_or_create(
            site_url=self.site_url, file=relative, defaults={"stored_name": name}
        )
        return name

    def _cleaned(self, relative):
        """The upload at ``relative``, through ``clean_image``."""
        try:
            path = self._open(relative)
        except MissingImage:
            if self.fetch_from is None:
                raise
            return clean_image(self._fetch(relative))
        with path.open("rb") as file:
            return clean_image(File(file, name=Path(relative).name))

    def _fetch(self, relative):
        if ".." in PurePosixPath(relative).parts:
            raise MissingImage(relative)
        url = f"{self.fetch_from}{UPLOADS_PATH}{quote(relative)}"
        opener = urllib.request.build_opener(_NoRedirects)
        try:
            with opener.open(url, timeout=FETCH_TIMEOUT_SECONDS) as response:
                # One byte over the limit is enough for clean_image to
                # refuse it as too large.
                data = response.read(settings.UPLOAD_MAX_BYTES + 1)
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise MissingImage(relative) from error
        return ContentFile(data, name=PurePosixPath(relative).name)

    def _original(self, relative):
        """The full-size file, where WordPress's resized copy is named."""
        original = SIZED_RE.sub("", relative)
        if original != relative and self._exists(original):
            return original
        return relative

    def _exists(self, relative):
        # Only looked for in the folder: fetching to find out would cost a
        # request for every resized copy.
        try:
            return self._open(relative).is_file()
        except MissingImage:
            return False

    def _open(self, relative):
        if self.media_dir is None:
            raise MissingImage(relative)
        path = (self.media_dir / relative).resolve()
        # "../../etc/passwd" in a post must not read outside the folder.
        if not path.is_relative_to(self.media_dir) or not path.is_file():
            raise MissingImage(relative)
        return path


def localise_images(body, library, warnings):
    """``body`` with the old site's images stored here and linked at their
    new addresses; images that can't be are removed and reported."""
    remote = 0

    def replace(match):
        nonlocal remote
        attributes = RESPONSIVE_ATTRS_RE.sub("", match.group(1))
        source = SRC_RE.search(attributes)
        relative = library.upload_path(source.group(1)) if source else None
        if relative is None:
            return f"<img{attributes}>"
        if not library.has_source:
            remote += 1
            return f"<img{attributes}>"
        try:
            url = library.stored_url(relative)
        except MissingImage:
            warnings.append(f"Image not found, removed: {relative}")
            return ""
        except ValidationError:
            warnings.append(f"Not an image we can use, removed: {relative}")
            return ""
        before, after = attributes[: source.start()], attributes[source.end() :]
        return f'<img{before}src="{url}"{after}>'

    body = IMG_RE.sub(replace, body)
    if remote:
        warnings.append(
            f"{remote} image(s) still load from the old site (no --media-dir)."
        )
    return body


def featured_image(item, attachments, library, warnings):
    """(stored name, alt, caption) of the post's featured image, or None."""
    attachment = attachments.get(_int(item.meta.get("_thumbnail_id")))
    if attachment is None or not library.has_source:
        return None
    relative = attachment.meta.get("_wp_attached_file") or library.upload_path(
        attachment.attachment_url
    )
    alt = attachment.meta.get("_wp_attachment_image_alt", "").strip()
    if not alt:
        alt = attachment.title
        warnings.append("The featured image has no alt text: its title is used.")
    if not (relative and alt):
        warnings.append("The featured image has no alt text and was left out.")
        return None
    try:
        name = library.stored_name(relative)
    except MissingImage:
        warnings.append(f"Featured image not found: {relative}")
        return None
    except ValidationError:
        warnings.append(f"Featured image is not an image we can use: {relative}")
        return None
    return name, alt[:250], attachment.excerpt.strip()[:250]


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
