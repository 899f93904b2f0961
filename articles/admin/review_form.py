"""The article form's review fields: the note for the version history, and
the stamp that catches a save over someone else's (optimistic locking)."""

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.rich_text import plain_text

from ..models import Article


class ArticleReviewForm(forms.ModelForm):
    revision_comment = forms.CharField(
        label=_("What changed"),
        required=False,
        max_length=500,
        help_text=_(
            "A short note for the version history, e.g. “Updated dosage "
            "after the 2026 guideline”."
        ),
    )
    # When the article was last saved as this form loaded it: a form
    # loaded before someone else's save must not overwrite it.
    loaded_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_at"].initial = _stamp(self.instance)
            self.fields["loaded_at"].required = True

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            saved = Article.objects.get(pk=self.instance.pk)
            if cleaned.get("loaded_at") != _stamp(saved):
                raise forms.ValidationError(_saved_meanwhile(saved))
        return cleaned


def _stamp(article):
    return article.updated_at.isoformat()


def _saved_meanwhile(saved):
    """The conflict: your text stays in the form, theirs is shown here."""
    return format_html(
        "{}<br>{}: <q>{}</q><br>{}: <q>{}</q><br>{}: <blockquote>{}</blockquote>",
        _(
            "Someone else saved this article after you opened it, so your "
            "changes are not saved. They are still in the form below; the "
            "saved text is shown here. Reload the page and apply your "
            "changes to it."
        ),
        Article._meta.get_field("title").verbose_name,
        saved.title,
        Article._meta.get_field("summary").verbose_name,
        saved.summary,
        Article._meta.get_field("body").verbose_name,
        plain_text(saved.body),
    )
