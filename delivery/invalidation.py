"""Which cached pages an edit invalidates (see ``delivery.page_cache``).

Writes are rare and reads are many, so the work is done here, at save
time: each receiver works out the pages that can show the object and bumps
their versions. A few queries per save buy a hit path with none.

An import saves thousands of articles in a row, where working the pages
out on every save would cost more than the saves: within ``batched()``
the article receivers only note what changed, and ``Changes.flush`` works
out and bumps the pages of all of it at once.
"""

import contextlib
import logging
from contextvars import ContextVar

from django.db import DatabaseError
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from articles.models import Article, Author, Category, KeyTakeaway
from faq.models import FaqEntry
from references.models import ArticleCitation, Citation

from . import page_cache

logger = logging.getLogger(__name__)


class Changes:
    """Article changes whose pages are not bumped yet."""

    def __init__(self):
        # (language, slug, category_id) of articles that are or were shown
        self.shown = set()
        # Languages whose menu may have changed.
        self.menus = set()
        # Translation groups whose pages name a changed article.
        self.groups = set()
        # Articles whose parts (FAQ, citations, takeaways) changed.
        self.article_ids = set()
        # Languages whose lists show a changed FAQ entry (the FAQ page).
        self.lists = set()

    def add_article(self, before, after, group, deleted):
        # Only an article that is (or was) published, or scheduled, is on a
        # visitor page; a draft's edits invalidate nothing.
        shown = {s for s in (before, after) if s is not None and s[3]}
        self.shown.update(state[:3] for state in shown)
        # The menu lists topics with articles: it changes only when an
        # article appears, disappears or moves to another topic.
        if deleted or before != after:
            self.menus.update(state[0] for state in shown)
            # The language links and hreflang of its translations name it.
            self.groups.add(group)

    def page_names(self):
        """The version names of every page the changes show on: the
        articles' pages, those listing them as related (same language and
        topic), the lists, menus and translations."""
        names = {f"list:{language}" for language in self.lists}
        names |= {f"nav:{language}" for language in self.menus}
        topics = {}
        for language, slug, category_id in self.shown:
            names |= {f"article:{language}:{slug}", f"list:{language}"}
            if category_id is not None:
                topics.setdefault(language, set()).add(category_id)
        originals = Article.objects.originals()
        for language, category_ids in topics.items():
            related = originals.filter(language=language, category_id__in=category_ids)
            names.update(
                f"article:{language}:{slug}"
                for slug in related.values_list("slug", flat=True)
            )
        pages = originals.none()
        if self.groups:
            pages |= originals.filter(translation_group__in=self.groups)
        if self.article_ids:
            pages |= originals.filter(pk__in=self.article_ids)
        names.update(
            f"article:{language}:{slug}"
            for language, slug in pages.values_list("language", "slug")
        )
        return names

    def flush(self):
        """Bump the pages of everything noted so far."""
        if not self.is_empty():
            page_cache.bump(*self.page_names())
            page_cache.refresh_next_publication()
        self.discard()

    def discard(self):
        """Forget what was noted (a rolled back dry run changed nothing)."""
        self.__init__()

    def is_empty(self):
        return not (
            self.shown or self.menus or self.groups or self.article_ids or self.lists
        )


_batch = ContextVar("page_cache_batch", default=None)


@contextlib.contextmanager
def batched():
    """Article saves within only note their changes, in the ``Changes``
    given, which the caller flushes whenever it likes (between two
    transactions: after a commit, the pages are rendered from the new
    rows); what is left is flushed at the end. A flush that can't read
    the database bumps every page instead."""
    changes = Changes()
    token = _batch.set(changes)
    try:
        yield changes
    finally:
        _batch.reset(token)
        try:
            changes.flush()
        except DatabaseError:
            logger.exception("Page cache: invalidating every page instead")
            page_cache.bump("site")


def _article_state(article):
    return (
        article.language,
        article.slug,
        article.category_id,
        article.status == Article.Status.PUBLISHED and article.draft_of_id is None,
    )


@receiver(pre_save, sender=Article)
def remember_article_before_save(sender, instance, raw=False, **kwargs):
    instance._page_cache_before = None
    if raw or instance.pk is None:
        return
    before = Article.objects.filter(pk=instance.pk).first()
    if before is not None:
        instance._page_cache_before = _article_state(before)


@receiver(post_save, sender=Article)
@receiver(post_delete, sender=Article)
def article_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    batch = _batch.get()
    changes = batch if batch is not None else Changes()
    changes.add_article(
        getattr(instance, "_page_cache_before", None),
        _article_state(instance),
        instance.translation_group,
        deleted=kwargs.get("signal") is post_delete,
    )
    if batch is None:
        page_cache.bump(*changes.page_names())
        page_cache.refresh_next_publication()


@receiver(post_save, sender=KeyTakeaway)
@receiver(post_delete, sender=KeyTakeaway)
@receiver(post_save, sender=ArticleCitation)
@receiver(post_delete, sender=ArticleCitation)
def article_part_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if (batch := _batch.get()) is not None:
        batch.article_ids.add(instance.article_id)
        return
    article = Article.objects.filter(pk=instance.article_id).first()
    if article is not None:
        page_cache.bump(f"article:{article.language}:{article.slug}")


@receiver(post_save, sender=FaqEntry)
@receiver(post_delete, sender=FaqEntry)
def faq_entry_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if (batch := _batch.get()) is not None:
        batch.lists.add(instance.language)
        batch.article_ids |= instance.shown_on_article_ids()
        return
    names = {f"list:{instance.language}"}
    if shown_on := instance.shown_on_article_ids():
        shown = Article.objects.filter(pk__in=shown_on)
        names |= {
            f"article:{language}:{slug}"
            for language, slug in shown.values_list("language", "slug")
        }
    page_cache.bump(*names)


@receiver(post_save, sender=Citation)
@receiver(pre_delete, sender=Citation)
def citation_changed(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    cited_in = Article.objects.filter(article_citations__citation=instance)
    page_cache.bump(
        *{
            f"article:{language}:{slug}"
            for language, slug in cited_in.values_list("language", "slug")
        }
    )


@receiver(post_save, sender=Author)
@receiver(pre_delete, sender=Author)
def author_changed(sender, instance, raw=False, **kwargs):
    """Bylines show on the author's article pages and on every list."""
    if raw or instance.pk is None:
        return
    credited = Article.objects.filter(author=instance) | Article.objects.filter(
        medical_reviewer=instance
    )
    names = set()
    for language, slug in credited.values_list("language", "slug"):
        names |= {f"article:{language}:{slug}", f"list:{language}"}
    page_cache.bump(*names)


@receiver(post_save, sender=Category)
@receiver(post_delete, sender=Category)
def category_changed(sender, raw=False, **kwargs):
    """Topics are in the menu of every visitor page: the one global bump,
    for an edit that happens a few times a year."""
    if not raw:
        page_cache.bump("site")
