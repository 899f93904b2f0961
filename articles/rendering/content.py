"""An article's content section: its header (topic, title, byline with the
people credited, review dates), hero image, key takeaways, contents, the
body with its citation markers linked, the FAQ and the references.

It is most of the cost of rendering an article page (three queries for the
parts, the marker linking, hundreds of template nodes) and changes only
when someone edits, so it is rendered then rather than on every view, like
``body_html``: stored on the article with the *release* it was rendered
with. Editing the article, a part, its topic or the people it credits
replaces that stamp with a stale token (``stale_token``, ``mark_stale``,
when ``articles.changes`` reports the article changed); a deploy that changes code,
templates or translations changes the release (``core.release``).
Either way the next view renders the section again and stores it, unless
another edit came in meanwhile (the token it read is gone by then).

The overdue-review notice starts on a date, with nobody editing: the
stamp also says whether the section shows it (``stamp``).

What the article adds to the page's ``<head>`` (Open Graph tags, JSON-LD
for the page, its breadcrumbs and its FAQ) is stored with it. Its links
are absolute, so they are stored under a stand-in origin (``ORIGIN``) and
the page puts its own in (``Content.head_html_at``).
"""

from dataclasses import dataclass

from django.conf import settings
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from core import release
from core.templatetags.structured_data import json_ld
from faq.models import FaqEntry
from faq.templatetags.faq_tags import faq_json_ld
from references.markers import number_references

from ..models import Article, stale_token
from ..signals import articles_changed
from . import structured_data

TEMPLATE = "articles/includes/article_content.html"
HEAD_TEMPLATE = "includes/social_meta.html"
# A reserved name (RFC 2606), where the stored JSON-LD's links start.
ORIGIN = "https://origin.invalid"


@dataclass(frozen=True)
class Content:
    html: SafeString
    faq_json_ld: SafeString
    head_html: str

    def head_html_at(self, origin):
        """The ``<head>`` part with its links under ``origin`` (validated by
        ``ALLOWED_HOSTS``). A link always starts a JSON string or an
        attribute value; the same text inside one would follow an escaped
        quote, and be a link too."""
        return mark_safe(self.head_html.replace(f'"{ORIGIN}', f'"{origin}'))


def render(article, takeaways=None):
    """The section for ``article`` as it is now (nothing stored). The
    admin's preview of an earlier version passes that version's
    ``takeaways``."""
    # The article's own published entries, whether or not the article is
    # live yet (a draft's preview shows them too).
    faq_entries = list(article.faq_entries.filter(status=FaqEntry.Status.PUBLISHED))
    citations = article.article_citations.select_related("citation")
    body_html, references = number_references(
        article.body_html, [link.citation for link in citations]
    )
    with translation.override(article.language):
        html = render_to_string(
            TEMPLATE,
            {
                "article": article,
                "takeaways": list(
                    article.takeaways.all() if takeaways is None else takeaways
                ),
                "body_html": body_html,
                "faq_entries": faq_entries,
                "references": references,
                "show_review_notice": shows_review_notice(article),
            },
        )
        faq_data = faq_json_ld(faq_entries)
        head = render_to_string(HEAD_TEMPLATE, social_meta(article))
        head += json_ld(structured_data.medical_web_page(article, ORIGIN))
        head += json_ld(structured_data.article_breadcrumbs(article, ORIGIN))
    return Content(
        html=mark_safe(html),
        faq_json_ld=mark_safe(faq_data),
        head_html=head,
    )


def for_page(article):
    """The stored section, rendered and stored first if it is stale."""
    current = stamp(article)
    if article.content_release == current:
        return Content(
            html=mark_safe(article.content_html),
            faq_json_ld=mark_safe(article.faq_json_ld),
            head_html=article.head_html,
        )
    # What the page itself doesn't show was left in the database.
    if deferred := article.get_deferred_fields() & {"body_html", "table_of_contents"}:
        article.refresh_from_db(fields=deferred)
    content = render(article)
    # A plain UPDATE (no signals, nothing else rewritten), and none at all
    # if an edit has made the section stale again since the row was read.
    read_as = article.content_release
    type(article).objects.filter(pk=article.pk, content_release=read_as).update(
        content_html=content.html,
        faq_json_ld=content.faq_json_ld,
        head_html=content.head_html,
        content_release=current,
    )
    return content


def social_meta(article):
    """The Open Graph context of ``article``'s page."""
    context = {
        "LANGUAGE_CODE": article.language,
        "origin": ORIGIN,
        # Shared links name the address search engines are told to show.
        "og_path": article.canonical_path,
        "og_type": "article",
        "og_title": article.seo_title or article.title,
        "og_description": article.summary,
    }
    if article.hero_image:
        context["og_image"] = article.hero_image.url
        context["og_image_alt"] = article.hero_image_alt
    return context


def shows_review_notice(article):
    return settings.REVIEW_OVERDUE_NOTICE and article.is_review_overdue()


def stamp(article):
    """What the stored section of ``article`` must have been rendered with
    to be shown now: this release, and the review notice if it is due."""
    current = release.current()
    return f"{current}:review-notice" if shows_review_notice(article) else current


def mark_stale(articles):
    """The next view of these articles renders their section again, and the
    next page showing their cards renders those (articles.cards)."""
    articles.update(content_release=stale_token(), card_release=stale_token())


@receiver(articles_changed, dispatch_uid="articles.rendering.content")
def edit_makes_renderings_stale(sender, change, **kwargs):
    if change.rendered:
        mark_stale(Article.objects.filter(pk__in=change.rendered))
