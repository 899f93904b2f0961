"""Bad export files are refused with a clear error and nothing written."""

import io
import tracemalloc

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from wordpress.wxr import WxrError, read_export

pytestmark = pytest.mark.django_db

WXR_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
    "<wp:wxr_version>1.2</wp:wxr_version>"
    "<wp:base_site_url>https://old.example.org</wp:base_site_url>"
)
POST = (
    "<item><title>Post {n}</title><dc:creator>web</dc:creator>"
    "<content:encoded><![CDATA[{body}]]></content:encoded>"
    "<wp:post_id>{n}</wp:post_id><wp:post_name>post-{n}</wp:post_name>"
    "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
    "<wp:post_date_gmt>2023-01-01 10:00:00</wp:post_date_gmt></item>"
)
BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    "<rss><channel><title>&c;</title></channel></rss>"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    "<rss><channel><title>&x;</title></channel></rss>"
)
BAD_FILES = {
    "malformed": (WXR_HEAD + POST.format(n=1, body="ok") + "<item>", "well-formed"),
    "not_rss": ("<html><body>Hello</body></html>", "not an RSS feed"),
    "plain_rss": (
        '<rss version="2.0"><channel><title>News</title>'
        "<item><title>A</title></item></channel></rss>",
        "not a WordPress export",
    ),
    "xml_bomb": (BOMB, "refused unread"),
    "external_entity": (EXTERNAL_ENTITY, "refused unread"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_bad_file_is_refused_and_nothing_is_written(name, tmp_path):
    content, message = BAD_FILES[name]
    path = tmp_path / f"{name}.xml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("import_wordpress", str(path), verbosity=0)
    assert Article.objects.count() == 0


def test_a_file_broken_after_good_posts_writes_none_of_them(tmp_path):
    path = tmp_path / "cut.xml"
    posts = "".join(POST.format(n=n, body="<p>Fine.</p>") for n in range(1, 4))
    path.write_text(WXR_HEAD + posts + "<item><title>Cut off", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_wordpress", str(path), verbosity=0)
    assert Article.objects.count() == 0


def test_memory_stays_flat_however_big_the_export():
    """Reading 20 MB of posts holds one post at a time, not the file."""
    body = "<p>" + "Insulin helps sugar enter the cells. " * 50 + "</p>"
    count = 10_000
    data = (
        WXR_HEAD + "".join(POST.format(n=n, body=body) for n in range(count))
    ).encode() + b"</channel></rss>"
    assert len(data) > 20_000_000
    tracemalloc.start()
    try:
        read = sum(1 for _ in read_export(io.BytesIO(data))) - 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert read == count
    assert peak < 2_000_000


def test_wxr_1_1_is_read():
    data = WXR_HEAD.replace("1.2", "1.1") + POST.format(n=5, body="x")
    items = list(read_export(io.BytesIO((data + "</channel></rss>").encode())))
    assert items[0].version == "1.1"
    assert items[1].post_id == 5


def test_an_unknown_wxr_version_is_refused():
    data = WXR_HEAD.replace(">1.2<", ">9.0<") + "</channel></rss>"
    with pytest.raises(WxrError, match="9.0 is not supported"):
        list(read_export(io.BytesIO(data.encode())))
