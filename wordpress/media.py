"""Images of the old site, taken from a local copy of wp-content/uploads.

Every file goes through ``core.uploads.clean_image``, as an editor's
upload would: decoded whatever it is called, EXIF (GPS positions) and
anything else but the pixels dropped, re-encoded under a random name. A
file is stored once per site (``ImportedMedia``), however many posts show
it and however often the export is imported.
"""

import html
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

from core.uploads import CKEDITOR_UPLOAD_FOLDER, clean_image

from .models import ImportedMedia

UPLOADS_PATH = "/wp-content/uploads/"
# An image, with the link around it if it has one (removed with it).
IMG_RE = re.compile(
    r"(?P<open><a\b[^>]*>\s*)?<img\b(?P<attrs>[^>]*?)/?>(?P<close>\s*</a>)?", re.I
)
SRC_RE = re.compile(r'\bsrc\s*=\s*"([^"]*)"', re.I)
# WordPress's own responsive attributes: the site makes its own renditions.
RESPONSIVE_ATTRS_RE = re.compile(r'\s(?:srcset|sizes)\s*=\s*"[^"]*"', re.I)
HREF_RE = re.compile(r'href="([^"]*)"')
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp")
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
        """The storage name of the upload at ``relative``, stored now if it
        wasn't; where WordPress's resized copy ("-300x200") is named, the
        full-size original is preferred."""
        candidates = list(dict.fromkeys([SIZED_RE.sub("", relative), relative]))
        known = ImportedMedia.objects.filter(
            site_url=self.site_url, file__in=candidates
        ).values_list("stored_name", flat=True)
        for name in known:
            if default_storage.exists(name):
                return name
        missing = None
        for candidate in candidates:
            try:
                return self._store(candidate)
            except MissingImage as error:
                missing = error
        raise missing

    def _store(self, relative):
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
        opening, closing = match.group("open") or "", match.group("close") or ""
        attributes = RESPONSIVE_ATTRS_RE.sub("", match.group("attrs"))
        source = SRC_RE.search(attributes)
        relative = library.upload_path(source.group(1)) if source else None
        if relative is None:
            return f"{opening}<img{attributes}>{closing}"
        if not library.has_source:
            remote += 1
            return f"{opening}<img{attributes}>{closing}"
        try:
            url = library.stored_url(relative)
        except (MissingImage, ValidationError) as error:
            reason = (
                "Image not found"
                if isinstance(error, MissingImage)
                else ("Not an image we can use")
            )
            warnings.append(f"{reason}, removed: {relative}")
            # A link around nothing but the image goes with it.
            return "" if opening and closing else opening + closing
        before, after = attributes[: source.start()], attributes[source.end() :]
        return f'{opening}<img{before}src="{url}"{after}>{closing}'

    body = IMG_RE.sub(replace, body)
    body = _link_full_sizes(body, library)
    if remote:
        warnings.append(
            f"{remote} image(s) still load from the old site (no --media-dir)."
        )
    return body


def _link_full_sizes(body, library):
    """Links to an image's full size (WordPress's "link to media file")
    lead to the copy stored here; other links to uploads stay as they are."""

    def replace(match):
        relative = library.upload_path(html.unescape(match.group(1)))
        is_image = relative and relative.lower().endswith(IMAGE_EXTENSIONS)
        if not (is_image and library.has_source):
            return match.group(0)
        try:
            return f'href="{html.escape(library.stored_url(relative))}"'
        except (MissingImage, ValidationError):
            return match.group(0)

    return HREF_RE.sub(replace, body)


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
