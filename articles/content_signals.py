"""Which articles' stored content sections and cards an edit makes stale
(see ``articles.content`` and ``articles.cards``): the parts shown in the
section, the citations its reference lists show, the topic (in the
section's breadcrumbs and on cards) and the people its byline credits. An
edit of the article itself makes them stale as it saves."""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from faq.models import FaqEntry
from references.models import ArticleCitation, Citation

from .content import mark_stale
from .models import Article, Author, Category, KeyTakeaway


@receiver(post_save, sender=KeyTakeaway)
@receiver(post_delete, sender=KeyTakeaway)
@receiver(post_save, sender=ArticleCitation)
@receiver(post_delete, sender=ArticleCitation)
def article_part_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        mark_stale(Article.objects.filter(pk=instance.article_id))


@receiver(post_save, sender=FaqEntry)
@receiver(post_delete, sender=FaqEntry)
def faq_entry_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if shown_on := instance.shown_on_article_ids():
        mark_stale(Article.objects.filter(pk__in=shown_on))


@receiver(post_save, sender=Citation)
def citation_changed(sender, instance, raw=False, **kwargs):
    # A citation still cited can't be deleted (PROTECT); taking it off an
    # article deletes the link, handled above.
    if not raw:
        mark_stale(Article.objects.filter(article_citations__citation=instance))


@receiver(post_save, sender=Category)
def category_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        mark_stale(Article.objects.filter(category=instance))


@receiver(post_save, sender=Author)
def author_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        mark_stale(
            Article.objects.filter(Q(author=instance) | Q(medical_reviewer=instance))
        )
