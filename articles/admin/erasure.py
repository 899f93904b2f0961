"""The admin's "Erase an image" page, for Site admins: one image out of
every article, FAQ answer and saved version, and out of the media storage
(``media_cleanup.erase_image``), e.g. when a patient withdraws consent
for a photo."""

from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import media_cleanup
from ..body.images import stored_name


class EraseImageForm(forms.Form):
    address = forms.CharField(
        label=_("Image address"),
        max_length=1000,
        help_text=_(
            "Right-click the image on the page and copy its address, or copy "
            "it from the article's text."
        ),
    )
    reason = forms.CharField(
        label=_("Reason (kept in each article's history)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
    )
    confirm = forms.BooleanField(
        label=_(
            "I understand that the image is removed from the articles, their "
            "history and the media storage, and cannot be brought back."
        ),
    )

    def clean_address(self):
        """The stored name of the image at the address given: the image's
        own, or a resized copy's (what a browser copies from a srcset)."""
        address = self.cleaned_data["address"].strip()
        name = stored_name(address) or stored_name(urlsplit(address).path)
        name = media_cleanup.source_of(name) if name else None
        if name is None:
            raise forms.ValidationError(
                _("That is not the address of an image uploaded to this site.")
            )
        return name


class ImageErasureAdminMixin:
    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "erase-image/",
                self.admin_site.admin_view(self.erase_image_view),
                name="{}_{}_erase_image".format(*info),
            ),
            *super().get_urls(),
        ]

    def erase_image_view(self, request):
        if not request.user.has_perm("articles.delete_article"):
            raise PermissionDenied
        form = EraseImageForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            erased = media_cleanup.erase_image(
                form.cleaned_data["address"],
                request.user,
                form.cleaned_data["reason"],
            )
            self.message_user(request, _erased_message(erased), messages.SUCCESS)
            info = self.opts.app_label, self.opts.model_name
            return HttpResponseRedirect(
                reverse("{}:{}_{}_changelist".format(self.admin_site.name, *info))
            )
        return TemplateResponse(
            request,
            "admin/articles/article/erase_image.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Erase an image"),
                "form": form,
            },
        )


def _erased_message(erased):
    articles = ngettext(
        "%(count)d article", "%(count)d articles", len(erased.articles)
    ) % {"count": len(erased.articles)}
    versions = ngettext(
        "%(count)d saved version", "%(count)d saved versions", erased.versions
    ) % {"count": erased.versions}
    files = ngettext("%(count)d file", "%(count)d files", len(erased.files)) % {
        "count": len(erased.files)
    }
    return _("Image erased from %(articles)s and %(versions)s; %(files)s deleted.") % {
        "articles": articles,
        "versions": versions,
        "files": files,
    }
