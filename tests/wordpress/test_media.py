"""Images come from a copy of wp-content/uploads, through the safe upload
path: decoded, stripped of EXIF, re-encoded under random names."""

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from wordpress.importer import ImportOptions, import_export
from wordpress.models import ImportedMedia, ImportedPost

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


def photo_with_gps(path, size=(800, 533)):
    path.parent.mkdir(parents=True, exist_ok=True)
    exif = Image.Exif()
    exif[GPS_IFD] = {1: "N", 2: (41.0, 2.0, 30.0), 3: "E", 4: (28.0, 58.0, 12.0)}
    Image.new("RGB", size, (20, 120, 110)).save(path, "JPEG", exif=exif)
    with Image.open(path) as written:
        assert written.getexif().get_ifd(GPS_IFD), "the fixture must carry GPS"


@pytest.fixture
def uploads(tmp_path):
    folder = tmp_path / "uploads"
    photo_with_gps(folder / "2023/05/insulin-pump.jpg")
    # A file called .png that is not an image (the hostile post shows it).
    (folder / "2023/07").mkdir(parents=True)
    (folder / "2023/07/meter.png").write_text("<?php system($_GET['c']); ?>")
    return folder


@pytest.fixture
def report(export_path, uploads, settings):
    settings.PAGE_CACHE_ENABLED = False
    return import_export(export_path, ImportOptions(media_dir=uploads))


def article(wp_id):
    return ImportedPost.objects.get(wp_id=wp_id).article


def test_body_images_are_stored_here_and_linked(report):
    """The post shows WordPress's 640px copy with a srcset of its sizes and
    links to the full size: all become the one original stored here."""
    body = article(101).body
    stored = ImportedMedia.objects.get(file="2023/05/insulin-pump.jpg").stored_name
    assert f'src="{default_storage.url(stored)}"' in body
    assert f'<a href="{default_storage.url(stored)}">' in body
    assert "old.example.org" not in body
    assert "insulin-pump" not in stored  # a random name, not the uploader's


def test_the_page_gets_renditions_of_the_stored_image(report):
    assert 'srcset="' in article(101).body_html


def test_exif_gps_is_gone_from_every_stored_image(report):
    hero = article(101).hero_image
    for name in (hero.name, ImportedMedia.objects.get().stored_name):
        with default_storage.open(name) as file, Image.open(file) as image:
            assert not image.getexif().get_ifd(GPS_IFD)


def test_featured_image_becomes_the_hero_with_its_alt_text(report):
    living = article(101)
    assert living.hero_image.name.startswith("articles/body/")
    assert living.hero_image_alt == "An insulin pump clipped to a belt"
    assert living.hero_image_width == 800


def test_an_image_is_stored_once_for_body_hero_and_reimport(
    export_path, uploads, report
):
    import_export(export_path, ImportOptions(media_dir=uploads, overwrite=True))
    assert ImportedMedia.objects.count() == 1
    assert article(101).hero_image.name == ImportedMedia.objects.get().stored_name


def test_a_file_that_is_not_an_image_is_removed_and_reported(report):
    assert "<img" not in article(105).body
    assert (
        "Not an image we can use, removed: 2023/07/meter.png" in (report.warnings[105])
    )


def test_a_missing_image_is_removed_and_reported(export_path, tmp_path, settings):
    settings.PAGE_CACHE_ENABLED = False
    empty = tmp_path / "empty"
    empty.mkdir()
    report = import_export(export_path, ImportOptions(media_dir=empty))
    assert (
        "Image not found, removed: 2023/05/insulin-pump-640x427.jpg"
        in report.warnings[101]
    )
    assert "<img" not in article(101).body
    assert "<a" not in article(101).body  # nor the link that held it
    assert not article(101).hero_image


def test_a_path_out_of_the_media_folder_is_not_read(export_path, uploads, tmp_path):
    (tmp_path / "secret.jpg").write_bytes(
        (uploads / "2023/05/insulin-pump.jpg").read_bytes()
    )
    hostile = tmp_path / "hostile.xml"
    hostile.write_text(
        export_path.read_text().replace(
            'uploads/2023/05/insulin-pump-640x427.jpg" alt',
            'uploads/../secret.jpg" alt',
        )
    )
    report = import_export(hostile, ImportOptions(media_dir=uploads))
    assert "Image not found, removed: ../secret.jpg" in (report.warnings[101])


def test_a_dry_run_stores_no_image(export_path, uploads):
    import_export(export_path, ImportOptions(media_dir=uploads, dry_run=True))
    assert not default_storage.exists("articles/body")
    assert ImportedMedia.objects.count() == 0


def test_without_a_media_folder_images_stay_and_that_is_reported(export_path):
    report = import_export(export_path, ImportOptions())
    assert (
        "1 image(s) still load from the old site (no --media-dir)."
        in (report.warnings[101])
    )
