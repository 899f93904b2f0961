"""Erasing one image everywhere (Articles › Erase an image), for a photo
whose consent was withdrawn."""

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image
from reversion.models import Version

from articles.models import Article
from tests.admin_forms import new_article_fields
from tests.articles.conftest import article_form_data
from tests.factories import FaqEntryFactory

pytestmark = pytest.mark.django_db

ERASE = "/admin/articles/article/erase-image/"


def upload(admin_client, color):
    buffer = io.BytesIO()
    Image.new("RGB", (900, 500), color).save(buffer, format="PNG")
    response = admin_client.post(
        "/ckeditor5/image_upload/",
        {"upload": SimpleUploadedFile("photo.png", buffer.getvalue())},
    )
    return response.json()["url"]


def renditions_of(url):
    stem = url.rsplit("/", 1)[1].split(".")[0]
    _dirs, files = default_storage.listdir("renditions")
    return [f"renditions/{name}" for name in files if name.startswith(stem)]


@pytest.fixture
def article_with_two_photos(admin_client, media_root):
    patient, ward = upload(admin_client, "teal"), upload(admin_client, "navy")
    body = (
        f'<figure class="image"><img src="{patient}" alt="A patient">'
        "<figcaption>Mrs A., six weeks after surgery</figcaption></figure>"
        f'<p>The ward:</p><p><img src="{ward}" alt="The ward"></p>'
    )
    admin_client.post("/admin/articles/article/add/", new_article_fields(body=body))
    article = Article.objects.get()
    # A second save: the photo is in two saved versions.
    data = article_form_data(article, summary="Recovery after knee surgery.")
    admin_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    FaqEntryFactory(article=article, answer=f'<p>Like this: <img src="{patient}"></p>')
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.PUBLISHED, published_at=timezone.now()
    )
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "Mrs A." in page  # live, and cached
    return article, patient, ward


def test_the_photo_goes_from_pages_history_faq_and_storage(
    admin_client, article_with_two_photos, django_capture_on_commit_callbacks
):
    article, patient, ward = article_with_two_photos
    patient_name = patient.removeprefix("/media/")
    patient_files = [patient_name, *renditions_of(patient)]
    assert len(patient_files) == 3 and all(map(default_storage.exists, patient_files))
    assert Version.objects.filter(serialized_data__contains=patient_name).count() >= 2
    # As a browser copies it from the page: a resized copy, absolute.
    address = f"http://testserver/media/{renditions_of(patient)[0]}"

    # The files go once the database has committed.
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            ERASE,
            {"address": address, "reason": "Consent withdrawn", "confirm": "on"},
            follow=True,
        )

    assert "Image erased from 1 article and" in response.content.decode()
    assert not any(map(default_storage.exists, patient_files))
    assert default_storage.exists(ward.removeprefix("/media/"))
    assert renditions_of(ward)
    article.refresh_from_db()
    assert patient_name not in article.body and "Mrs A." not in article.body
    assert ward in article.body
    assert not Version.objects.filter(serialized_data__contains=patient_name).exists()
    assert not Version.objects.filter(serialized_data__contains="Mrs A.").exists()
    assert patient_name not in article.faq_entries.get().answer
    page = Client().get(article.get_absolute_url()).content.decode()
    assert patient_name not in page and "Mrs A." not in page
    assert re.search(r"renditions/[^\"]+-480w\.webp", page)  # the ward's
    event = article.review_events.first()
    assert (event.get_action_display(), event.comment) == (
        "Image erased",
        "Consent withdrawn",
    )


def test_an_address_that_is_not_an_upload_changes_nothing(
    admin_client, article_with_two_photos
):
    article, patient, _ward = article_with_two_photos
    for address in ("https://example.org/photo.png", "/media/../settings.py", ""):
        response = admin_client.post(
            ERASE, {"address": address, "reason": "x", "confirm": "on"}
        )
        assert response.status_code == 200
        assert "errorlist" in response.content.decode()
    assert default_storage.exists(patient.removeprefix("/media/"))
    assert (
        admin_client.post(ERASE, {"address": patient, "reason": "x"}).status_code == 200
    )
    assert default_storage.exists(patient.removeprefix("/media/"))


def test_only_those_who_may_delete_articles_erase(client, writer):
    client.force_login(writer)
    assert client.get(ERASE).status_code == 403
    assert client.post(ERASE, {"address": "/media/x.png"}).status_code == 403


def test_an_authors_photo_can_be_erased(admin_client, media_root):
    from tests.factories import AuthorFactory

    author = AuthorFactory(photo=SimpleUploadedFile("face.png", b"png"))
    name = author.photo.name

    admin_client.post(
        ERASE, {"address": f"/media/{name}", "reason": "Left us", "confirm": "on"}
    )

    author.refresh_from_db()
    assert not author.photo
