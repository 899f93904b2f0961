"""The email providers' bounce and complaint webhooks (anymail's tracking
views), under /newsletter/webhooks/anymail/. Only tracking: the site
receives no mail. Each view checks ANYMAIL["WEBHOOK_SECRET"] (HTTP basic
auth) before anymail sends its ``tracking`` signal (newsletter.bounces)."""

from anymail.webhooks.amazon_ses import AmazonSESTrackingWebhookView
from anymail.webhooks.brevo import BrevoTrackingWebhookView
from anymail.webhooks.mailgun import MailgunTrackingWebhookView
from anymail.webhooks.mailjet import MailjetTrackingWebhookView
from anymail.webhooks.postmark import PostmarkTrackingWebhookView
from anymail.webhooks.sendgrid import SendGridTrackingWebhookView
from anymail.webhooks.sparkpost import SparkPostTrackingWebhookView
from django.urls import path

app_name = "newsletter_webhooks"

VIEWS = {
    "amazon_ses": AmazonSESTrackingWebhookView,
    "brevo": BrevoTrackingWebhookView,
    "mailgun": MailgunTrackingWebhookView,
    "mailjet": MailjetTrackingWebhookView,
    "postmark": PostmarkTrackingWebhookView,
    "sendgrid": SendGridTrackingWebhookView,
    "sparkpost": SparkPostTrackingWebhookView,
}

urlpatterns = [
    path(f"{provider}/tracking/", view.as_view(), name=f"{provider}_tracking")
    for provider, view in VIEWS.items()
]
