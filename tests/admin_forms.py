"""Helpers for posting the Article admin's change form in tests."""

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
