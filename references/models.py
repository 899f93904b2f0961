import re

import reversion
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A DOI is "10.<registrant>/<suffix>"; editors often paste it as a link.
DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
DOI_PREFIX_RE = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


def normalise_doi(value):
    return DOI_PREFIX_RE.sub("", (value or "").strip())


def validate_doi(value):
    if not DOI_RE.match(normalise_doi(value)):
        raise ValidationError(
            _('Enter a DOI such as "10.1038/s41586-024-07123-4".'), code="invalid"
        )


validate_pubmed_id = RegexValidator(
    r"^\d{1,9}$", _("A PubMed ID is a number of up to nine digits, e.g. 39321234.")
)


class CitationQuerySet(models.QuerySet):
    def broken(self):
        return self.filter(link_status=Citation.LinkStatus.BROKEN)

    def broken_first(self):
        """Broken links (and links to private addresses), then the ones
        never checked, then the working ones."""
        return self.order_by(broken_first_ordering(), "title", "pk")


def broken_first_ordering():
    return models.Case(
        # A link to a private address is as useless to a patient as a
        # broken one.
        models.When(
            link_status__in=[
                Citation.LinkStatus.BROKEN,
                Citation.LinkStatus.NOT_PUBLIC,
            ],
            then=0,
        ),
        models.When(link_status=Citation.LinkStatus.UNCHECKED, then=1),
        default=2,
        output_field=models.IntegerField(),
    ).asc()


class Citation(models.Model):
    """A published source. One citation can back claims in many articles."""

    class LinkStatus(models.TextChoices):
        UNCHECKED = "unchecked", _("Not checked yet")
        OK = "ok", _("Working")
        BROKEN = "broken", _("Broken")
        # The checker never requests addresses inside private networks.
        NOT_PUBLIC = "not_public", _("Not checked: address not public")

    title = models.CharField(
        _("title"),
        max_length=300,
        help_text=_("The title of the article, study or page, as published."),
    )
    publisher = models.CharField(
        _("publisher or source"),
        max_length=200,
        help_text=_('The journal, website or organisation, e.g. "Nature".'),
    )
    url = models.URLField(
        _("URL"),
        max_length=500,
        help_text=_("The address patients can follow to read the source."),
    )
    authors = models.CharField(
        _("authors"),
        max_length=300,
        blank=True,
        help_text=_('Optional, as printed, e.g. "Wang S, Du Y, Deng H".'),
    )
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    doi = models.CharField(
        _("DOI"),
        max_length=200,
        blank=True,
        validators=[validate_doi],
        help_text=_('Optional, e.g. "10.1016/j.cell.2024.08.046".'),
    )
    pubmed_id = models.CharField(
        _("PubMed ID"),
        max_length=9,
        blank=True,
        validators=[validate_pubmed_id],
        help_text=_("Optional, the number after pubmed.ncbi.nlm.nih.gov/."),
    )
    accessed_on = models.DateField(
        _("accessed on"),
        default=timezone.localdate,
        help_text=_("When an editor last read the source at this URL."),
    )

    # Filled by `manage.py check_references`, never by editors.
    link_status = models.CharField(
        _("link"),
        max_length=16,
        choices=LinkStatus,
        default=LinkStatus.UNCHECKED,
        editable=False,
    )
    status_code = models.PositiveSmallIntegerField(
        _("HTTP status"), null=True, editable=False
    )
    final_url = models.URLField(
        _("final URL"), max_length=2000, blank=True, editable=False
    )
    check_error = models.CharField(
        _("check error"), max_length=300, blank=True, editable=False
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, editable=False)

    objects = CitationQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")

    def __str__(self):
        return f"{self.title} ({self.publisher})"

    def clean(self):
        self.doi = normalise_doi(self.doi)

    @property
    def doi_url(self):
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def pubmed_url(self):
        if not self.pubmed_id:
            return ""
        return f"https://pubmed.ncbi.nlm.nih.gov/{self.pubmed_id}/"

    def is_broken(self):
        return self.link_status == self.LinkStatus.BROKEN


class ArticleCitation(models.Model):
    """Where a citation sits in an article's numbered reference list."""

    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="article_citations",
        verbose_name=_("article"),
    )
    citation = models.ForeignKey(
        Citation,
        # Deleting a source that articles still cite would renumber their
        # reference lists under the editors' feet.
        on_delete=models.PROTECT,
        related_name="article_citations",
        verbose_name=_("citation"),
    )
    position = models.PositiveSmallIntegerField(
        _("position"),
        default=0,
        help_text=_(
            "References are numbered 1, 2, 3… in this order; [1] in the body "
            "points to the first."
        ),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "citation"], name="article_cites_a_source_once"
            ),
        ]

    def __str__(self):
        return str(self.citation)


# Kept in an article's versions with it (articles.models follows them).
reversion.register(ArticleCitation)
