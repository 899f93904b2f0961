"""Where visitors reach an article. When a published (or scheduled)
article's address changes, by a new slug or language, ``page_moved`` says
so; when an article goes live at an address, ``page_published`` does
(core.signals). The redirects app listens: the old address then leads to
the new one."""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from core.signals import page_moved, page_published

from .models import Article, page_path


def _live_path(language, slug, status, draft_of_id):
    """The article's address if visitors can reach it (or will, once its
    time comes), else None."""
    if status != Article.Status.PUBLISHED or draft_of_id is not None:
        return None
    return page_path("articles:detail", language, slug)


@receiver(pre_save, sender=Article)
def remember_address(sender, instance, raw=False, **kwargs):
    instance._live_path_before = None
    if raw or instance.pk is None:
        return
    before = (
        Article.objects.filter(pk=instance.pk)
        .values_list("language", "slug", "status", "draft_of_id")
        .first()
    )
    if before is not None:
        instance._live_path_before = _live_path(*before)


@receiver(post_save, sender=Article)
def announce_address(sender, instance, raw=False, **kwargs):
    if raw:
        return
    path = _live_path(
        instance.language, instance.slug, instance.status, instance.draft_of_id
    )
    before = getattr(instance, "_live_path_before", None)
    if path is None or path == before:
        return
    if before is None:
        page_published.send(sender=Article, path=path)
    else:
        page_moved.send(sender=Article, old_path=before, new_path=path)
