"""Keeping the search index of an article up to date: its weighted
vectors (title A, summary B, body C; and title with summary alone, to
choose the candidates a search ranks) and the lexicon of the words
published articles use (for "did you mean"). PostgreSQL only."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from core.text_search import uses_postgres, weighted_vector, words_of

from ..models import Article, SearchWord


def search_vector(language):
    return weighted_vector(language, "title", "summary", "body_text")


def title_summary_vector(language):
    return weighted_vector(language, "title", "summary")


def article_vectors(language):
    """An article's search vectors, as ``update()`` arguments."""
    return {
        "search_vector": search_vector(language),
        "title_summary_vector": title_summary_vector(language),
    }


@receiver(post_save, sender=Article, dispatch_uid="articles.search.index_article")
def index_article(sender, instance, **kwargs):
    """Refresh the article's search vectors and the lexicon of its words,
    after every save."""
    if not uses_postgres():
        return
    Article.objects.filter(pk=instance.pk).update(**article_vectors(instance.language))
    if instance.status == Article.Status.PUBLISHED:
        words = words_of(instance.title, instance.summary, instance.body_text)
        SearchWord.objects.bulk_create(
            [SearchWord(language=instance.language, word=w) for w in words],
            ignore_conflicts=True,
        )
