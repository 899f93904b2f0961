"""Pages that move keep their old addresses working (core.signals): the
old address answers 301 to the new one, redirects that led to it are
pointed straight at the new one, and a redirect away from an address
that is a page again goes."""

from django.dispatch import receiver

from core.signals import page_moved, page_published

from . import lookup

# Where the redirect came from, in the admin's list (data, like the
# WordPress import's note, not interface text).
MOVED_NOTE = "Address changed"


@receiver(page_moved)
def keep_old_address(sender, old_path, new_path, **kwargs):
    lookup.page_moved(old_path, new_path, note=MOVED_NOTE)


@receiver(page_published)
def drop_redirect_away(sender, path, **kwargs):
    lookup.page_published(path)
