"""Who a translation is credited to (issue 20).

A translation is the translator's text: it is credited to their author
profile (``Article.author``), made for them on their first translation if
they have none. The original's author is its source's author: a
translation records its source (``translation_source``), so the credit is
read from there rather than copied into a second field that could drift.
"""

from ..models import Author


def translator_profile(user):
    """``user``'s author profile, made from their name if they have none.
    A byline, not an account: it signs in as ``user`` and no one else."""
    profile = Author.objects.filter(user=user).first()
    if profile is None:
        name = user.get_full_name() or user.get_username()
        profile = Author.objects.create(user=user, name=name[:150])
    return profile


def original_author(article):
    """The author of the text ``article`` translates, or None for an
    original (or a translation whose source was deleted)."""
    source = article.translation_source
    return source.author if source is not None else None
