"""The admin site: Django's, plus two-factor sign-in, a noindex header and
each user's work on its home page (inbox)."""

from functools import update_wrapper

from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from inbox import views as inbox
from staff.two_factor import (
    TwoFactorAdminAuthenticationForm,
    second_factor_missing,
    two_factor_setup,
)


class LivAdminSite(admin.AdminSite):
    # Shown on the login page and in every admin page's header and title.
    site_header = _("Liv Hospital Health Library")
    site_title = _("Liv Hospital Health Library")
    index_title = _("Health Library administration")
    login_form = TwoFactorAdminAuthenticationForm
    login_template = "admin/two_factor_login.html"
    # The app list is on the admin home and in the breadcrumbs; beside the
    # article list it took a sixth of a laptop's width from the titles.
    enable_nav_sidebar = False

    def has_permission(self, request):
        """Staff, and verified by their authenticator app when they have one
        (or must have one, as Site admins when the setting requires it)."""
        if not super().has_permission(request):
            return False
        # Asked more than once per admin page; the answer needs a query.
        if not hasattr(request, "second_factor_missing"):
            request.second_factor_missing = second_factor_missing(request.user)
        return request.second_factor_missing is None

    def login(self, request, extra_context=None):
        user = request.user
        missing = None
        if user.is_authenticated and user.is_active and user.is_staff:
            missing = second_factor_missing(user)
        response = super().login(
            request, {"second_factor_missing": missing, **(extra_context or {})}
        )
        return _noindex(response)

    def index(self, request, extra_context=None):
        # Each user's own work first: what waits for them (inbox.work).
        extra_context = {**inbox.home_context(request.user), **(extra_context or {})}
        return super().index(request, extra_context)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def wrapper(request, *args, **kwargs):
            return _noindex(inner(request, *args, **kwargs))

        return update_wrapper(wrapper, inner)

    def get_urls(self):
        def setup(request):
            return two_factor_setup(request, self)

        return [
            path(
                "two-factor/",
                never_cache(csrf_protect(setup)),
                name="two_factor_setup",
            ),
            *inbox.admin_urls(self),
            *super().get_urls(),
        ]


def _noindex(response):
    # The admin's address may be a secret (ADMIN_URL); robots.txt would
    # give it away, so its pages ask search engines themselves not to list
    # them.
    response.headers.setdefault("X-Robots-Tag", "noindex, nofollow")
    return response
