from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from .forms import ImportForm
from .importer import ImportOptions, import_export, may_import_as_reviewed
from .models import ImportedPost
from .wxr import WxrError


@admin.register(ImportedPost)
class ImportedPostAdmin(admin.ModelAdmin):
    """Which article each WordPress post became, and the upload page."""

    list_display = ["wp_id", "article", "post_type", "site_url", "imported_at"]
    list_filter = ["site_url", "post_type"]
    search_fields = ["article__title", "wp_id"]
    readonly_fields = [f.name for f in ImportedPost._meta.fields]
    change_list_template = "admin/wordpress/importedpost/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "upload/",
                self.admin_site.admin_view(self.upload_view),
                name="wordpress_importedpost_upload",
            ),
            *super().get_urls(),
        ]

    def upload_view(self, request):
        # Importing publishes articles: for those who may publish.
        if not request.user.has_perm("articles.publish_article"):
            raise PermissionDenied
        may_vouch = may_import_as_reviewed(request.user)
        form = ImportForm(
            request.POST or None, request.FILES or None, may_vouch=may_vouch
        )
        report = error = None
        if request.method == "POST" and form.is_valid():
            options = ImportOptions(
                language=form.cleaned_data["language"],
                dry_run=form.cleaned_data["dry_run"],
                imported_as_reviewed=form.cleaned_data.get(
                    "imported_as_reviewed", False
                ),
            )
            upload = form.cleaned_data["export"]
            try:
                report = import_export(upload, options)
            except WxrError as failure:
                error = f"{failure} Nothing was imported."
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import from WordPress"),
            "form": form,
            "report": report,
            "error": error,
        }
        return TemplateResponse(request, "admin/wordpress/upload.html", context)
