"""A generated WordPress export for the import benchmark: posts in five
languages (Polylang), each group of five a set of translations, filed
under topics translated likewise, with images in a local uploads folder.
Written as a stream, like the import reads it."""

import io
import random
import resource
import time
from xml.sax.saxutils import escape

from PIL import Image

from .importer import ImportOptions, import_export

LANGUAGES = ["en", "tr", "ar", "ru", "de"]
HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Benchmark</title><link>https://bench.example.org</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://bench.example.org</wp:base_site_url>
<wp:base_blog_url>https://bench.example.org</wp:base_blog_url>
<wp:author><wp:author_login><![CDATA[web]]></wp:author_login>
<wp:author_display_name><![CDATA[Web Team]]></wp:author_display_name></wp:author>
"""
# A health library files its articles under some dozens of topics.
TOPICS = 40
ITEM = """<item><title>{title}</title>
<link>https://bench.example.org/{language}/2023/01/{slug}/</link>
<dc:creator><![CDATA[web]]></dc:creator>
<content:encoded><![CDATA[{body}]]></content:encoded>
<excerpt:encoded><![CDATA[{title}: causes, symptoms and treatment.]]></excerpt:encoded>
<wp:post_id>{post_id}</wp:post_id>
<wp:post_date_gmt>2023-01-01 10:00:00</wp:post_date_gmt>
<wp:post_modified_gmt>2023-02-01 10:00:00</wp:post_modified_gmt>
<wp:post_name><![CDATA[{slug}]]></wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="category"
 nicename="{category}"><![CDATA[Topic {topic} ({language})]]></category>
<category domain="language" nicename="{language}">{language}</category>
<category domain="post_translations" nicename="pll_{group}">pll_{group}</category>
</item>
"""
PARAGRAPH = (
    "Condition {n} is common. Its symptoms include tiredness and thirst, "
    "and a doctor can confirm it with a simple blood test.\n\n"
)


def write_export(path, posts, images_per_post, media_dir=None, topics=TOPICS):
    """Write an export of ``posts`` posts to ``path``; with ``media_dir``,
    also the images they show."""
    with open(path, "w", encoding="utf-8") as out:
        out.write(HEAD)
        for topic in range(topics):
            out.write(_category_terms(topic))
        for post_id in range(1, posts + 1):
            out.write(_item(post_id, images_per_post, media_dir, topics))
        out.write("</channel>\n</rss>\n")


def _category_nicename(topic, language):
    return f"topic-{topic}" + ("" if language == "en" else f"-{language}")


def _category_terms(topic):
    """The topic's category in each language, and Polylang's group of
    them (a term_translations term naming each language's term ID)."""
    first_id = 100 + topic * (len(LANGUAGES) + 1)
    terms, group = [], []
    for offset, language in enumerate(LANGUAGES):
        term_id = first_id + offset
        nicename = _category_nicename(topic, language)
        terms.append(
            f"<wp:category><wp:term_id>{term_id}</wp:term_id>"
            f"<wp:category_nicename>{nicename}</wp:category_nicename>"
            "<wp:category_parent></wp:category_parent>"
            f"<wp:cat_name><![CDATA[Topic {topic} ({language})]]></wp:cat_name>"
            "</wp:category>\n"
        )
        group.append(f's:{len(language)}:"{language}";i:{term_id};')
    terms.append(
        f"<wp:term><wp:term_id>{first_id + len(LANGUAGES)}</wp:term_id>"
        "<wp:term_taxonomy>term_translations</wp:term_taxonomy>"
        f"<wp:term_slug>pll_topic_{topic}</wp:term_slug>"
        f"<wp:term_name>pll_topic_{topic}</wp:term_name><wp:term_description>"
        f"<![CDATA[a:{len(LANGUAGES)}:{{{''.join(group)}}}]]></wp:term_description>"
        "</wp:term>\n"
    )
    return "".join(terms)


def _item(post_id, images_per_post, media_dir, topics):
    language = LANGUAGES[(post_id - 1) % len(LANGUAGES)]
    group = (post_id - 1) // len(LANGUAGES)
    body = "".join(PARAGRAPH.format(n=group) for _ in range(6))
    for image in range(images_per_post):
        name = f"2023/01/photo-{post_id}-{image}.png"
        if media_dir is not None:
            _write_image(media_dir / name, post_id + image)
        body += (
            f'<img src="https://bench.example.org/wp-content/uploads/{name}" '
            f'alt="Illustration {image}" />\n\n'
        )
    return ITEM.format(
        title=escape(f"Condition {group} ({language})"),
        slug=f"condition-{group}",
        language=language,
        group=group,
        topic=group % topics,
        category=_category_nicename(group % topics, language),
        post_id=post_id,
        body=body,
    )


def _write_image(path, seed):
    path.parent.mkdir(parents=True, exist_ok=True)
    colour = tuple(random.Random(seed).randrange(256) for _ in range(3))
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())


def run(export, media_dir=None):
    """Import ``export``; return (report, seconds, peak memory in MB)."""
    started = time.perf_counter()
    report = import_export(export, ImportOptions(media_dir=media_dir))
    seconds = time.perf_counter() - started
    # Linux reports the peak resident size in kilobytes.
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return report, seconds, peak_mb
