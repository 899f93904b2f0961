"""The article's columns by what they are for, declared once.

Most columns are what staff write. The others are *derived*: computed
from what staff write when an article is saved (``DERIVED_ON_SAVE``,
``SEARCH_INDEX``) or rendered for visitors and stored with the release
they were rendered with (``STORED_RENDERINGS``, see
``articles.rendering``). Saved versions, working copies and restores
carry only what staff write (``DERIVED``), and the page loads only what
it shows (``PAGE_DEFERRED_FIELDS``).
"""

import secrets

DERIVED_ON_SAVE = (
    "body_html",
    "body_text",
    "table_of_contents",
    "reading_time_minutes",
    "hero_image_width",
    "hero_image_height",
    "hero_renditions",
    "content_checks",
)
SEARCH_INDEX = ("search_vector", "title_summary_vector")
# The content section, the page's <head> additions and the card, each
# with the release stamp it was rendered with.
STORED_RENDERINGS = (
    "content_html",
    "faq_json_ld",
    "head_html",
    "content_release",
    "card_html",
    "card_release",
)
DERIVED = DERIVED_ON_SAVE + SEARCH_INDEX + STORED_RENDERINGS

# What the hero image is made of: erased together (articles.media).
HERO_IMAGE_FIELDS = (
    "hero_image",
    "hero_image_alt",
    "hero_image_caption",
    "hero_renditions",
)

# What an article card shows (templates/includes/article_card.html).
CARD_FIELDS = (
    "language",
    "title",
    "slug",
    "summary",
    "hero_image",
    "hero_image_width",
    "hero_image_height",
    "hero_renditions",
    "published_at",
    "reading_time_minutes",
    "category__name",
    "category__slug",
    "category__translations",
)
# The card as stored (articles.rendering.cards).
STORED_CARD_FIELDS = ("card_html", "card_release")
# The page shows the stored content section; what it is rendered from is
# loaded only when it has to be rendered again.
PAGE_DEFERRED_FIELDS = (
    "body",
    "body_html",
    "body_text",
    "table_of_contents",
    "search_vector",
    "title_summary_vector",
    "content_checks",
    "card_html",
)


def stale_token():
    """A release stamp no release has: the stored rendering it marks is
    rendered again when next shown (articles.rendering)."""
    return f"stale:{secrets.token_hex(8)}"
