"""The articles' admin: ``articles`` registers the models; the review
workflow, versions, translations, languages and image erasure are mixins
in their own modules."""

from . import articles, faq_entries, review_due  # noqa: F401 (the model admins)
