"""The wording a subscriber agrees to, versioned.

GDPR and KVKK ask us to prove what each person consented to. The subscriber
row stores the version and the time; the wording of every version stays
here, so the text behind an old version can always be shown. Changing the
wording means adding a new version, never editing an old one.
"""

from django.utils.translation import gettext_lazy as _

CONSENT_TEXTS = {
    "2026-11": _(
        "I agree to receive the Liv Hospital e-newsletter (health articles "
        "and hospital news) by email, and to Liv Hospital keeping my email "
        "address, language and this consent for that purpose. I can "
        "unsubscribe at any time with the link in every email."
    ),
}

CONSENT_VERSION = "2026-11"
CONSENT_TEXT = CONSENT_TEXTS[CONSENT_VERSION]
