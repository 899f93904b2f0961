"""Staff sign-in: the second factor (TOTP through django-otp) and the
lockout page (django-axes).

Two-factor sign-in is optional for staff: whoever has confirmed an
authenticator app must give its code at every sign-in, or one of their
single-use backup codes (django-otp's static tokens) when the phone is
not at hand. With
``REQUIRE_2FA_FOR_SITE_ADMINS`` on, Site admins (superusers and members of
the "Site admin" group) must have one before the admin lets them in.
"""

import base64
import math

import segno
from axes.backends import AxesStandaloneBackend
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODE_COUNT = 10


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for sign-ins that come with a request.

    Every sign-in over HTTP passes its request. Code that authenticates
    without one (Django's test client, a management command) has no client
    to count failures against; django-axes would raise, so such calls go on
    to the password check unhindered.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(
            request, username=username, password=password, **kwargs
        )


def is_site_admin(user):
    """Superusers, and members of the "Site admin" group (created by the
    editorial-roles work; until then only superusers match)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=settings.SITE_ADMIN_GROUP).exists()


def confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


@transaction.atomic
def new_backup_codes(user):
    """``BACKUP_CODE_COUNT`` new single-use codes that sign ``user`` in in
    place of the app's code; the previous ones stop working."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": str(_("Backup codes"))}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _code in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=code) for code in codes
    )
    return codes


def may_reset_two_factor(actor, user):
    """Only a superuser may reset a superuser's two-factor sign-in: a
    Site admin who could would be one step from signing in as them."""
    return actor.is_superuser or not user.is_superuser


def has_two_factor(user):
    return TOTPDevice.objects.filter(user=user).exists() or (
        StaticDevice.objects.filter(user=user).exists()
    )


@transaction.atomic
def reset_two_factor(user):
    """Remove ``user``'s authenticator apps and backup codes: they sign in
    with their password and set up an app again (Site admins must)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def is_locked_out(user):
    return AccessAttempt.objects.filter(
        username=user.get_username(),
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
    ).exists()


def lift_lockout(user):
    """Forget the failed sign-ins counted against ``user``'s name, from
    every address, so they may sign in at once. The failure log stays for
    the security team."""
    return axes_reset(username=user.get_username())


def backup_codes_left(user):
    return StaticToken.objects.filter(device__user=user).count()


def _is_app_code(token):
    # The app's codes are 6 digits, backup codes 8 letters and digits: each
    # is checked against its own device only, so that a mistyped code of
    # one kind doesn't count towards the other device's throttling.
    return len(token) == 6 and token.isdigit()


def second_factor_missing(user):
    """Why this signed-in user may not use the admin yet, or None.

    "code" when the user has an authenticator app but this session was not
    verified with it; "setup" when the user is a Site admin, the setting
    requires two-factor sign-in and no app is confirmed yet.
    """
    if not user.is_authenticated or _is_verified(user):
        return None
    if confirmed_device(user) is not None:
        return "code"
    if settings.REQUIRE_2FA_FOR_SITE_ADMINS and is_site_admin(user):
        return "setup"
    return None


def _is_verified(user):
    # OTPMiddleware installs is_verified(); a user from elsewhere has none.
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


class TwoFactorAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin login: user name, password and, for staff who have set up
    an authenticator app, its current code."""

    otp_token = forms.CharField(
        label=_("Authentication code"),
        required=False,
        max_length=10,
        help_text=_(
            "Only if you have set up two-factor sign-in: the 6-digit code "
            "your authenticator app shows now, or one of your backup codes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "code_required": _(
            "This account uses two-factor sign-in. Enter the 6-digit code "
            "from your authenticator app together with your password."
        ),
        "invalid_code": _(
            "That authentication code is not valid. Codes change every 30 "
            "seconds and each one works only once; enter the current code."
        ),
        "throttled": _(
            "Too many wrong authentication codes. Wait a minute, then enter "
            "the current code."
        ),
    }

    def clean(self):
        cleaned_data = super().clean()
        user = self.get_user()
        if user is not None:
            self._verify_second_factor(user)
        return cleaned_data

    def _verify_second_factor(self, user):
        device = confirmed_device(user)
        if device is None:
            return
        token = (self.cleaned_data.get("otp_token") or "").replace(" ", "").lower()
        if not token:
            raise forms.ValidationError(
                self.error_messages["code_required"], code="code_required"
            )
        if not _is_app_code(token):
            device = StaticDevice.objects.filter(user=user, confirmed=True).first()
            if device is None:
                device = confirmed_device(user)
        # The row lock makes two requests with the same code take turns, so
        # the second one sees last_t (or the used backup code gone) and is
        # refused as a reused code.
        with transaction.atomic():
            device = type(device).objects.select_for_update().get(pk=device.pk)
            allowed, _info = device.verify_is_allowed()
            verified = allowed and device.verify_token(token)
        if not verified:
            # A right password with a wrong code counts towards the lockout
            # like a wrong password, so codes can't be guessed at leisure.
            user_login_failed.send(
                sender=__name__,
                credentials={"username": user.get_username()},
                request=self.request,
            )
            code = "invalid_code" if allowed else "throttled"
            raise forms.ValidationError(self.error_messages[code], code=code)
        # django-otp's user_logged_in receiver stores this in the session.
        user.otp_device = device
        if isinstance(device, StaticDevice):
            messages.warning(
                self.request,
                _(
                    "You signed in with a backup code, which now no longer "
                    "works. Backup codes left: %(count)d. You can make new "
                    "ones on the two-factor sign-in page."
                )
                % {"count": backup_codes_left(user)},
            )


class ConfirmDeviceForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )


def two_factor_setup(request, admin_site):
    """Let a staff member add an authenticator app: scan, then confirm with
    a code. Open to staff the admin still refuses for want of one."""
    user = request.user
    login = reverse("admin:login", current_app=admin_site.name)
    if not (user.is_active and user.is_staff):
        return redirect_to_login(request.get_full_path(), login)
    if confirmed_device(user) is not None:
        if second_factor_missing(user) == "code":
            # Signed in before the app was added: sign in again with it.
            return redirect_to_login(request.get_full_path(), login)
        codes = None
        if request.method == "POST" and request.POST.get("backup_codes") == "new":
            codes = new_backup_codes(user)
        return _setup_page(request, admin_site, enabled=True, backup_codes=codes)

    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=str(_("Authenticator app")), confirmed=False
        )
    form = ConfirmDeviceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = _confirm(request, device, form)
        if codes is not None:
            # Shown here and only here: with no codes, a lost phone would
            # lock its owner out until a Site admin resets the device.
            return _setup_page(
                request, admin_site, enabled=True, just_enabled=True, backup_codes=codes
            )
    return _setup_page(
        request,
        admin_site,
        enabled=False,
        form=form,
        qr_code=_qr_code(device),
        secret=_group(base64.b32encode(device.bin_key).decode()),
    )


def _setup_page(request, admin_site, backup_codes=None, **context):
    if context["enabled"]:
        context["backup_codes_left"] = backup_codes_left(request.user)
    if backup_codes is not None:
        context["backup_codes"] = [_group(code) for code in backup_codes]
    return render(
        request,
        "admin/two_factor_setup.html",
        {
            **admin_site.each_context(request),
            "title": _("Two-factor sign-in"),
            "subtitle": None,
            **context,
        },
    )


def _confirm(request, device, form):
    """Turn two-factor sign-in on if the code matches: the new backup
    codes; else None, with the form saying why."""
    token = form.cleaned_data["otp_token"].replace(" ", "")
    allowed, _info = device.verify_is_allowed()
    if allowed and device.verify_token(token):
        codes = _turn_on(request, device)
        messages.success(
            request,
            _(
                "Two-factor sign-in is on. From now on, enter the code "
                "from your authenticator app whenever you sign in."
            ),
        )
        return codes
    form.add_error(
        "otp_token",
        _("That code does not match. Enter the code your app shows now.")
        if allowed
        else TwoFactorAdminAuthenticationForm.error_messages["throttled"],
    )
    return None


def _qr_code(device):
    # segno writes the SVG from our own otpauth: URL; nothing in it comes
    # from the request.
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5,
        # Dark on white in the admin's dark theme too, or phones can't read it.
        dark="black",
        light="white",
        title=str(_("QR code for your authenticator app")),
    )
    return mark_safe(svg)  # noqa: S308


@transaction.atomic
def _turn_on(request, device):
    """Confirm ``device``, count this session as verified with it, and
    return the user's first backup codes."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    return new_backup_codes(device.user)


def _group(secret):
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out client sees (django-axes' AXES_LOCKOUT_CALLABLE):
    in the admin's look, saying how long to wait, with status 429."""
    from django.contrib import admin

    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    response = render(
        request,
        "admin/lockout.html",
        {
            **admin.site.each_context(request),
            "title": _("Sign-in paused"),
            "subtitle": None,
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": minutes,
        },
        status=429,
    )
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response
