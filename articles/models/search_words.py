from django.conf import settings
from django.db import models


class SearchWord(models.Model):
    """A word that published articles use, for "did you mean" suggestions."""

    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    word = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["language", "word"], name="search_word_unique_per_language"
            )
        ]

    def __str__(self):
        return self.word
