"""Helpers for posting the Article admin's change form in tests."""

from tests.factories import AuthorFactory, CategoryFactory

ARTICLE_INLINES = ("takeaways", "faq_entries", "article_citations")


def empty_inline(prefix):
    """The management form of an inline the editor left untouched."""
    return {
        f"{prefix}-TOTAL_FORMS": "0",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def untouched_article_inlines():
    return {
        key: value
        for prefix in ARTICLE_INLINES
        for key, value in empty_inline(prefix).items()
    }


def new_article_fields(**changes):
    """What the admin's "add article" form posts for a new draft."""
    return {
        "language": "en",
        "title": "Knee replacement",
        "slug": "knee-replacement",
        "summary": "What to expect before and after the operation.",
        "hero_image_alt": "A surgeon explaining a knee model",
        "hero_image_caption": "",
        "body": "<p>Text.</p>",
        "category": CategoryFactory().pk,
        "author": AuthorFactory().pk,
        "medical_reviewer": "",
        "reviewed_on": "",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        **untouched_article_inlines(),
        **changes,
    }
