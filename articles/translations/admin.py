"""Translations in the article admin, as a mixin: the translations panel,
the "out of date with the source" column, filter and diff, and the
"Translate into …" page (``articles.translations`` does the work)."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from ..models import Article, Category
from . import services as translations
from . import translators


class OutOfDateFilter(admin.SimpleListFilter):
    title = _("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return [
            ("out_of_date", _("Out of date with the source")),
            ("up_to_date", _("Translations up to date")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "out_of_date":
            return queryset.out_of_date_translations()
        if self.value() == "up_to_date":
            return queryset.filter(
                translation_source__isnull=False, translation_out_of_date=False
            )
        return queryset


class TranslateForm(forms.Form):
    language = forms.ChoiceField(label=_("Translate into"))
    slug = forms.SlugField(
        label=_("Slug"),
        allow_unicode=True,
        max_length=200,
        help_text=_("The address of the translation, unique within its language."),
    )

    def __init__(self, *args, source, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source
        taken = {
            source.language,
            *source.translations().values_list("language", flat=True),
        }
        self.fields["language"].choices = [
            (code, name) for code, name in settings.LANGUAGES if code not in taken
        ]
        self.fields["slug"].initial = source.slug


class TranslationAdminMixin:
    def get_list_display(self, request):
        return [*super().get_list_display(request), "translation_column"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), OutOfDateFilter]

    def get_readonly_fields(self, request, obj=None):
        return [
            *super().get_readonly_fields(request, obj),
            "translations_panel",
            "source_changes",
            "original_credit",
        ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is None:
            return fieldsets
        fields = ["translations_panel"]
        if obj.translation_source_id:
            fields += ["original_credit", "source_changes"]
        return [(_("Translations"), {"fields": fields}), *fieldsets]

    @admin.display(description=_("translation"))
    def translation_column(self, obj):
        if obj.translation_out_of_date:
            return _("⚠ out of date with the source")
        if obj.translation_source_id:
            return _("up to date")
        return "—"

    @admin.display(description=_("translations"))
    def translations_panel(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        root = translations.root_of(obj)
        group = Article.objects.originals().filter(
            translation_group=root.translation_group
        )
        rows = []
        for article in group.order_by("language"):
            state = article.get_status_display()
            if article.translation_out_of_date:
                state = f"{state} · {_('out of date with the source')}"
            link = reverse("admin:articles_article_change", args=[article.pk])
            rows.append(
                (
                    article.get_language_display(),
                    link,
                    article.title,
                    state,
                    " ← " + str(_("this article")) if article.pk == root.pk else "",
                )
            )
        table = format_html(
            '<table class="translations-panel"><thead><tr><th scope="col">{}</th>'
            '<th scope="col">{}</th><th scope="col">{}</th></tr></thead>'
            "<tbody>{}</tbody></table>",
            _("Language"),
            _("Title"),
            _("State"),
            format_html_join(
                "",
                '<tr><td>{}</td><td><a href="{}">{}</a></td><td>{}{}</td></tr>',
                rows,
            ),
        )
        # The "Translate into …" button sits with the object tools, where
        # the page knows who is looking (see change_view).
        return table

    @admin.display(description=_("original's author"))
    def original_credit(self, obj):
        """A translation is credited to its translator (its author); the
        text it translates, to the source's author."""
        author = translators.original_author(obj) if obj else None
        if author is None:
            return "—"
        return _("%(author)s, in the %(language)s original") % {
            "author": author,
            "language": obj.translation_source.get_language_display(),
        }

    @admin.display(description=_("changes in the source since translated"))
    def source_changes(self, obj):
        lines = translations.source_diff(obj) if obj and obj.pk else []
        if not lines:
            return _("None: the translation follows the source's approved text.")
        return format_html('<pre class="source-diff">{}</pre>', "\n".join(lines))

    def get_urls(self):
        return [
            path(
                "<path:object_id>/translate/",
                self.admin_site.admin_view(self.translate_view),
                name="articles_article_translate",
            ),
            *super().get_urls(),
        ]

    def has_translate_permission(self, request, obj):
        """May this user start a translation of ``obj``? The translate page
        and its button both ask."""
        return self.has_view_or_change_permission(request, obj) and (
            request.user.has_perm(translations.CHANGE)
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        translate_from = None
        if article is not None and self.has_translate_permission(request, article):
            translate_from = translations.root_of(article)
        extra_context = {**(extra_context or {}), "translate_from": translate_from}
        return super().change_view(request, object_id, form_url, extra_context)

    def translate_view(self, request, object_id):
        source = self.get_object(request, unquote(object_id))
        if source is None:
            raise Http404
        if not self.has_translate_permission(request, source):
            raise PermissionDenied
        source = translations.root_of(source)
        form = TranslateForm(request.POST or None, source=source)
        if request.method == "POST" and form.is_valid():
            created = _start(source, form, request.user)
            if created is not None:
                self.message_user(
                    request,
                    _(
                        "Translation started as a draft; translate it, then "
                        "submit it for review."
                    ),
                )
                return HttpResponseRedirect(
                    reverse("admin:articles_article_change", args=[created.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "original": source,
            "form": form,
            "title": _("Translate “%(title)s”") % {"title": source.title},
        }
        return TemplateResponse(
            request, "admin/articles/article/translate.html", context
        )


def _start(source, form, user):
    """The new translation, or None with the form saying why not."""
    try:
        return translations.start_translation(
            source,
            form.cleaned_data["language"],
            user,
            slug=form.cleaned_data["slug"],
        )
    except ValidationError as error:
        for field, messages_ in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages_:
                form.add_error(target, message)
        return None


def _other_languages():
    return [(c, n) for c, n in settings.LANGUAGES if c != settings.LANGUAGE_CODE]


class CategoryTranslationsForm(forms.ModelForm):
    """The category's name and description in each other language, as
    ordinary fields, stored in ``Category.translations``."""

    class Meta:
        model = Category
        fields = ["name", "slug", "description", "review_interval_months"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = self.instance.translations or {}
        for code, _name in _other_languages():
            values = stored.get(code, {})
            self.fields[f"name_{code}"].initial = values.get("name", "")
            self.fields[f"description_{code}"].initial = values.get("description", "")

    def save(self, commit=True):
        translated = {}
        for code, _name in _other_languages():
            name = self.cleaned_data.get(f"name_{code}", "").strip()
            if name:
                description = self.cleaned_data.get(f"description_{code}", "")
                translated[code] = {"name": name, "description": description.strip()}
        self.instance.translations = translated
        return super().save(commit)


# Declared on the class (the admin only renders declared fields), one pair
# per language other than the default.
for _code, _language in _other_languages():
    CategoryTranslationsForm.base_fields[f"name_{_code}"] = forms.CharField(
        label=_("Name (%(language)s)") % {"language": _language},
        max_length=100,
        required=False,
    )
    CategoryTranslationsForm.base_fields[f"description_{_code}"] = forms.CharField(
        label=_("Description (%(language)s)") % {"language": _language},
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    CategoryTranslationsForm.declared_fields[f"name_{_code}"] = (
        CategoryTranslationsForm.base_fields[f"name_{_code}"]
    )
    CategoryTranslationsForm.declared_fields[f"description_{_code}"] = (
        CategoryTranslationsForm.base_fields[f"description_{_code}"]
    )
