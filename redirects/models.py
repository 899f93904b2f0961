from urllib.parse import unquote

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Redirect(models.Model):
    """A permanent (301) redirect from an address the site no longer has,
    such as an old WordPress permalink, to the page that replaced it."""

    old_path = models.CharField(
        _("old address"),
        max_length=500,
        unique=True,
        help_text=_(
            "The path, with the query only where it matters, e.g. "
            "“/2023/05/old-post/” or “/?p=123”."
        ),
    )
    new_path = models.CharField(
        _("new address"),
        max_length=500,
        help_text=_("The path of the page visitors are sent to, e.g. /en/articles/x/."),
        # Searched when a page moves, to point its redirects at the new
        # address (redirects.lookup.add_redirects).
        db_index=True,
    )
    hits = models.PositiveIntegerField(_("hits"), default=0, editable=False)
    last_hit_at = models.DateTimeField(_("last used"), null=True, editable=False)
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("Where it came from.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_path"]
        verbose_name = _("redirect")
        verbose_name_plural = _("redirects")

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"

    def clean(self):
        # Requests are matched on their decoded path ("/2023/السكري/"),
        # whichever form was pasted here.
        self.old_path = unquote(self.old_path.strip())
        self.new_path = self.new_path.strip()
        if self.old_path == self.new_path:
            raise ValidationError(
                {"new_path": _("A redirect can't point to its own address.")}
            )
        # One hop only: a chain costs visitors and search engines a request.
        onward = Redirect.objects.filter(old_path=self.new_path).first()
        if onward is not None:
            raise ValidationError(
                {
                    "new_path": _(
                        "This address itself redirects to %(target)s; "
                        "point to that instead."
                    )
                    % {"target": onward.new_path}
                }
            )
