"""The user admin, with the two things staff ask a Site admin for: lift a
sign-in lockout, and reset two-factor sign-in after a lost phone."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from .two_factor import (
    has_two_factor,
    is_locked_out,
    lift_lockout,
    may_reset_two_factor,
    reset_two_factor,
)

User = get_user_model()

# Stored in the user's history as written: LogEntry shows a plain-text
# message as it is, in every language.
LOCKOUT_LIFTED = "Lifted the sign-in lockout."
TWO_FACTOR_RESET = (
    "Reset two-factor sign-in (removed the authenticator app and backup codes)."
)


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    def get_urls(self):
        def view(action):
            return self.admin_site.admin_view(require_POST(action))

        return [
            path(
                "<path:object_id>/lift-lockout/",
                view(self.lift_lockout_view),
                name="auth_user_lift_lockout",
            ),
            path(
                "<path:object_id>/reset-two-factor/",
                view(self.reset_two_factor_view),
                name="auth_user_reset_two_factor",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        user = self.get_object(request, unquote(object_id))
        if user is not None and self.has_change_permission(request, user):
            extra_context = {
                **(extra_context or {}),
                "sign_in": {
                    "locked_out": is_locked_out(user),
                    "has_two_factor": has_two_factor(user),
                    "may_reset_two_factor": may_reset_two_factor(request.user, user),
                },
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def lift_lockout_view(self, request, object_id):
        user = self._user_to_help(request, object_id)
        lift_lockout(user)
        self.log_change(request, user, LOCKOUT_LIFTED)
        self.message_user(
            request,
            _("%(user)s can sign in again.") % {"user": user.get_username()},
            messages.SUCCESS,
        )
        return self._back_to(user)

    def reset_two_factor_view(self, request, object_id):
        user = self._user_to_help(request, object_id)
        if not may_reset_two_factor(request.user, user):
            raise PermissionDenied
        reset_two_factor(user)
        self.log_change(request, user, TWO_FACTOR_RESET)
        self.message_user(
            request,
            _(
                "Two-factor sign-in for %(user)s is reset. They sign in with "
                "their password and set up the authenticator app again."
            )
            % {"user": user.get_username()},
            messages.SUCCESS,
        )
        return self._back_to(user)

    def _user_to_help(self, request, object_id):
        user = self.get_object(request, unquote(object_id))
        if user is None:
            raise Http404
        if not self.has_change_permission(request, user):
            raise PermissionDenied
        return user

    def _back_to(self, user):
        return HttpResponseRedirect(
            reverse(
                f"{self.admin_site.name}:auth_user_change",
                args=[user.pk],
            )
        )
