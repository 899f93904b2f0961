"""CKEditor 5 in the admin, in Chromium: the editor's own image upload goes
through our view, with the CSRF token it sends itself."""

import pytest
from PIL import Image

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed_in_page(site_server, admin_page):
    page = admin_page
    page.goto(site_server + "/admin/articles/article/add/")
    page.wait_for_selector(".ck-editor__editable")
    return page


def test_an_image_dropped_into_the_editor_is_stored_under_a_random_name(
    signed_in_page, media_root, tmp_path
):
    picture = tmp_path / "ward photo.png"
    Image.new("RGB", (80, 60), "teal").save(picture)
    file_input = signed_in_page.locator(".ck-toolbar input[type=file]").first

    with signed_in_page.expect_response(lambda r: "image_upload" in r.url) as info:
        file_input.set_input_files(picture)

    assert info.value.status == 200
    image = signed_in_page.locator(".ck-editor__editable img").first
    src = image.get_attribute("src")
    assert src.startswith("/media/articles/body/")
    [stored] = (media_root / "articles" / "body").iterdir()
    assert src.endswith(stored.name)
    assert "ward" not in stored.name


def test_the_editor_shows_why_a_fake_image_is_refused(
    signed_in_page, media_root, tmp_path
):
    fake = tmp_path / "scan.jpg"
    fake.write_bytes(b"<?php system($_GET['cmd']); ?>")
    file_input = signed_in_page.locator(".ck-toolbar input[type=file]").first

    with (
        signed_in_page.expect_event("dialog") as alert,
        signed_in_page.expect_response(lambda r: "image_upload" in r.url) as info,
    ):
        file_input.set_input_files(fake)

    # CKEditor shows the server's message in an alert.
    message = alert.value.message
    alert.value.dismiss()
    assert info.value.status == 400
    assert "not a picture we can use" in message
    assert signed_in_page.locator(".ck-editor__editable img").count() == 0
    assert not media_root.exists() or not any(media_root.rglob("*.*"))
