"""Uploaded images get WebP renditions for srcset, made once, on save."""

import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from articles.body.images import make_renditions, relink, responsive_images


def store_image(name, size, mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size, (10, 120, 110, 128)[: len(mode)]).save(buffer, "PNG")
    return default_storage.save(name, ContentFile(buffer.getvalue()))


def test_renditions_at_each_width_up_to_the_original():
    name = store_image("uploads/wide.png", (1000, 500))
    renditions = make_renditions(name)
    assert list(renditions["widths"]) == ["480", "800"]
    with default_storage.open(renditions["widths"]["480"]) as file:
        image = Image.open(file)
        assert (image.format, image.size) == ("WEBP", (480, 240))


def test_a_small_image_keeps_its_own_width_and_transparency():
    name = store_image("uploads/icon.png", (200, 100), mode="RGBA")
    renditions = make_renditions(name)
    assert list(renditions["widths"]) == ["200"]
    with default_storage.open(renditions["widths"]["200"]) as file:
        assert Image.open(file).mode == "RGBA"


def test_renditions_are_made_once():
    name = store_image("uploads/photo.png", (900, 600))
    first = make_renditions(name)["widths"]["480"]
    made_at = default_storage.get_modified_time(first)
    assert make_renditions(name)["widths"]["480"] == first
    assert default_storage.get_modified_time(first) == made_at


def test_same_file_name_in_two_folders_gets_separate_renditions():
    a = make_renditions(store_image("a/photo.png", (500, 500)))
    b = make_renditions(store_image("b/photo.png", (500, 500)))
    assert a["widths"]["480"] != b["widths"]["480"]


def test_body_images_get_srcset_and_others_are_left_alone():
    name = store_image("uploads/body.png", (1300, 700))
    html = (
        f'<img src="/media/{name}" alt="Cells">'
        '<img src="https://cdn.example.org/x.png" alt="external">'
        '<img src="/media/uploads/missing.png" alt="missing">'
        '<img src="/media/../settings.py" alt="traversal">'
    )
    result = responsive_images(html)
    first, *others = result.split("><")
    assert 'srcset="/media/renditions/body-' in first
    assert "480w" in first and "1200w" in first
    assert all("srcset" not in tag for tag in others)


def test_images_at_a_previous_media_address_are_linked_at_the_current_one(settings):
    settings.MEDIA_PREVIOUS_URLS = ["https://old-cdn.example.org/", "/files/"]
    html = (
        '<img alt="Moved" src="https://old-cdn.example.org/uploads/a%20b.png">'
        '<img src="/files/uploads/c.png" alt="Also moved">'
        '<img src="/media/uploads/d.png" alt="Current">'
        '<img src="https://cdn.example.org/e.png" alt="External">'
        '<img src="/files/../settings.py" alt="Traversal">'
    )
    assert relink(html) == (
        '<img alt="Moved" src="/media/uploads/a%20b.png">'
        '<img src="/media/uploads/c.png" alt="Also moved">'
        '<img src="/media/uploads/d.png" alt="Current">'
        '<img src="https://cdn.example.org/e.png" alt="External">'
        '<img src="/files/../settings.py" alt="Traversal">'
    )


def test_without_previous_addresses_nothing_is_relinked(settings):
    settings.MEDIA_PREVIOUS_URLS = []
    html = '<img src="/files/uploads/c.png" alt="Elsewhere">'
    assert relink(html) == html
