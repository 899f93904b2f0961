"""Signup, confirmation and unsubscription pages.

None of these pages sets a cookie or carries a per-visitor token: the
signup form is protected by an origin check (``same_origin_post``), and
the confirm and unsubscribe pages by the signed token in their URL.
"""

import logging

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from core import ratelimit

from . import services
from .decorators import same_origin_post
from .forms import SubscribeForm
from .models import Subscriber

logger = logging.getLogger(__name__)

SIGNUPS_PER_MINUTE = 5
THANKS = _(
    "Thank you. If this address is not on our list yet, we have sent it an "
    "email: open it and confirm to start receiving the newsletter."
)
TOO_MANY = _("Too many signups from your connection. Please try again in a minute.")
CHECK_FIELDS = _("Please correct the errors in the form.")


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


@same_origin_post
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    """The signup page (GET), and where every signup form posts to.

    Without JavaScript the answer is a redirect to the thank-you page; the
    script in static/js/newsletter.js asks for JSON instead. The answer is
    the same whether or not the address is known, and for bots filling the
    honeypot.
    """
    if request.method != "POST":
        return render(request, "newsletter/subscribe.html")
    wants_json = _wants_json(request)
    if not ratelimit.allow(request, scope="signup", limit=SIGNUPS_PER_MINUTE):
        if wants_json:
            response = JsonResponse({"ok": False, "message": TOO_MANY}, status=429)
        else:
            response = render(request, "newsletter/too_many.html", status=429)
        return ratelimit.retry_later(response)

    form = SubscribeForm(request.POST)
    if form.is_bot():
        logger.info("Newsletter signup ignored: honeypot filled")
    elif form.is_valid():
        outcome = services.subscribe(
            email=form.cleaned_data["email"],
            language=get_language(),
            source_path=form.cleaned_data["source"],
            consent_version=form.cleaned_data["consent"],
        )
        logger.info("Newsletter signup: %s", outcome.value)
    elif wants_json:
        errors = {field: list(messages) for field, messages in form.errors.items()}
        return JsonResponse(
            {"ok": False, "message": CHECK_FIELDS, "errors": errors}, status=400
        )
    else:
        return render(request, "newsletter/subscribe.html", {"form": form})

    if wants_json:
        return JsonResponse({"ok": True, "message": THANKS})
    return redirect("newsletter:thanks")


@require_safe
def thanks(request):
    return render(request, "newsletter/thanks.html", {"message": THANKS})


def _invalid_link(request):
    return render(request, "newsletter/invalid_link.html", status=400)


# The token in the URL authorises these POSTs (RFC 8058 wants the one-click
# unsubscribe to work without any cookie or form token).
@never_cache
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """GET shows a button and POST confirms: mail filters that open every
    link in a message must not be able to subscribe anyone."""
    return _link_page(
        request,
        token,
        act=services.confirm,
        look_up=services.subscriber_for_confirm_token,
        done_status=Subscriber.Status.CONFIRMED,
        done_template="newsletter/confirmed.html",
        ask_template="newsletter/confirm.html",
    )


@never_cache
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET shows a button; POST, from it or from a mail client's one-click
    unsubscribe, takes the address off the list."""
    return _link_page(
        request,
        token,
        act=services.unsubscribe,
        look_up=services.subscriber_for_unsubscribe_token,
        done_status=Subscriber.Status.UNSUBSCRIBED,
        done_template="newsletter/unsubscribed.html",
        ask_template="newsletter/unsubscribe.html",
    )


def _link_page(
    request, token, *, act, look_up, done_status, done_template, ask_template
):
    """A signed link from an email: POST does the change, GET asks first
    (or says it is already done); a bad link gets a friendly page."""
    try:
        if request.method == "POST":
            act(token)
            return render(request, done_template)
        subscriber = look_up(token)
    except services.InvalidToken:
        return _invalid_link(request)
    if subscriber.status == done_status:
        return render(request, done_template)
    return render(request, ask_template)
