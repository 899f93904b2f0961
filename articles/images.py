"""Responsive WebP renditions of uploaded images, made once when saved."""

import io
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

RENDITION_WIDTHS = (480, 800, 1200)
WEBP_QUALITY = 72


def make_renditions(field_file):
    """Write WebP copies of ``field_file`` at each width not wider than the
    original; return ``{"source": name, "widths": {width: name}}``."""
    field_file.open("rb")
    try:
        with Image.open(field_file) as original:
            image = ImageOps.exif_transpose(original).convert("RGB")
    finally:
        field_file.close()
    stem = PurePosixPath(field_file.name).stem
    widths = {}
    for width in RENDITION_WIDTHS:
        if width > image.width and widths:
            break
        target = image.copy()
        target.thumbnail((min(width, image.width), image.height * 10))
        buffer = io.BytesIO()
        target.save(buffer, format="WEBP", quality=WEBP_QUALITY, method=4)
        name = f"renditions/{stem}-{target.width}w.webp"
        if default_storage.exists(name):
            default_storage.delete(name)
        widths[str(target.width)] = default_storage.save(
            name, ContentFile(buffer.getvalue())
        )
    return {"source": field_file.name, "widths": widths}


def srcset(renditions):
    return ", ".join(
        f"{default_storage.url(name)} {width}w"
        for width, name in renditions.get("widths", {}).items()
    )
