"""Media in an S3-compatible bucket (MEDIA_STORAGE_*, core.media_storage).

A real S3 API answers here: moto's server on 127.0.0.1, spoken to over HTTP
by django-storages and boto3 exactly as a MinIO or AWS endpoint would be.
The storage settings are the ones production derives from the environment
(``s3_media``); uploads, renditions, pages and the demo loader run their
normal code paths against them, and nothing may land on the local disk.
"""

import io
import json
import re
import urllib.request
import uuid

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from moto.server import ThreadedMotoServer
from PIL import Image
from reversion.models import Version
from storages.backends.s3 import S3Storage

from articles import workflow
from articles.models import Article, Author
from core.media_storage import IMMUTABLE, s3_media
from tests.admin_forms import new_article_fields
from tests.articles.conftest import article_form_data
from tests.factories import ArticleFactory
from tests.liv_site.test_setup import run_python
from website.demo import BODY_IMAGES, HERO_IMAGE, load_demo_content

pytestmark = pytest.mark.django_db

REGION = "us-east-1"
CDN = "media.example.test"
RENDITION = re.compile(r"^renditions/.+-(480|800|1200)w\.webp$")


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 server on a free local port, for this module's tests."""
    with pytest.MonkeyPatch.context() as env:
        # Any credentials will do for moto; real ones must never be used.
        env.setenv("AWS_ACCESS_KEY_ID", "liv-test-key")
        env.setenv("AWS_SECRET_ACCESS_KEY", "liv-test-secret")
        env.delenv("AWS_SESSION_TOKEN", raising=False)
        env.delenv("AWS_PROFILE", raising=False)
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        host, port = server.get_host_and_port()
        try:
            yield f"http://{host}:{port}"
        finally:
            server.stop()


class Bucket:
    """A fresh bucket on the server, with the settings that point at it."""

    def __init__(self, endpoint, settings, custom_domain=""):
        self.name = f"liv-media-{uuid.uuid4().hex[:12]}"
        self.client = boto3.client("s3", endpoint_url=endpoint, region_name=REGION)
        self.client.create_bucket(Bucket=self.name)
        storage, media_url = s3_media(
            self.name,
            endpoint_url=endpoint,
            region=REGION,
            custom_domain=custom_domain,
        )
        settings.STORAGES = {**settings.STORAGES, "default": storage}
        settings.MEDIA_URL = media_url

    def allow_public_reads(self):
        """The bucket policy docs/deployment.md asks for when pages link
        the bucket itself: anyone may read objects, nobody may list."""
        statement = {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{self.name}/*",
        }
        self.client.put_bucket_policy(
            Bucket=self.name,
            Policy=json.dumps({"Version": "2012-10-17", "Statement": [statement]}),
        )

    def keys(self):
        listing = self.client.list_objects_v2(Bucket=self.name)
        return {item["Key"] for item in listing.get("Contents", [])}

    def head(self, key):
        return self.client.head_object(Bucket=self.name, Key=key)


@pytest.fixture
def bucket(s3_endpoint, settings):
    """Media in a bucket behind a CDN (MEDIA_STORAGE_CUSTOM_DOMAIN)."""
    return Bucket(s3_endpoint, settings, custom_domain=CDN)


@pytest.fixture
def plain_bucket(s3_endpoint, settings):
    """Media in a public bucket read at its own address (no CDN)."""
    bucket = Bucket(s3_endpoint, settings)
    bucket.allow_public_reads()
    return bucket


@pytest.fixture(autouse=True)
def nothing_on_the_local_disk(media_root):
    yield
    assert not media_root.exists()


def png(size=(1300, 700), color="teal"):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def renditions(keys):
    return {key for key in keys if RENDITION.match(key)}


def image_attributes(page):
    """The hero <img>'s src and srcset URLs in ``page``."""
    match = re.search(r'<img src="([^"]+)" srcset="([^"]+)"', page)
    src, srcset = match.groups()
    return src, [candidate.split()[0] for candidate in srcset.split(", ")]


def test_an_admin_upload_stores_the_hero_and_its_renditions_in_the_bucket(
    admin_client, bucket
):
    response = admin_client.post(
        "/admin/articles/article/add/",
        new_article_fields(hero_image=SimpleUploadedFile("knee.png", png())),
    )

    assert response.status_code == 302
    article = Article.objects.get()
    hero = article.hero_image.name
    assert re.fullmatch(r"articles/hero/[0-9a-f]{32}\.png", hero)
    assert (article.hero_image_width, article.hero_image_height) == (1300, 700)
    assert set(article.hero_renditions["widths"]) == {"480", "800", "1200"}
    assert bucket.keys() == {hero, *article.hero_renditions["widths"].values()}
    rendition = bucket.head(article.hero_renditions["widths"]["800"])
    assert rendition["ContentType"] == "image/webp"
    assert rendition["CacheControl"] == IMMUTABLE
    assert bucket.head(hero)["ContentType"] == "image/png"


def hero_objects(article):
    return {article.hero_image.name, *article.hero_renditions["widths"].values()}


def add_article_with_hero(admin_client):
    admin_client.post(
        "/admin/articles/article/add/",
        new_article_fields(hero_image=SimpleUploadedFile("a.png", png())),
    )
    return Article.objects.get()


def replace_hero(admin_client, article):
    return admin_client.post(
        f"/admin/articles/article/{article.pk}/change/",
        article_form_data(
            article,
            hero_image=SimpleUploadedFile("b.png", png(color="navy")),
            hero_image_alt="A physiotherapist bending a patient's knee",
        ),
    )


def test_replacing_a_hero_keeps_the_old_one_for_the_history(admin_client, bucket):
    article = add_article_with_hero(admin_client)
    first = hero_objects(article)

    response = replace_hero(admin_client, article)

    assert response.status_code == 302
    article.refresh_from_db()
    second = hero_objects(article)
    assert not first & second
    src, _ = image_attributes(
        admin_client.get(article.get_absolute_url()).content.decode()
    )
    assert src == f"https://{CDN}/{article.hero_image.name}"
    # The earlier version still names the first image: restoring it must
    # find the image and its renditions where they were, and make none.
    assert bucket.keys() == first | second
    original = Version.objects.get_for_object(article).order_by("pk").first()
    admin_client.post(
        f"/admin/articles/article/{article.pk}/versions/{original.pk}/restore/"
    )
    article.refresh_from_db()
    assert hero_objects(article) == first
    assert bucket.keys() == first | second


def test_clearing_a_hero_removes_it_from_the_page_only(admin_client, bucket):
    admin_client.post(
        "/admin/articles/article/add/",
        new_article_fields(hero_image=SimpleUploadedFile("a.png", png())),
    )
    article = Article.objects.get()
    stored = bucket.keys()

    admin_client.post(
        f"/admin/articles/article/{article.pk}/change/",
        article_form_data(article, **{"hero_image-clear": "on"}),
    )

    article.refresh_from_db()
    assert not article.hero_image
    assert article.hero_renditions == {}
    assert bucket.keys() == stored


def test_deleting_a_working_copy_leaves_the_live_article_its_images(
    admin_client, admin_user, bucket
):
    live = ArticleFactory(
        hero_image=ContentFile(png(), name="hero.png"), hero_image_alt="Cells"
    )
    copy = workflow.start_working_copy(live, admin_user)
    assert copy.hero_image.name == live.hero_image.name
    stored = bucket.keys()

    response = admin_client.post(
        f"/admin/articles/article/{copy.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Article.objects.filter(pk=copy.pk).exists()
    assert bucket.keys() == stored
    page = admin_client.get(live.get_absolute_url()).content.decode()
    src, _ = image_attributes(page)
    assert src == f"https://{CDN}/{live.hero_image.name}"


def test_the_article_page_points_at_the_cdn(client, bucket):
    article = ArticleFactory(
        hero_image=ContentFile(png(), name="hero.png"),
        hero_image_alt="Insulin-producing cells under a microscope",
    )

    response = client.get(article.get_absolute_url())

    page = response.content.decode()
    src, srcset = image_attributes(page)
    assert src == f"https://{CDN}/{article.hero_image.name}"
    assert srcset == [
        f"https://{CDN}/{name}" for name in article.hero_renditions["widths"].values()
    ]
    assert f'<meta property="og:image" content="{src}">' in page
    structured = re.search(r'"image":"([^"]+)"', page).group(1)
    assert structured == src
    img_src = re.search(r"img-src ([^;]+)", response["Content-Security-Policy"])
    assert f"https://{CDN}" in img_src.group(1).split()
    # The list's cards use the same URLs.
    cards = client.get("/en/articles/").content.decode()
    assert f'src="{src}"' in cards


def test_without_a_cdn_the_page_links_the_bucket_and_the_links_work(
    client, plain_bucket, s3_endpoint
):
    article = ArticleFactory(
        hero_image=ContentFile(png(), name="hero.png"), hero_image_alt="Cells"
    )

    page = client.get(article.get_absolute_url()).content.decode()

    src, srcset = image_attributes(page)
    bucket_url = f"{s3_endpoint}/{plain_bucket.name}/"
    assert src == bucket_url + article.hero_image.name
    for url in [src, *srcset]:
        assert url.startswith(bucket_url)
        with urllib.request.urlopen(url, timeout=10) as response:
            data = response.read()
        with Image.open(io.BytesIO(data)) as image:
            assert image.format in {"PNG", "WEBP"}


def test_a_body_image_uploaded_in_the_editor_gets_renditions_in_the_bucket(
    admin_client, bucket
):
    response = admin_client.post(
        "/ckeditor5/image_upload/",
        {"upload": SimpleUploadedFile("scan.png", png((900, 500)))},
    )

    url = response.json()["url"]
    assert url.startswith(f"https://{CDN}/articles/body/")
    name = url.removeprefix(f"https://{CDN}/")
    assert bucket.keys() == {name}

    article = ArticleFactory(body=f'<h2>Scan</h2><p><img src="{url}" alt="A scan"></p>')

    made = renditions(bucket.keys())
    assert len(made) == 2  # 480 and 800 px: the image is 900 px wide
    for key in made:
        assert f"https://{CDN}/{key} " in article.body_html


def test_after_moving_the_media_body_images_link_the_bucket(client, bucket, settings):
    # Inserted in the editor before the move, when media were on disk.
    article = ArticleFactory(
        body='<h2>Scan</h2><p><img src="/media/articles/body/scan.png" alt="A scan">'
        '<img src="https://elsewhere.example.org/x.png" alt="External"></p>'
    )
    last_updated = article.updated_at
    assert (
        'src="/media/articles/body/scan.png"'
        in client.get(article.get_absolute_url()).content.decode()
    )
    # The files are copied into the bucket under the same names.
    bucket.client.put_object(
        Bucket=bucket.name, Key="articles/body/scan.png", Body=png((900, 500))
    )
    settings.MEDIA_PREVIOUS_URLS = ["/media/"]

    call_command("relink_media", stdout=io.StringIO())

    article.refresh_from_db()
    current = f"https://{CDN}/articles/body/scan.png"
    assert f'src="{current}"' in article.body
    assert 'src="https://elsewhere.example.org/x.png"' in article.body
    assert "/media/" not in article.body + article.body_html
    made = renditions(bucket.keys())
    assert len(made) == 2
    for key in made:
        assert f"https://{CDN}/{key} " in article.body_html
    assert article.updated_at == last_updated
    # Not kept in the page cache: the next visitor sees the new address.
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'src="{current}"' in page and "/media/articles" not in page


def test_relinking_needs_the_previous_addresses(settings):
    settings.MEDIA_PREVIOUS_URLS = []
    with pytest.raises(CommandError, match="MEDIA_PREVIOUS_URLS"):
        call_command("relink_media")


def test_an_author_photo_goes_to_the_bucket(admin_client, bucket):
    response = admin_client.post(
        "/admin/articles/author/add/",
        {
            "name": "Dr. Ayşe Demir",
            "credentials": "MD",
            "bio": "",
            "photo": SimpleUploadedFile("me.png", png((300, 300))),
        },
    )

    assert response.status_code == 302
    photo = Author.objects.get(name="Dr. Ayşe Demir").photo
    assert bucket.keys() == {photo.name}
    assert photo.name.startswith("authors/")
    assert photo.url == f"https://{CDN}/{photo.name}"


def test_the_demo_loads_into_the_bucket_once(bucket):
    load_demo_content()

    keys = bucket.keys()
    assert {HERO_IMAGE, *BODY_IMAGES.values()} <= keys
    # Three sources, each at 480, 800 and 1200 px.
    assert len(renditions(keys)) == 9
    article = Article.objects.get(language="en", featured=True)
    for name in BODY_IMAGES.values():
        assert f'src="https://{CDN}/{name}"' in article.body_html
    assert "srcset=" in article.body_html

    load_demo_content()

    assert bucket.keys() == keys


def test_a_name_already_in_the_bucket_is_never_overwritten(bucket):
    first = default_storage.save("notes/same.png", ContentFile(png((10, 10))))
    second = default_storage.save("notes/same.png", ContentFile(png((20, 20))))

    assert first == "notes/same.png" and second != first
    with default_storage.open(first) as file, Image.open(file) as image:
        assert image.size == (10, 10)


SETTINGS_CODE = (
    "import json, sys, django; django.setup(); "
    "from django.conf import settings; import liv_site.urls; "
    "print(json.dumps({'storage': settings.STORAGES['default'], "
    "'media_url': settings.MEDIA_URL, 'serve_media': settings.SERVE_MEDIA, "
    "'boto3_loaded': 'boto3' in sys.modules}))"
)


def test_settings_use_the_bucket_named_in_the_environment():
    result = run_python(
        SETTINGS_CODE,
        DEBUG="1",
        MEDIA_STORAGE_BUCKET="liv-media",
        MEDIA_STORAGE_ENDPOINT_URL="https://minio.internal:9000",
        MEDIA_STORAGE_REGION="eu-central-1",
        MEDIA_STORAGE_CUSTOM_DOMAIN="media.example.org",
    )

    loaded = json.loads(result.stdout)
    assert loaded["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    options = loaded["storage"]["OPTIONS"]
    assert options["bucket_name"] == "liv-media"
    assert options["endpoint_url"] == "https://minio.internal:9000"
    assert options["region_name"] == "eu-central-1"
    assert options["querystring_auth"] is False
    assert options["file_overwrite"] is False
    assert loaded["media_url"] == "https://media.example.org/"
    assert loaded["serve_media"] is False


def test_without_a_bucket_media_stay_on_disk_and_boto3_is_never_loaded():
    result = run_python(SETTINGS_CODE, DEBUG="1")

    loaded = json.loads(result.stdout)
    assert loaded == {
        "storage": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "media_url": "/media/",
        "serve_media": True,
        "boto3_loaded": False,
    }


@pytest.mark.parametrize(
    ("options", "media_url"),
    [
        ({}, "https://liv-media.s3.amazonaws.com/"),
        (
            {"region": "eu-central-1"},
            "https://liv-media.s3.eu-central-1.amazonaws.com/",
        ),
        (
            {"endpoint_url": "http://127.0.0.1:9000/", "region": "us-east-1"},
            "http://127.0.0.1:9000/liv-media/",
        ),
        ({"custom_domain": "media.example.org"}, "https://media.example.org/"),
        (
            {
                "endpoint_url": "https://minio.internal:9000",
                "custom_domain": "http://localhost:8080/media/",
            },
            "http://localhost:8080/media/",
        ),
    ],
)
def test_media_urls_for_each_kind_of_service(options, media_url):
    storage, url = s3_media("liv-media", **options)

    assert url == media_url
    assert S3Storage(**storage["OPTIONS"]).url("a b/ü.png") == (
        media_url + "a%20b/%C3%BC.png"
    )


def test_the_bucket_address_is_the_one_boto3_would_build(s3_endpoint):
    storage, _ = s3_media("liv-media", endpoint_url=s3_endpoint, region=REGION)
    ours = S3Storage(**storage["OPTIONS"])
    botos = S3Storage(**{**storage["OPTIONS"], "custom_domain": None})

    assert ours.url("renditions/a b-800w.webp") == botos.url("renditions/a b-800w.webp")


def test_prune_media_deletes_only_what_nothing_names(admin_client, bucket):
    # A hero, then another: the first is named by the history alone.
    article = add_article_with_hero(admin_client)
    first = hero_objects(article)
    replace_hero(admin_client, article)
    # Two images dropped into the editor; only one stays in the text.
    used, abandoned = (
        admin_client.post(
            "/ckeditor5/image_upload/",
            {"upload": SimpleUploadedFile("scan.png", png((900, 500)))},
        ).json()["url"]
        for _upload in range(2)
    )
    article.refresh_from_db()
    article.body += f'<p><img src="{used}" alt="A scan"></p>'
    article.save()
    abandoned_name = abandoned.removeprefix(f"https://{CDN}/")
    everything = bucket.keys()
    out = io.StringIO()

    call_command("prune_media", stdout=out)
    assert "0 unused media objects" in out.getvalue()  # all stored just now

    call_command("prune_media", "--older-than-days=0", stdout=out)
    assert abandoned_name in out.getvalue()
    assert bucket.keys() == everything  # listed, not deleted

    call_command("prune_media", "--older-than-days=0", "--delete", stdout=out)
    assert bucket.keys() == everything - {abandoned_name}
    admin_client.get(article.get_absolute_url())

    # Once the history is gone, so is what only it named.
    Version.objects.all().delete()
    call_command("prune_media", "--older-than-days=0", "--delete", stdout=out)
    assert bucket.keys() == everything - {abandoned_name} - first
