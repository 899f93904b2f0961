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

import contextlib
import logging
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import DatabaseError
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from core.signals import page_moved, page_published
from faq.models import FaqEntry
from references.models import ArticleCitation, Citation

from .models import Article, Author, Category, KeyTakeaway, page_path
from .signals import articles_changed

logger = logging.getLogger(__name__)


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


class Pending:
    """What edits changed, not announced yet: one edit's, or a batch's."""

    def __init__(self):
        # (language, slug, category_id) of articles that are or were shown.
        self.shown = set()
        # Translation groups whose pages name a changed article.
        self.groups = set()
        self.pages, self.lists, self.menus, self.rendered = set(), set(), set(), set()
        self.everywhere = self.schedule = False

    def add_article(self, before, after, group, deleted):
        # Only an article that is (or was) published, or scheduled, is on a
        # visitor page; a draft's edits change nothing there.
        shown = {s for s in (before, after) if s is not None and s[3]}
        self.shown |= {state[:3] for state in shown}
        self.lists |= {state[0] for state in shown}
        # The menu lists topics with articles: it changes only when an
        # article appears, disappears or moves to another topic.
        if deleted or before != after:
            self.menus |= {state[0] for state in shown}
            # The language links and hreflang of its translations name it.
            self.groups.add(group)
        self.schedule = True

    def add(self, pages=(), lists=(), rendered=(), everywhere=False):
        self.pages |= set(pages)
        self.lists |= set(lists)
        self.rendered |= set(rendered)
        self.everywhere |= everywhere

    def change(self):
        """The ``Change``: the articles' pages and those listing them as
        related (same language and topic), in a few queries for all."""
        pages = set(self.pages)
        topics = {}
        for language, slug, category_id in self.shown:
            pages.add((language, slug))
            if category_id is not None:
                topics.setdefault(language, set()).add(category_id)
        originals = Article.objects.originals()
        for language, category_ids in topics.items():
            related = originals.filter(language=language, category_id__in=category_ids)
            pages |= {(language, s) for s in related.values_list("slug", flat=True)}
        if self.groups:
            siblings = originals.filter(translation_group__in=self.groups)
            pages |= pages_of(siblings)
        if self.rendered:
            # The pages showing the parts edited (a working copy's, too).
            pages |= pages_of(Article.objects.filter(pk__in=self.rendered))
        return Change(
            pages=frozenset(pages),
            lists=frozenset(self.lists),
            menus=frozenset(self.menus),
            everywhere=self.everywhere,
            rendered=frozenset(self.rendered),
            schedule=self.schedule,
        )

    def flush(self):
        """Announce everything noted so far."""
        if not self.is_empty():
            articles_changed.send(sender=Change, change=self.change())
        self.discard()

    def is_empty(self):
        return vars(self) == vars(Pending())

    def discard(self):
        """Forget what was noted (a rolled back dry run changed nothing)."""
        self.__init__()


_batch = ContextVar("articles_changes_batch", default=None)


@contextlib.contextmanager
def batched():
    """Saves within only note what they change, in the ``Pending`` given,
    which the caller flushes when it likes (between two transactions:
    after a commit, pages are rendered from the new rows); what is left is
    announced at the end. An import saves thousands of articles in a row,
    where working the pages out on every save would cost more than the
    saves. A flush that can't read the database announces a change of
    everything instead."""
    pending = Pending()
    token = _batch.set(pending)
    try:
        yield pending
    finally:
        _batch.reset(token)
        try:
            pending.flush()
        except DatabaseError:
            logger.exception("Articles changed: announcing a change of everything")
            pending.discard()
            articles_changed.send(sender=Change, change=Change(everywhere=True))


def announce(**what):
    """Announce an edit's change now, or note it in the running batch."""
    pending = _batch.get()
    if pending is not None:
        pending.add(**what)
        return
    pending = Pending()
    pending.add(**what)
    pending.flush()


def pages_of(articles):
    return set(articles.values_list("language", "slug"))


def _state(article):
    return (
        article.language,
        article.slug,
        article.category_id,
        article.status == Article.Status.PUBLISHED and article.draft_of_id is None,
    )


def _live_path(state):
    """Where visitors reach the article in this state, if they do (or
    will, once its time comes)."""
    if state is None or not state[3]:
        return None
    return page_path("articles:detail", state[0], state[1])


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
    before = getattr(instance, "_state_before_save", None)
    after = _state(instance)
    deleted = kwargs.get("signal") is post_delete
    batch = _batch.get()
    pending = batch if batch is not None else Pending()
    pending.add_article(before, after, instance.translation_group, deleted)
    if batch is None:
        pending.flush()
    if not deleted:
        _announce_address(before, after)


def _announce_address(before, after):
    """A live article's new address (core.signals): the redirects app
    sends the old one there."""
    path, old_path = _live_path(after), _live_path(before)
    if path is None or path == old_path:
        return
    if old_path is None:
        page_published.send(sender=Article, path=path)
    else:
        page_moved.send(sender=Article, old_path=old_path, new_path=path)


@receiver(post_save, sender=KeyTakeaway)
@receiver(post_delete, sender=KeyTakeaway)
@receiver(post_save, sender=ArticleCitation)
@receiver(post_delete, sender=ArticleCitation)
def article_part_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        announce(rendered={instance.article_id})


@receiver(post_save, sender=FaqEntry)
@receiver(post_delete, sender=FaqEntry)
def faq_entry_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        announce(lists={instance.language}, rendered=instance.shown_on_article_ids())


@receiver(post_save, sender=Citation)
@receiver(pre_delete, sender=Citation)
def citation_changed(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    cited_in = Article.objects.filter(article_citations__citation=instance)
    announce(rendered=set(cited_in.values_list("pk", flat=True)))


@receiver(post_save, sender=Author)
@receiver(pre_delete, sender=Author)
def author_changed(sender, instance, raw=False, **kwargs):
    """Bylines show on the author's article pages and on every list."""
    if raw or instance.pk is None:
        return
    credited = Article.objects.filter(Q(author=instance) | Q(medical_reviewer=instance))
    rows = list(credited.values_list("pk", "language"))
    announce(
        lists={language for _pk, language in rows},
        rendered={pk for pk, _language in rows},
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
