"""What an edit changes of what visitors see, worked out once and sent as
one domain signal (``articles.signals.articles_changed``).

Every edit that can show on a visitor's page ends here: an article, its
takeaways, FAQ entries and citation links, the citations themselves, a
topic, a person credited. Each receiver works out, at save time, which
pages show the edited row and sends a ``Change``; subscribers turn it
into their own terms (cache versions, stale stored renderings) without
knowing the models. Writes are rare and reads are many: a few queries
per save buy pages that need none.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from faq.models import FaqEntry
from references.models import ArticleCitation, Citation

from .models import Article, Author, Category, KeyTakeaway
from .signals import articles_changed


@dataclass(frozen=True)
class Change:
    # Article pages that show the edit, as (language, slug).
    pages: frozenset = frozenset()
    # Languages whose lists show it: home, article and category lists,
    # feed, FAQ page, sitemap.
    lists: frozenset = frozenset()
    # Languages whose header topics may have changed (an article appeared,
    # disappeared or moved topic).
    menus: frozenset = frozenset()
    # Every page (a topic renamed is in every page's header).
    everywhere: bool = False
    # Articles whose stored renderings (content section, card) show the
    # edit; an article's own save marks its own.
    rendered: frozenset = frozenset()
    # Whether publication times may have changed (the next scheduled one).
    schedule: bool = False


def announce(**what):
    change = Change(**{name: _frozen(value) for name, value in what.items()})
    articles_changed.send(sender=Change, change=change)


def _frozen(value):
    return frozenset(value) if isinstance(value, set | list | tuple) else value


def pages_of(articles):
    return set(articles.values_list("language", "slug"))


def article_pages(language, slug, category_id):
    """The article's own page and the pages of the articles that list it
    as related (same language and topic)."""
    pages = {(language, slug)}
    if category_id is not None:
        related = Article.objects.originals().filter(
            language=language, category_id=category_id
        )
        pages |= {(language, s) for s in related.values_list("slug", flat=True)}
    return pages


def _state(article):
    return (
        article.language,
        article.slug,
        article.category_id,
        article.status == Article.Status.PUBLISHED and article.draft_of_id is None,
    )


@receiver(pre_save, sender=Article)
def remember_article_before_save(sender, instance, raw=False, **kwargs):
    instance._state_before_save = None
    if raw or instance.pk is None:
        return
    before = Article.objects.filter(pk=instance.pk).first()
    if before is not None:
        instance._state_before_save = _state(before)


@receiver(post_save, sender=Article)
@receiver(post_delete, sender=Article)
def article_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    after = _state(instance)
    before = getattr(instance, "_state_before_save", None)
    deleted = kwargs.get("signal") is post_delete
    # Only an article that is (or was) published, or scheduled, is on a
    # visitor page; a draft's edits change nothing there.
    shown = [s for s in {before, after} if s is not None and s[3]]
    pages, lists, menus = set(), set(), set()
    for language, slug, category_id, _published in shown:
        pages |= article_pages(language, slug, category_id)
        lists.add(language)
    if deleted or before != after:
        menus = {state[0] for state in shown}
        # The language links and hreflang of its translations name it.
        siblings = Article.objects.originals().filter(
            translation_group=instance.translation_group
        )
        pages |= pages_of(siblings.exclude(pk=instance.pk))
    announce(pages=pages, lists=lists, menus=menus, schedule=True)


@receiver(post_save, sender=KeyTakeaway)
@receiver(post_delete, sender=KeyTakeaway)
@receiver(post_save, sender=ArticleCitation)
@receiver(post_delete, sender=ArticleCitation)
def article_part_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    article = Article.objects.filter(pk=instance.article_id)
    announce(pages=pages_of(article), rendered={instance.article_id})


@receiver(post_save, sender=FaqEntry)
@receiver(post_delete, sender=FaqEntry)
def faq_entry_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    shown_on = instance.shown_on_article_ids()
    announce(
        pages=pages_of(Article.objects.filter(pk__in=shown_on)) if shown_on else (),
        lists={instance.language},
        rendered=shown_on,
    )


@receiver(post_save, sender=Citation)
@receiver(pre_delete, sender=Citation)
def citation_changed(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    cited_in = Article.objects.filter(article_citations__citation=instance)
    announce(
        pages=pages_of(cited_in),
        rendered=set(cited_in.values_list("pk", flat=True)),
    )


@receiver(post_save, sender=Author)
@receiver(pre_delete, sender=Author)
def author_changed(sender, instance, raw=False, **kwargs):
    """Bylines show on the author's article pages and on every list."""
    if raw or instance.pk is None:
        return
    credited = Article.objects.filter(Q(author=instance) | Q(medical_reviewer=instance))
    rows = list(credited.values_list("pk", "language", "slug"))
    announce(
        pages={(language, slug) for _pk, language, slug in rows},
        lists={language for _pk, language, _slug in rows},
        rendered={pk for pk, _language, _slug in rows},
    )


@receiver(post_save, sender=Category)
@receiver(post_delete, sender=Category)
def category_changed(sender, instance, raw=False, **kwargs):
    """Topics are in the header of every visitor page: the one change of
    everything, for an edit that happens a few times a year."""
    if raw:
        return
    rendered = ()
    if kwargs.get("signal") is post_save:
        rendered = set(
            Article.objects.filter(category=instance).values_list("pk", flat=True)
        )
    announce(everywhere=True, rendered=rendered)
