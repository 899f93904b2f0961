"""Image uploads, through the admin forms and CKEditor 5's upload view:
only real images within the limits, stored re-encoded under random names,
nothing else written anywhere."""

import io
import re
import struct
import zlib

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import RequestFactory
from PIL import ExifTags, Image

from articles.models import Article, Author
from core.uploads import SafeImageFormField, clean_image
from tests.admin_forms import new_article_fields

pytestmark = pytest.mark.django_db

BOUNDARY = "LivUploadBoundary"
CKEDITOR_URL = "/ckeditor5/image_upload/"
RANDOM_NAME = re.compile(r"^[0-9a-f]{32}\.(jpg|png|webp)$")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def png_bytes(size=(40, 30), mode="RGB", color="teal"):
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def png_declaring(width, height):
    """A tiny PNG whose header claims ``width`` × ``height`` pixels."""
    data = bytearray(png_bytes((1, 1), "L"))
    struct.pack_into(">II", data, 16, width, height)
    struct.pack_into(">I", data, 29, zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def compressed_bomb():
    """100 megapixels of nothing: about 12 KB on disk."""
    buffer = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_with_gps():
    """A 64 × 48 photo with a GPS position, tagged to be shown turned a
    quarter (EXIF orientation 6), as phones save portrait photos."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (41.0, 4.0, 30.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (29.0, 0.0, 55.0),
    }
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "white").save(buffer, format="JPEG", exif=exif.tobytes())
    data = buffer.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    return data


SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>fetch('/admin/').then(r => r.text())</script></svg>"
)
PHP = b"<?php system($_GET['cmd']); ?>"

BAD_FILES = {
    "php renamed .jpg": ("photo.jpg", PHP, "not a picture"),
    "php behind a GIF header": ("photo.gif", b"GIF89a" + PHP, "not a picture"),
    "svg with a script": ("logo.svg", SVG_WITH_SCRIPT, "SVG"),
    "svg renamed .png": ("logo.png", SVG_WITH_SCRIPT, "not a picture"),
    "declared decompression bomb": (
        "bomb.png",
        png_declaring(100_000, 100_000),
        "far too many pixels",
    ),
    "compressed decompression bomb": (
        "bomb.png",
        compressed_bomb(),
        "far too many pixels",
    ),
    "over the pixel limit": (
        "huge.png",
        png_declaring(8_000, 6_000),
        "8000 × 6000 pixels",
    ),
    "path traversal name": (
        "../../../../liv_site/shell.php.jpg",
        PHP,
        "not a picture",
    ),
    "empty file": ("empty.jpg", b"", "empty"),
}


def multipart(fields, file_field, filename, content):
    """The body a browser sends, file name exactly as given (Django's test
    client would strip folders from it before sending)."""
    parts = []
    for name, value in fields.items():
        parts += [
            f"--{BOUNDARY}".encode(),
            f'Content-Disposition: form-data; name="{name}"'.encode(),
            b"",
            str(value).encode(),
        ]
    parts += [
        f"--{BOUNDARY}".encode(),
        f'Content-Disposition: form-data; name="{file_field}"; '
        f'filename="{filename}"'.encode(),
        b"Content-Type: image/jpeg",
        b"",
        content,
        f"--{BOUNDARY}--".encode(),
        b"",
    ]
    return b"\r\n".join(parts)


class Channel:
    """One way an image reaches the server."""

    def __init__(self, name, url, fields, file_field):
        self.name, self.url, self.fields, self.file_field = (
            name,
            url,
            fields,
            file_field,
        )

    def upload(self, client, filename, content):
        return client.post(
            self.url,
            data=multipart(self.fields(), self.file_field, filename, content),
            content_type=f"multipart/form-data; boundary={BOUNDARY}",
        )

    def refusal(self, response):
        if self.file_field == "upload":
            assert response.status_code == 400
            return response.json()["error"]["message"]
        assert response.status_code == 200
        return " ".join(response.context["adminform"].form.errors[self.file_field])

    def stored_file(self):
        if self.name == "author photo":
            return Author.objects.get().photo
        return Article.objects.get().hero_image


CHANNELS = [
    Channel(
        "author photo",
        "/admin/articles/author/add/",
        lambda: {"name": "Dr. Ayşe Demir", "credentials": "MD", "bio": ""},
        "photo",
    ),
    Channel(
        "article hero image",
        "/admin/articles/article/add/",
        new_article_fields,
        "hero_image",
    ),
    Channel("ckeditor body image", CKEDITOR_URL, dict, "upload"),
]
channel_ids = [c.name for c in CHANNELS]


def files_under(folder):
    """Uploaded files; the WebP renditions made from them don't count."""
    if not folder.exists():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and "renditions" not in p.relative_to(folder).parts
    )


@pytest.mark.parametrize("channel", CHANNELS, ids=channel_ids)
@pytest.mark.parametrize("case", list(BAD_FILES), ids=list(BAD_FILES))
def test_bad_files_are_refused_with_a_message_and_nothing_is_written(
    admin_client, media_root, channel, case
):
    filename, content, message = BAD_FILES[case]

    response = channel.upload(admin_client, filename, content)

    assert message in channel.refusal(response)
    assert files_under(media_root) == []
    assert Author.objects.filter(credentials="MD").count() == 0
    assert Article.objects.count() == 0


@pytest.mark.parametrize("channel", CHANNELS, ids=channel_ids)
def test_a_50_mb_file_is_refused(admin_client, media_root, channel):
    content = b"\xff\xd8\xff\xe0" + bytes(50 * 1024 * 1024)

    response = channel.upload(admin_client, "scan.jpg", content)

    assert "images may be at most 10.0" in channel.refusal(response)
    assert files_under(media_root) == []


@pytest.mark.parametrize("channel", CHANNELS, ids=channel_ids)
def test_a_photo_is_stored_upright_without_gps_under_a_random_name(
    admin_client, media_root, channel
):
    response = channel.upload(admin_client, "IMG_2041 home.jpg", jpeg_with_gps())

    if channel.file_field == "upload":
        assert response.status_code == 200
        url = response.json()["url"]
        assert url.startswith("/media/articles/body/")
        [stored] = files_under(media_root)
        assert url.endswith(stored.name)
    else:
        assert response.status_code == 302, channel.refusal(response)
        stored = media_root / channel.stored_file().name
        assert files_under(media_root) == [stored]
    assert RANDOM_NAME.match(stored.name)
    with Image.open(stored) as image:
        assert image.format == "JPEG"
        assert image.size == (48, 64)
        exif = image.getexif()
        assert exif.get_ifd(ExifTags.IFD.GPSInfo) == {}
        assert len(exif) == 0
        assert "exif" not in image.info


def test_the_hero_image_size_is_recorded_from_the_stored_image(admin_client):
    CHANNELS[1].upload(admin_client, "hero.jpg", jpeg_with_gps())

    article = Article.objects.get()
    assert (article.hero_image_width, article.hero_image_height) == (48, 64)


@pytest.mark.parametrize("channel", CHANNELS, ids=channel_ids)
def test_a_traversal_name_on_a_real_image_stays_inside_the_media_folder(
    admin_client, media_root, channel
):
    channel.upload(admin_client, "../../../../escaped.png", png_bytes())

    [stored] = files_under(media_root)
    assert RANDOM_NAME.match(stored.name)
    assert not list(media_root.parent.parent.rglob("escaped*"))


def test_anonymous_upload_to_ckeditor_is_forbidden(client, media_root):
    response = CHANNELS[2].upload(client, "photo.png", png_bytes())

    assert response.status_code == 403
    assert "Only signed-in staff" in response.json()["error"]["message"]
    assert files_under(media_root) == []


def test_signed_in_non_staff_may_not_upload_either(
    client, media_root, django_user_model
):
    client.force_login(django_user_model.objects.create_user(username="patient"))

    response = CHANNELS[2].upload(client, "photo.png", png_bytes())

    assert response.status_code == 403
    assert files_under(media_root) == []


def test_anonymous_admin_upload_goes_to_the_login_page(client, media_root):
    response = CHANNELS[0].upload(client, "photo.png", png_bytes())

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert files_under(media_root) == []


def test_the_ckeditor_upload_view_accepts_only_post(admin_client):
    assert admin_client.get(CKEDITOR_URL).status_code == 405


def test_the_editor_widget_uploads_to_our_view(admin_client):
    page = admin_client.get("/admin/articles/article/add/").content.decode()

    assert f'data-upload-url="{CKEDITOR_URL}"' in page


def test_a_gif_is_kept_as_a_png_and_transparency_survives():
    buffer = io.BytesIO()
    Image.new("RGBA", (20, 10), (255, 0, 0, 0)).save(buffer, format="GIF")

    cleaned = clean_image(SimpleUploadedFile("anim.gif", buffer.getvalue()))

    assert cleaned.name.endswith(".png")
    with Image.open(cleaned) as image:
        assert image.mode == "RGBA"
        assert image.getpixel((0, 0))[3] == 0


def test_names_with_folders_are_refused_by_the_function_itself():
    # Uploaded files drop folders from their names; other callers may not.
    upload = File(io.BytesIO(png_bytes()), name="../media/../../x.png")

    with pytest.raises(ValidationError, match="folders"):
        clean_image(upload)


def test_every_image_field_in_the_admin_goes_through_the_safe_field():
    """Guards admins added later: an ImageField edited in the admin without
    SafeImageUploadsMixin fails here."""
    request = RequestFactory().get("/")
    checked = 0
    for model, model_admin in admin.site._registry.items():
        for field in model._meta.get_fields():
            if isinstance(field, models.ImageField) and field.editable:
                formfield = model_admin.formfield_for_dbfield(field, request=request)
                assert isinstance(formfield, SafeImageFormField), (model, field)
                checked += 1
    assert checked >= 2
