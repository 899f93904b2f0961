"""Images missing locally are fetched only from the one site named, by a
real HTTP server here."""

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from PIL import Image

from wordpress.importer import ImportOptions, import_export
from wordpress.models import ImportedMedia, ImportedPost

from .test_media import GPS_IFD, photo_with_gps

pytestmark = pytest.mark.django_db


class _Recording(SimpleHTTPRequestHandler):
    def __init__(self, *args, requests, redirect, **kwargs):
        self.requests, self.redirect = requests, redirect
        super().__init__(*args, **kwargs)

    def do_GET(self):
        self.requests.append(self.path)
        if self.redirect:
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.1:9/elsewhere.jpg")
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, *args):
        pass


def serve(root, redirect=False):
    requests = []
    handler = functools.partial(
        _Recording, directory=str(root), requests=requests, redirect=redirect
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, requests


@pytest.fixture
def old_site(tmp_path):
    root = tmp_path / "site"
    photo_with_gps(root / "wp-content/uploads/2023/05/insulin-pump.jpg")
    server, requests = serve(root)
    yield f"http://127.0.0.1:{server.server_port}", requests
    server.shutdown()
    server.server_close()


def test_images_are_fetched_from_the_named_site_through_the_safe_path(
    export_path, old_site, settings
):
    settings.PAGE_CACHE_ENABLED = False
    address, requests = old_site
    import_export(export_path, ImportOptions(fetch_media_from=address))
    stored = ImportedMedia.objects.get(file="2023/05/insulin-pump.jpg").stored_name
    assert (
        default_storage.url(stored) in ImportedPost.objects.get(wp_id=101).article.body
    )
    with default_storage.open(stored) as file, Image.open(file) as image:
        assert not image.getexif().get_ifd(GPS_IFD)
    assert all(path.startswith("/wp-content/uploads/") for path in requests)
    assert "/wp-content/uploads/2023/05/insulin-pump.jpg" in requests


def test_a_redirect_elsewhere_is_not_followed(export_path, tmp_path, settings):
    settings.PAGE_CACHE_ENABLED = False
    server, requests = serve(tmp_path, redirect=True)
    try:
        report = import_export(
            export_path,
            ImportOptions(fetch_media_from=f"http://127.0.0.1:{server.server_port}"),
        )
    finally:
        server.shutdown()
        server.server_close()
    assert requests  # asked, got a redirect, and went no further
    assert (
        "Image not found, removed: 2023/05/insulin-pump-640x427.jpg"
        in report.warnings[101]
    )


@pytest.mark.parametrize(
    "address", ["ftp://old.example.org", "https://old.example.org/wp-content/", "old"]
)
def test_the_command_takes_only_a_site_address(export_path, address):
    with pytest.raises(CommandError, match="takes a site's address"):
        call_command(
            "import_wordpress", str(export_path), fetch_media_from=address, verbosity=0
        )
