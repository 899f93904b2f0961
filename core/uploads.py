"""Image uploads made safe by construction.

Every image staff upload (hero images, author photos, images inside rich
text through CKEditor 5) goes through ``clean_image``: the bytes are decoded
with Pillow, whatever the file is called; size and pixel limits keep out
oversized files and decompression bombs; the pixels are re-encoded into a
new file, so EXIF (GPS position, camera serial numbers), comments and
anything hidden after the image data are dropped; and the stored name is
random, so nothing the uploader chose reaches the file system.
"""

import io
import uuid
import warnings

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.http import JsonResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from PIL import Image, ImageOps, UnidentifiedImageError

# Decoded format -> (format written, file extension). GIFs become PNGs:
# only the first frame is kept, and PNG stores it without loss.
OUTPUT_FORMATS = {
    "JPEG": ("JPEG", ".jpg"),
    "PNG": ("PNG", ".png"),
    "WEBP": ("WEBP", ".webp"),
    "GIF": ("PNG", ".png"),
}

CKEDITOR_UPLOAD_FOLDER = "articles/body/"

MESSAGES = {
    "not_image": _(
        "This file is not a picture we can use. Upload a JPEG, PNG, WebP or "
        "GIF image (SVG and other formats are not accepted)."
    ),
    "too_large": _("This file is %(size)s; images may be at most %(limit)s."),
    "too_many_pixels": _(
        "This image is %(width)s × %(height)s pixels, more than the "
        "%(limit)s megapixels allowed. Make it smaller and upload it again."
    ),
    "empty": _("The file is empty."),
    "bad_name": _("The file name may not contain folders or “..”."),
}


def clean_image(upload):
    """Return a re-encoded copy of ``upload`` under a random name.

    Raises ValidationError, with a message for the editor, for anything
    that is not a JPEG, PNG, WebP or GIF within the limits. Nothing is
    written to storage here.
    """
    _check_name(getattr(upload, "name", None) or "")
    size = upload.size
    if not size:
        raise ValidationError(MESSAGES["empty"], code="empty")
    if size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            MESSAGES["too_large"],
            code="too_large",
            params={
                "size": filesizeformat(size),
                "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
            },
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow only warns about images a little over its own limit.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload, formats=list(OUTPUT_FORMATS)) as image:
                _check_pixels(image)
                image.load()
                output_format, extension = OUTPUT_FORMATS[image.format]
                data = _reencode(image, output_format)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("This image declares far too many pixels to be opened safely."),
            code="too_many_pixels",
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        # Pillow reports truncated or corrupt data with any of these.
        raise ValidationError(MESSAGES["not_image"], code="not_image") from error
    return ContentFile(data, name=f"{uuid.uuid4().hex}{extension}")


def _check_name(name):
    # The multipart parser already strips folders from names sent over HTTP;
    # this refuses them from any other caller.
    parts = name.replace("\\", "/").split("/")
    if len(parts) > 1 or ".." in parts or "\x00" in name:
        raise ValidationError(MESSAGES["bad_name"], code="bad_name")


def _check_pixels(image):
    # Width and height come from the header, before any pixel is decoded.
    width, height = image.size
    if width * height > settings.UPLOAD_MAX_PIXELS:
        raise ValidationError(
            MESSAGES["too_many_pixels"],
            code="too_many_pixels",
            params={
                "width": width,
                "height": height,
                "limit": settings.UPLOAD_MAX_PIXELS // 1_000_000,
            },
        )


def _reencode(image, output_format):
    icc_profile = image.info.get("icc_profile")
    # Turn the picture upright first: the EXIF orientation tag goes away
    # with the rest of the metadata.
    image = ImageOps.exif_transpose(image)
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info
    if output_format == "JPEG":
        mode = "L" if image.mode == "L" else "RGB"
    elif has_alpha:
        mode = "RGBA"
    else:
        mode = "L" if image.mode == "L" and output_format == "PNG" else "RGB"
    # A new image holds the pixels and nothing else: no EXIF, XMP,
    # comments, or bytes appended after the image data.
    pixels = Image.new(mode, image.size)
    pixels.paste(image.convert(mode))
    options = {"icc_profile": icc_profile} if icc_profile else {}
    if output_format in {"JPEG", "WEBP"}:
        options["quality"] = 88
    buffer = io.BytesIO()
    pixels.save(buffer, format=output_format, **options)
    return buffer.getvalue()


class SafeImageFormField(forms.ImageField):
    """An image field whose cleaned value is ``clean_image``'s re-encoded
    copy, so what the model saves is never the uploaded file itself."""

    def __init__(self, *args, **kwargs):
        if not kwargs.get("help_text"):
            kwargs["help_text"] = _(
                "A JPEG, PNG, WebP or GIF image of at most %(limit)s. It is "
                "saved again without its camera and location data."
            ) % {"limit": filesizeformat(settings.UPLOAD_MAX_BYTES)}
        super().__init__(*args, **kwargs)

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        return clean_image(upload)


class SafeImageUploadsMixin:
    """For every ModelAdmin with image fields: uploads go through
    ``clean_image``."""

    formfield_overrides = {models.ImageField: {"form_class": SafeImageFormField}}


@require_POST
def ckeditor_upload(request):
    """CKEditor 5's image upload, answering in the JSON it expects:
    ``{"url": ...}`` or ``{"error": {"message": ...}}``."""
    # The admin's own test: active staff, verified by their second factor
    # when they must be.
    if not admin.site.has_permission(request):
        return _error(_("Only signed-in staff may upload images."), status=403)
    upload = request.FILES.get("upload")
    if upload is None:
        return _error(_("Choose an image to upload."))
    try:
        image = clean_image(upload)
    except ValidationError as error:
        return _error(" ".join(error.messages))
    name = default_storage.save(CKEDITOR_UPLOAD_FOLDER + image.name, image)
    return JsonResponse({"url": default_storage.url(name)})


def _error(message, status=400):
    return JsonResponse({"error": {"message": str(message)}}, status=status)
