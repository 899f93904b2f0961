"""Responsive WebP renditions of uploaded images, made once when saved.

A rendition's file name carries a digest of its source's name, so two
uploads called "photo.jpg" in different folders never share renditions,
and an existing rendition is never made again.
"""

import hashlib
import io
import re
from html import escape
from pathlib import PurePosixPath
from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, UnidentifiedImageError

RENDITION_WIDTHS = (480, 800, 1200)
WEBP_QUALITY = 72
BODY_IMAGE_SIZES = "(min-width: 64rem) 42rem, calc(100vw - 2rem)"

IMG_TAG_RE = re.compile(r"<img ([^>]*)>")
SRC_RE = re.compile(r'\bsrc="([^"]+)"')


def make_renditions(source):
    """WebP copies of the stored image ``source`` at each width up to its
    own; returns ``{"source": source, "widths": {width: name}}``."""
    with default_storage.open(source) as file, Image.open(file) as original:
        widths = planned_widths(original.width)
        missing = [
            width
            for width in widths
            if not default_storage.exists(rendition_name(source, width))
        ]
        if missing:
            image = ImageOps.exif_transpose(original)
            image = image.convert("RGBA" if has_alpha(image) else "RGB")
            for width in missing:
                write_rendition(image, rendition_name(source, width), width)
    return {
        "source": source,
        "widths": {str(width): rendition_name(source, width) for width in widths},
    }


def planned_widths(image_width):
    return [width for width in RENDITION_WIDTHS if width <= image_width] or [
        image_width
    ]


def rendition_name(source, width):
    digest = hashlib.sha256(source.encode()).hexdigest()[:10]
    return f"renditions/{PurePosixPath(source).stem}-{digest}-{width}w.webp"


def has_alpha(image):
    return image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info


def write_rendition(image, name, width):
    resized = image.copy()
    resized.thumbnail((width, image.height * width // max(image.width, 1) + 1))
    buffer = io.BytesIO()
    resized.save(buffer, format="WEBP", quality=WEBP_QUALITY, method=4)
    default_storage.save(name, ContentFile(buffer.getvalue()))


def srcset(renditions):
    return ", ".join(
        f"{default_storage.url(name)} {width}w"
        for width, name in renditions.get("widths", {}).items()
    )


def responsive_images(html):
    """Give every locally stored image in ``html`` a WebP ``srcset``."""

    def rewrite(match):
        attributes = match.group(1)
        source = SRC_RE.search(attributes)
        name = stored_name(source.group(1)) if source else None
        if name is None or "srcset=" in attributes:
            return match.group(0)
        try:
            renditions = make_renditions(name)
        except (
            OSError,
            UnidentifiedImageError,
            Image.DecompressionBombError,
            SuspiciousFileOperation,
        ):
            # A missing or broken file keeps its plain <img>; the page works.
            return match.group(0)
        return (
            f'<img {attributes} srcset="{srcset(renditions)}" '
            f'sizes="{BODY_IMAGE_SIZES}">'
        )

    return IMG_TAG_RE.sub(rewrite, html)


def relink(html):
    """``html`` with every image stored under one of the media's previous
    addresses (``MEDIA_PREVIOUS_URLS``) linked at its current one."""
    if not settings.MEDIA_PREVIOUS_URLS:
        return html
    current_address = default_storage.url("")

    def rewrite(match):
        attributes = match.group(1)
        source = SRC_RE.search(attributes)
        if source is None or source.group(1).startswith(current_address):
            return match.group(0)
        name = stored_name(source.group(1))
        if name is None:
            return match.group(0)
        current = escape(default_storage.url(name))
        before, after = attributes[: source.start()], attributes[source.end() :]
        return f'<img {before}src="{current}"{after}>'

    return IMG_TAG_RE.sub(rewrite, html)


def stored_name(url):
    """The storage name behind a media URL, or None for other URLs.

    The media's current address ("/media/" on the file system, the
    bucket's or CDN's address on S3) and the earlier ones it was moved
    from (``MEDIA_PREVIOUS_URLS``) both count: objects keep their names
    when they move."""
    for prefix in (default_storage.url(""), *settings.MEDIA_PREVIOUS_URLS):
        if url.startswith(prefix):
            name = unquote(url.removeprefix(prefix))
            if not name or ".." in PurePosixPath(name).parts:
                return None
            return name
    return None
