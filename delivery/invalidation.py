"""Which cached pages an edit invalidates (see ``delivery.page_cache``).

Writes are rare and reads are many, so the work is done here, at save
time: each receiver works out the pages that can show the object and bumps
their versions. A few queries per save buy a hit path with none.
"""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from articles.models import Article, Author, Category, KeyTakeaway
from faq.models import FaqEntry
from references.models import ArticleCitation, Citation

from . import page_cache


def article_pages(language, slug, category_id):
    """The article's own page and the pages of the articles that list it
    as related (same language and topic)."""
    names = {f"article:{language}:{slug}"}
    if category_id is not None:
        slugs = Article.objects.originals().filter(
            language=language, category_id=category_id
        )
        names.update(
            f"article:{language}:{s}" for s in slugs.values_list("slug", flat=True)
        )
    return names


def translation_pages(article):
    """The pages of the article's other language versions."""
    siblings = Article.objects.originals().filter(
        translation_group=article.translation_group
    )
    return {
        f"article:{language}:{slug}"
        for language, slug in siblings.exclude(pk=article.pk).values_list(
            "language", "slug"
        )
    }


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
    after = _article_state(instance)
    before = getattr(instance, "_page_cache_before", None)
    deleted = kwargs.get("signal") is post_delete
    # Only an article that is (or was) published, or scheduled, is on a
    # visitor page; a draft's edits invalidate nothing.
    shown = [s for s in {before, after} if s is not None and s[3]]
    names = set()
    for language, slug, category_id, _published in shown:
        names |= article_pages(language, slug, category_id)
        names.add(f"list:{language}")
    # The menu lists topics with articles: it changes only when an article
    # appears, disappears or moves to another topic.
    if deleted or before != after:
        names |= {f"nav:{state[0]}" for state in shown}
        # The language links and hreflang of its translations name it.
        names |= translation_pages(instance)
    page_cache.bump(*names)
    page_cache.refresh_next_publication()


@receiver(post_save, sender=KeyTakeaway)
@receiver(post_delete, sender=KeyTakeaway)
@receiver(post_save, sender=ArticleCitation)
@receiver(post_delete, sender=ArticleCitation)
def article_part_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    article = Article.objects.filter(pk=instance.article_id).first()
    if article is not None:
        page_cache.bump(f"article:{article.language}:{article.slug}")


@receiver(post_save, sender=FaqEntry)
@receiver(post_delete, sender=FaqEntry)
def faq_entry_changed(sender, instance, raw=False, **kwargs):
    if raw:
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
