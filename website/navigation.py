"""The header's topics: the categories with something to read in the
page's language, on every rendered page.

Rendered once per worker and language, and kept while the page cache's
versions of the menu hold (``site`` and ``nav:<language>``, which
``delivery.invalidation`` bumps for the edits that change the menu) and
no scheduled article has come due: one round trip to the cache instead
of a query and a loop over the categories on each page. The worker that
saved the edit drops its copy at once too, subscribed to the same
``articles_changed`` signal. Without the cache, or under DEBUG (templates
change without a restart), the topics are read and rendered every time.
"""

import logging
import time

from django.conf import settings
from django.dispatch import receiver
from django.template.loader import render_to_string

from articles.models import Category
from articles.signals import articles_changed
from delivery import page_cache

logger = logging.getLogger(__name__)

TEMPLATE = "includes/nav_topics.html"

# language -> (versions, kept until (epoch seconds), HTML)
_rendered = {}


def topics_html(language):
    if settings.DEBUG:
        return _render(language)
    names = ("site", f"nav:{language}")
    try:
        versions, lifetime = page_cache.current_versions(names)
    except Exception:
        logger.warning("Header topics: the cache does not answer", exc_info=True)
        return _render(language)
    kept = _rendered.get(language)
    if kept and kept[0] == versions and kept[1] > time.time():
        return kept[2]
    # Rendered after reading the versions: an edit committed meanwhile has
    # already changed them, so this copy is not kept beyond this request.
    html = _render(language)
    _rendered[language] = (versions, time.time() + lifetime, html)
    return html


def _render(language):
    return render_to_string(
        TEMPLATE, {"categories": Category.objects.in_menu(language)}
    )


@receiver(articles_changed, dispatch_uid="website.navigation")
def forget_changed_topics(sender, change, **kwargs):
    if change.everywhere:
        _rendered.clear()
    for language in change.menus:
        _rendered.pop(language, None)
