"""After moving the media (docs/deployment.md), link the images in article
bodies at their new address.

Every article whose body names an address in ``MEDIA_PREVIOUS_URLS`` is
saved again: its body and page HTML link the current address, and its
page, and the pages that show it, are invalidated as on any save. Its
"last updated" date stays, as nothing a patient reads has changed."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from articles.models import Article

# What Article.save() derives from the body; "updated_at" is left out.
RELINKED_FIELDS = [
    "body",
    "body_html",
    "body_text",
    "table_of_contents",
    "reading_time_minutes",
    "content_release",
]


class Command(BaseCommand):
    help = (
        "Link images in article bodies at the media's current address, "
        "after a move from the addresses in MEDIA_PREVIOUS_URLS."
    )

    def handle(self, **options):
        previous = settings.MEDIA_PREVIOUS_URLS
        if not previous:
            raise CommandError(
                "MEDIA_PREVIOUS_URLS is empty: set it to the addresses the "
                'media had before, e.g. "/media/".'
            )
        linking_previous = Q()
        for address in previous:
            linking_previous |= Q(body__contains=f'src="{address}')
        relinked = 0
        for article in Article.objects.filter(linking_previous).iterator():
            article.save(update_fields=RELINKED_FIELDS)
            relinked += 1
        self.stdout.write(f"Relinked the images of {relinked} article(s).")
