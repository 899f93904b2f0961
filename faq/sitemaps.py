from django.conf import settings
from django.db.models import Max
from django.urls import reverse
from django.utils import translation

from core.sitemaps import AlternatesSitemap

from .models import FaqEntry


class FaqPageSitemap(AlternatesSitemap):
    """The FAQ page of each language that has published questions."""

    changefreq = "weekly"

    def items(self):
        latest = dict(
            FaqEntry.objects.published()
            .values_list("language")
            .annotate(last_updated=Max("updated_at"))
        )
        return [
            (code, latest[code]) for code, _name in settings.LANGUAGES if code in latest
        ]

    def location(self, item):
        with translation.override(item[0]):
            return reverse("faq:list")

    def lastmod(self, item):
        return item[1]
