"""Issues ready to send, for the sending tests."""

from newsletter.models import NewsletterIssue
from tests.factories import SubscriberFactory


def approved_issue(language="en", **fields):
    fields.setdefault("subject", f"Spring health news ({language})")
    fields.setdefault("preheader", "Allergies, sleep and your heart")
    fields.setdefault(
        "body", "<p>Hello from the hospital.</p><p>Read more on our site.</p>"
    )
    fields.setdefault("state", NewsletterIssue.State.APPROVED)
    return NewsletterIssue.objects.create(language=language, **fields)


def confirmed(count, language="en", **fields):
    return SubscriberFactory.create_batch(
        count, confirmed=True, language=language, **fields
    )
