"""The email providers' bounce and complaint webhooks (anymail's tracking
views), under /newsletter/webhooks/anymail/. Only tracking: the site
receives no mail. Each view checks ANYMAIL["WEBHOOK_SECRET"] (HTTP basic
auth) before anymail sends its ``tracking`` signal (newsletter.bounces)."""

import logging
from functools import cache

from anymail.exceptions import AnymailWebhookValidationFailure
from django.http import HttpResponseForbidden
from django.urls import path
from django.utils.module_loading import import_string
from django.views.decorators.csrf import csrf_exempt

logger = logging.getLogger(__name__)

app_name = "newsletter_webhooks"

VIEWS = {
    "amazon_ses": "anymail.webhooks.amazon_ses.AmazonSESTrackingWebhookView",
    "brevo": "anymail.webhooks.brevo.BrevoTrackingWebhookView",
    "mailgun": "anymail.webhooks.mailgun.MailgunTrackingWebhookView",
    "mailjet": "anymail.webhooks.mailjet.MailjetTrackingWebhookView",
    "postmark": "anymail.webhooks.postmark.PostmarkTrackingWebhookView",
    "sendgrid": "anymail.webhooks.sendgrid.SendGridTrackingWebhookView",
    "sparkpost": "anymail.webhooks.sparkpost.SparkPostTrackingWebhookView",
}


@cache
def _anymail_view(dotted_path):
    # Imported on the first post, not at start-up: Amazon SES's module
    # loads boto3, which the site otherwise needs only for a media bucket.
    return import_string(dotted_path).as_view()


def tracking_view(provider, dotted_path):
    """anymail's view; a post whose credentials don't match answers 403
    (anymail's own answer is a 400) and records nothing."""

    @csrf_exempt
    def view(request, *args, **kwargs):
        try:
            return _anymail_view(dotted_path)(request, *args, **kwargs)
        except AnymailWebhookValidationFailure as refused:
            logger.warning("Webhook from %s refused: %s", provider, refused)
            return HttpResponseForbidden()

    return view


urlpatterns = [
    path(
        f"{provider}/tracking/",
        tracking_view(provider, dotted_path),
        name=f"{provider}_tracking",
    )
    for provider, dotted_path in VIEWS.items()
]
