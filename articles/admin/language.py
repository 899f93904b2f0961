"""The article form written in the article's language (issue 20).

Its text fields, the FAQ and takeaway rows and CKEditor's editing area
carry the article's ``lang`` and writing direction, so an Arabic article
is typed right to left: full stops, [1] markers and list bullets land
where they will on the published page.
"""

from django.conf import settings
from django.forms.models import BaseInlineFormSet
from django.utils.translation import get_language, get_language_info
from django_ckeditor_5.widgets import CKEditor5Widget

ARTICLE_TEXT_FIELDS = [
    "title",
    "summary",
    "hero_image_alt",
    "hero_image_caption",
    "seo_title",
    "body",
]
# Takeaway text; FAQ question and answer.
INLINE_TEXT_FIELDS = ["text", "question", "answer"]
# CKEditor shows its own buttons in the staff member's language.
CKEDITOR_TRANSLATIONS = [
    f"django_ckeditor_5/dist/translations/{code}.js"
    for code, _name in settings.LANGUAGES
    if code != "en"
]


def text_direction(code):
    return "rtl" if get_language_info(code)["bidi"] else "ltr"


def write_in_language(form, code, names):
    """Give the ``names`` fields of ``form`` the language ``code``."""
    for name in names:
        field = form.fields.get(name)  # absent when read-only
        if field is None:
            continue
        widget = field.widget
        # The script switches the marked fields when the language changes.
        widget.attrs.update(
            {"lang": code, "dir": text_direction(code), "data-article-text": ""}
        )
        if isinstance(widget, CKEditor5Widget):
            # Every copy of the widget shares one config dict: replace it.
            # CKEditor sets the editing area's lang and dir from "content".
            language = {"ui": get_language(), "content": code}
            widget.config = {**widget.config, "language": language}


class ArticleLanguageFormMixin:
    """The article form: its text follows the language chosen above it."""

    class Media:
        js = [*CKEDITOR_TRANSLATIONS, "js/article_language.js"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = self.fields.get("language")
        if language is not None:
            language.widget.attrs["data-rtl-languages"] = " ".join(
                code
                for code, _name in settings.LANGUAGES
                if text_direction(code) == "rtl"
            )
        write_in_language(self, self._chosen_language(), ARTICLE_TEXT_FIELDS)

    def _chosen_language(self):
        """The language posted or shown, if it is one of the site's."""
        if "language" in self.fields:
            chosen = self["language"].value()
            if chosen in dict(settings.LANGUAGES):
                return chosen
        return self.instance.language


class ArticleLanguageFormSet(BaseInlineFormSet):
    """An inline of the article whose rows are in the article's language."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        write_in_language(form, self.instance.language, INLINE_TEXT_FIELDS)
        return form

    @property
    def empty_form(self):
        form = super().empty_form
        write_in_language(form, self.instance.language, INLINE_TEXT_FIELDS)
        return form
