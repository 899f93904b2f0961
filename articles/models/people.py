from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def staff_member(verbose_name):
    """A record of which staff account did something to an article; kept
    when the account is deleted, never edited in a form."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )


class Author(models.Model):
    """A person or an organisation (such as an editorial team) credited on
    articles, as writer or as medical reviewer."""

    name = models.CharField(_("name"), max_length=150)
    credentials = models.CharField(
        _("credentials"),
        max_length=150,
        blank=True,
        help_text=_('Shown after the name, e.g. "MD, Endocrinology".'),
    )
    bio = models.TextField(_("short bio"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="authors/", blank=True)
    is_organisation = models.BooleanField(
        _("is an organisation"),
        default=False,
        help_text=_("Tick for a team or department rather than a person."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        help_text=_(
            "The account this person signs in with. A medical reviewer needs "
            "one: approving credits the article to this profile."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        if self.credentials:
            return f"{self.name}, {self.credentials}"
        return self.name
