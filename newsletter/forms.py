from django import forms
from django.utils.translation import gettext_lazy as _

from .consent import CONSENT_TEXT, CONSENT_TEXTS
from .models import EMAIL_MAX_LENGTH

SOURCE_PATH_MAX_LENGTH = 500
CONSENT_REQUIRED = _("Tick the box to agree, or we can't send you the newsletter.")


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=EMAIL_MAX_LENGTH,
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter a valid email address, like name@example.com."),
        },
    )
    # The checkbox's value is the version of the wording shown next to it,
    # so a page served from a cache made before a wording change still
    # records the wording the visitor actually saw.
    consent = forms.CharField(
        label=CONSENT_TEXT,
        max_length=32,
        error_messages={"required": CONSENT_REQUIRED},
    )
    # The honeypot: hidden from people (and from screen readers), but bots
    # that fill in every field fill it in too.
    website = forms.CharField(required=False, max_length=200)
    # The path of the page the form was on, for the marketing team.
    source = forms.CharField(required=False, max_length=2000)

    def is_bot(self):
        return bool(self.data.get("website"))

    def clean_consent(self):
        version = self.cleaned_data["consent"]
        if version not in CONSENT_TEXTS:
            raise forms.ValidationError(CONSENT_REQUIRED, code="required")
        return version

    def clean_source(self):
        source = self.cleaned_data["source"]
        # Only a path on this site; anything else is not worth keeping.
        if not source.startswith("/") or source.startswith("//"):
            return ""
        return source[:SOURCE_PATH_MAX_LENGTH]
