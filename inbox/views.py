"""The admin pages of the inbox: one list of work, and each staff
member's notification settings. ``admin_urls`` puts them in the admin
site, behind its sign-in and two-factor checks."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from articles.models import ReviewEvent

from . import work
from .forms import PreferenceForm
from .models import Preference

PER_PAGE = 50


def admin_urls(site):
    def work_list(request, slug):
        return work_list_view(request, site, slug)

    def preferences(request):
        return preferences_view(request, site)

    return [
        path(
            "inbox/work/<slug:slug>/",
            site.admin_view(work_list),
            name="inbox_work",
        ),
        path(
            "inbox/settings/",
            site.admin_view(never_cache(preferences)),
            name="inbox_settings",
        ),
    ]


def work_list_view(request, site, slug):
    work_list = work.BY_SLUG.get(slug)
    if work_list is None:
        raise Http404
    if not work_list.is_for(request.user):
        raise PermissionDenied
    page = Paginator(work_list.articles(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    for article in page:
        if getattr(article, "last_action", None):
            article.last_step_label = ReviewEvent.Action(article.last_action).label
    context = {
        **site.each_context(request),
        "title": work_list.title,
        "work_list": work_list,
        "page": page,
    }
    return TemplateResponse(request, "admin/inbox/work_list.html", context)


def preferences_view(request, site):
    preference = Preference.for_user(request.user)
    form = PreferenceForm(request.POST or None, instance=preference, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your notification settings are saved."))
        return HttpResponseRedirect(reverse("admin:index"))
    context = {
        **site.each_context(request),
        "title": _("My notification settings"),
        "form": form,
    }
    return TemplateResponse(request, "admin/inbox/settings.html", context)


def home_context(user):
    """What the admin home shows ``user`` above the list of models."""
    return {
        "inbox": {
            "lists": work.summary(user),
            "preference": Preference.for_user(user),
        }
    }
