"""Uploads on the local disk are served by the app when no proxy or bucket
does (SERVE_MEDIA, on by default without a bucket): the documented
single-server setup shows its images."""

import io
import json
import re

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from core.media_storage import IMMUTABLE
from tests.factories import ArticleFactory
from tests.liv_site.test_setup import run_python

pytestmark = pytest.mark.django_db


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (1300, 700), "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_articles_images_are_served(client):
    article = ArticleFactory(
        hero_image=ContentFile(png(), name="hero.png"),
        hero_image_alt="Insulin-producing cells under a microscope",
    )
    page = client.get(article.get_absolute_url()).content.decode()
    hero = re.search(r'<img[^>]* src="([^"]+)"[^>]*srcset="([^"]+)"', page)
    og_image = re.search(r'<meta property="og:image" content="([^"]+)"', page)
    addresses = [hero[1], *(part.split()[0] for part in hero[2].split(","))]
    addresses.append(og_image[1].removeprefix("http://testserver"))

    for address in addresses:
        assert address.startswith("/media/")
        response = client.get(address)
        assert response.status_code == 200, address
        assert response["Content-Type"].startswith("image/")
        assert response["Cache-Control"] == IMMUTABLE
        assert b"".join(response.streaming_content)[:4] in (b"\x89PNG", b"RIFF")


@pytest.mark.parametrize("path", ["/media/nothing-here.png", "/media/../manage.py"])
def test_missing_files_and_paths_outside_the_folder_get_404(client, path):
    assert client.get(path).status_code == 404


def test_without_a_bucket_production_serves_its_uploads():
    code = "import django; django.setup(); from django.conf import settings; "
    code += "import json; print(json.dumps(settings.SERVE_MEDIA))"
    production = {"DEBUG": "0", "SECRET_KEY": "x" * 50}

    assert json.loads(run_python(code, **production).stdout) is True
    assert json.loads(run_python(code, **production, SERVE_MEDIA="0").stdout) is False
