"""Which cached pages an edit invalidates (see ``delivery.page_cache``).

The articles app says what an edit changed, in its own terms, with one
domain signal (``articles.changes``): the article pages that show it, the
languages whose lists and header topics show it, or everything. Each
becomes the page-cache versions of those pages.
"""

from django.dispatch import receiver

from articles.signals import articles_changed

from . import page_cache


def version_names(change):
    names = {f"article:{language}:{slug}" for language, slug in change.pages}
    names |= {f"list:{language}" for language in change.lists}
    names |= {f"nav:{language}" for language in change.menus}
    if change.everywhere:
        names.add("site")
    return names


@receiver(articles_changed, dispatch_uid="delivery.invalidation")
def invalidate_pages(sender, change, **kwargs):
    page_cache.bump(*version_names(change))
    if change.schedule:
        page_cache.refresh_next_publication()
