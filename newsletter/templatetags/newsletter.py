from django import template
from django.utils.translation import get_language

from ..consent import CONSENT_TEXT, CONSENT_VERSION

register = template.Library()


@register.inclusion_tag("newsletter/signup_form.html", takes_context=True)
def newsletter_signup_form(context, form_id, form=None):
    """The signup form, the same for every visitor (no CSRF token, nothing
    personal) so that pages carrying it can be served from a shared cache.
    ``form`` is a bound form whose errors to show."""
    request = context.get("request")
    return {
        "form_id": form_id,
        "language": get_language(),
        "form": form,
        "consent_text": CONSENT_TEXT,
        "consent_version": CONSENT_VERSION,
        "source_path": request.path if request else "",
    }
