"""An article's parts: the rows beside it that make up its content.

``PARTS`` is the one list of them. The workflow copies them with a
working copy and covers them by review (``content_digest``), versions
save them with the article (reversion's ``follow``), restoring a version
brings them back, and a translation starts from them. Each names its
model by label, as a foreign key would: the FAQ and references apps know
their own models; the article only knows which of their rows it owns.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Part:
    related_name: str
    model_label: str
    # What makes a row, besides its article.
    fields: tuple
    # What a translation's copy of a row sets differently.
    in_translation: dict = field(default_factory=dict)

    @property
    def model(self):
        return apps.get_model(self.model_label)

    def rows(self, article):
        return getattr(article, self.related_name).order_by("position", "pk")


PARTS = (
    Part("takeaways", "articles.KeyTakeaway", ("text", "position")),
    Part(
        "faq_entries",
        "faq.FaqEntry",
        ("question", "answer", "language", "status", "position", "topic_id"),
        # Not shown until a translator has written it.
        in_translation={"status": "draft"},
    ),
    Part(
        "article_citations", "references.ArticleCitation", ("citation_id", "position")
    ),
)


class KeyTakeaway(models.Model):
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="takeaways"
    )
    text = models.CharField(_("text"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("key takeaway")
        verbose_name_plural = _("key takeaways")

    def __str__(self):
        return self.text
