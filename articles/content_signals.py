"""Which articles' stored content sections an edit makes stale (see
``articles.content``): the parts shown in the section, and the citations
its reference lists show."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from faq.models import FaqEntry
from references.models import ArticleCitation, Citation

from .content import mark_stale
from .models import Article, KeyTakeaway


@receiver(post_save, sender=KeyTakeaway)
@receiver(post_delete, sender=KeyTakeaway)
@receiver(post_save, sender=ArticleCitation)
@receiver(post_delete, sender=ArticleCitation)
def article_part_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        mark_stale(Article.objects.filter(pk=instance.article_id))


@receiver(pre_save, sender=FaqEntry)
def remember_faq_article(sender, instance, raw=False, **kwargs):
    """An entry moved to another article leaves the first one too."""
    instance._content_article_before = None
    if not raw and instance.pk is not None:
        instance._content_article_before = (
            FaqEntry.objects.filter(pk=instance.pk)
            .values_list("article_id", flat=True)
            .first()
        )


@receiver(post_save, sender=FaqEntry)
@receiver(post_delete, sender=FaqEntry)
def faq_entry_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_content_article_before", None)
    shown_on = {instance.article_id, before} - {None}
    if shown_on:
        mark_stale(Article.objects.filter(pk__in=shown_on))


@receiver(post_save, sender=Citation)
def citation_changed(sender, instance, raw=False, **kwargs):
    # A citation still cited can't be deleted (PROTECT); taking it off an
    # article deletes the link, handled above.
    if not raw:
        mark_stale(Article.objects.filter(article_citations__citation=instance))
