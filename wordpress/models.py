from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedPost(models.Model):
    """Which article a WordPress post became, so that importing the same
    export again updates it rather than making a second one.

    The row outlives its article: an article deleted here keeps its row
    (``article`` empty), and a later import leaves it deleted."""

    site_url = models.CharField(_("WordPress site"), max_length=200)
    wp_id = models.PositiveBigIntegerField(_("WordPress post ID"))
    post_type = models.CharField(_("post type"), max_length=40)
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # A digest of what the import reads from the post: a re-import with the
    # same digest has nothing to update.
    source_digest = models.CharField(max_length=64)
    # The article's "last updated" as the import left it: a later value
    # means someone edited it here.
    article_updated_at = models.DateTimeField(null=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        verbose_name = _("imported WordPress post")
        verbose_name_plural = _("imported WordPress posts")
        constraints = [
            models.UniqueConstraint(
                fields=["site_url", "wp_id"], name="imported_post_once_per_site"
            )
        ]

    def __str__(self):
        return f"{self.site_url} #{self.wp_id}"


class ImportedAuthor(models.Model):
    """The author credited for a WordPress login (no staff account is
    made: WordPress users become bylines, not sign-ins)."""

    site_url = models.CharField(_("WordPress site"), max_length=200)
    login = models.CharField(_("WordPress login"), max_length=60)
    author = models.ForeignKey(
        "articles.Author", verbose_name=_("author"), on_delete=models.CASCADE
    )

    class Meta:
        verbose_name = _("imported WordPress author")
        verbose_name_plural = _("imported WordPress authors")
        constraints = [
            models.UniqueConstraint(
                fields=["site_url", "login"], name="imported_author_once_per_site"
            )
        ]

    def __str__(self):
        return f"{self.login} → {self.author}"


class ImportedMedia(models.Model):
    """Where an upload of the old site is stored here, so that it is
    stored once however many posts or imports show it."""

    site_url = models.CharField(_("WordPress site"), max_length=200)
    file = models.CharField(_("file in wp-content/uploads"), max_length=500)
    stored_name = models.CharField(_("stored as"), max_length=300)

    class Meta:
        verbose_name = _("imported WordPress image")
        verbose_name_plural = _("imported WordPress images")
        constraints = [
            models.UniqueConstraint(
                fields=["site_url", "file"], name="imported_media_once_per_site"
            )
        ]

    def __str__(self):
        return self.file
