from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# Bigger exports take longer than a web request should: the command
# (docs/wordpress-import.md) has no limit.
UPLOAD_MAX_BYTES = 20 * 1024 * 1024
EXPORT_HELP = _(
    "From WordPress: Tools → Export → All content. At most %(limit)s; "
    "larger exports are imported with the import_wordpress command."
)


class ImportForm(forms.Form):
    export = forms.FileField(label=_("WordPress export (.xml)"))
    language = forms.ChoiceField(
        label=_("Language of the posts"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
        help_text=_("Used when the export has no Polylang or WPML data."),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: report only, write nothing"), required=False, initial=True
    )
    imported_as_reviewed = forms.BooleanField(
        label=_("The posts were medically reviewed on the old site"),
        required=False,
        help_text=_(
            "Only Site admins may tick this. Otherwise published posts stay "
            "live but are due for review now."
        ),
    )

    def __init__(self, *args, may_vouch=False, **kwargs):
        super().__init__(*args, **kwargs)
        # Filled in here, in the staff member's language: at class level
        # the % would fix it in the language of the process's start.
        self.fields["export"].help_text = EXPORT_HELP % {
            "limit": filesizeformat(UPLOAD_MAX_BYTES)
        }
        if not may_vouch:
            del self.fields["imported_as_reviewed"]

    def clean_export(self):
        export = self.cleaned_data["export"]
        if export.size > UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("This export is %(size)s; the upload takes at most %(limit)s.")
                % {
                    "size": filesizeformat(export.size),
                    "limit": filesizeformat(UPLOAD_MAX_BYTES),
                }
            )
        return export
