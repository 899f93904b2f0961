"""Import a WordPress export's posts as articles.

The file is read twice, as a stream: once whole (``scan``), so that a
broken or unsafe file is refused before anything is written; then post by
post, each in its own transaction, so a failing post is reported and the
others go on. A dry run does the same inside one transaction that is
rolled back at the end: the report is the one a real run would give.

Posts are matched to the articles they became by (site URL, post ID)
(``ImportedPost``), which makes a second run update rather than duplicate.
"""

import contextlib
import datetime
import hashlib
import itertools
import json
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    connection,
    transaction,
)
from django.utils import timezone
from django.utils.text import Truncator, slugify

from articles.body.checks import check_article
from articles.changes import batched as changes_batched
from articles.models import (
    SUMMARY_MAX_LENGTH,
    Article,
    Author,
    add_months,
    page_path,
)
from core.rich_text import plain_text, sanitize_html
from faq.models import FaqEntry
from staff.two_factor import is_site_admin

from . import categories, citations, languages, old_urls, seo
from .bodies import convert_body
from .media import MediaLibrary, featured_image, localise_images
from .models import ImportedAuthor, ImportedPost
from .report import PostOutcome, Report
from .wxr import Channel, read_export

SKIPPED_STATUSES = {
    "trash": "in the WordPress trash",
    "auto-draft": "an automatic draft WordPress never saved",
    "inherit": "a revision",
}
DEFAULT_CATEGORY = ("uncategorized", "Uncategorized")
PRIMARY_CATEGORY_KEYS = ("_yoast_wpseo_primary_category", "rank_math_primary_category")
FIRST_PARAGRAPH_RE = re.compile(r"<p>(.*?)</p>", re.S)
# Cached pages showing imported posts are invalidated every so many posts
# (some seconds), not post by post (articles.changes.batched).
PAGES_BUMPED_EVERY = 500
# Posts read from the file at a time: what earlier imports made of them is
# read in one query.
POSTS_READ_AT_ONCE = 100


@dataclass
class ImportOptions:
    language: str = settings.LANGUAGE_CODE
    post_types: tuple = ("post",)
    dry_run: bool = False
    overwrite: bool = False
    recreate_deleted: bool = False
    # A copy of the old site's wp-content/uploads.
    media_dir: object = None
    # The one address images missing from media_dir may be fetched from.
    fetch_media_from: str | None = None
    # Only for a Site admin (``may_import_as_reviewed``): published posts
    # count as reviewed today instead of being due for review.
    imported_as_reviewed: bool = False


@dataclass
class ExportIndex:
    """What the first reading of the file learnt."""

    channel: object = None
    total: int = 0
    # post ID -> attachment item (images the posts refer to)
    attachments: dict = field(default_factory=dict)
    library: object = None
    # (category, language) whose old addresses this run redirected.
    redirected_categories: set = field(default_factory=set)
    # login -> Author, for the posts after the first of each author.
    authors: dict = field(default_factory=dict)
    # slug -> Category, likewise.
    categories: dict = field(default_factory=dict)
    # post ID -> KnownPost, for the posts being imported (_known_posts).
    known: dict = field(default_factory=dict)
    # Translated category terms (categories.translation_groups).
    category_groups: dict = field(default_factory=dict)
    imported_as_reviewed: bool = False


def scan(source, options):
    """Read the whole export once; raises ``WxrError`` if it can't be."""
    index = ExportIndex()
    for item in read_export(_rewound(source)):
        if index.channel is None:
            index.channel = item
            continue
        if item.post_type == "attachment":
            index.attachments[item.post_id] = item
        elif item.post_type in options.post_types:
            index.total += 1
    return index


def may_import_as_reviewed(user):
    """Whether ``user`` may vouch for imported posts as medically
    reviewed: a Site admin."""
    return user is not None and is_site_admin(user)


def _rewound(source):
    """A path as it is; a file (an admin upload) from its start again."""
    if hasattr(source, "seek"):
        source.seek(0)
    return source


def import_export(path, options, progress=None):
    """Import the export at ``path`` (or in a binary file); return the
    ``Report``."""
    index = scan(path, options)
    index.imported_as_reviewed = options.imported_as_reviewed
    index.category_groups = categories.translation_groups(index.channel)
    index.library = MediaLibrary(
        options.media_dir,
        index.channel.site_url,
        dry_run=options.dry_run,
        fetch_from=options.fetch_media_from,
    )
    report = Report(site_url=index.channel.site_url, dry_run=options.dry_run)
    done = 0
    with (
        _quick_commits(),
        changes_batched() as changes,
        transaction.atomic() if options.dry_run else contextlib.nullcontext(),
    ):
        for chunk in _chunks(_posts(path, options, report), POSTS_READ_AT_ONCE):
            index.known = _known_posts(index.channel.site_url, chunk)
            for item in chunk:
                import_item(item, index, options, report)
                done += 1
                if done % PAGES_BUMPED_EVERY == 0 and not options.dry_run:
                    changes.flush()
                if progress is not None:
                    progress(done, index.total)
        _after_posts(index, options, report)
        if options.dry_run:
            transaction.set_rollback(True)
            changes.discard()
    return report


def _posts(path, options, report):
    """The export's items of the post types imported; the others counted."""
    for item in read_export(_rewound(path)):
        if isinstance(item, Channel):
            continue
        if item.post_type in options.post_types:
            yield item
        else:
            report.other_types[item.post_type] += 1


def _chunks(items, size):
    items = iter(items)
    while chunk := list(itertools.islice(items, size)):
        yield chunk


@dataclass(frozen=True)
class KnownPost:
    """An earlier import of a post: what it read, where its article is
    (None: deleted here since)."""

    digest: str
    path: str | None


def _known_posts(site_url, items):
    """post ID -> KnownPost, for the posts of ``items`` imported before:
    one query for a chunk of posts instead of one a post (and none for a
    post imported again unchanged)."""
    rows = ImportedPost.objects.filter(
        site_url=site_url, wp_id__in=[item.post_id for item in items]
    ).values_list("wp_id", "source_digest", "article__language", "article__slug")
    return {
        wp_id: KnownPost(
            digest, page_path("articles:detail", language, slug) if slug else None
        )
        for wp_id, digest, language, slug in rows
    }


@contextlib.contextmanager
def _quick_commits():
    """Commits that don't wait for the disk, on PostgreSQL: a crash can
    lose the last few posts' commits (never half a post), which running
    the import again brings back; every post's commit otherwise waits for
    a flush."""
    postgres = connection.vendor == "postgresql"
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        if postgres:
            # A connection that failed is replaced, setting and all.
            with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")


def _after_posts(index, options, report):
    imported = [o.article_id for o in report.created + report.updated]
    old_urls.rewrite_internal_links(imported, index.channel.site_url, report)
    if report.redirects:
        report.redirects += old_urls.feed_redirect(options.language)
    # Posts of one category each made its category's redirects again.
    report.redirects = list(dict.fromkeys(report.redirects))


def import_item(item, index, options, report):
    outcome = PostOutcome(item.post_id, item.title or f"(untitled #{item.post_id})")
    if item.status in SKIPPED_STATUSES:
        outcome.reason = SKIPPED_STATUSES[item.status]
        report.skipped.append(outcome)
        return
    try:
        with transaction.atomic():
            kind, warnings, redirects = _import_post(item, index, options, outcome)
    except ValidationError as error:
        outcome.reason = "; ".join(error.messages)
        report.failed.append(outcome)
    except (OperationalError, InterfaceError):
        # The database itself is failing: every other post would too.
        raise
    except Exception as error:  # noqa: BLE001 - one bad post must not stop the rest
        outcome.reason = f"{type(error).__name__}: {error}"
        report.failed.append(outcome)
    else:
        getattr(report, kind).append(outcome)
        if kind != "skipped":
            report.note_terms_not_imported(item)
        report.redirects += redirects
        for message in warnings:
            report.warn(item.post_id, message)


def _import_post(item, index, options, outcome):
    """Create or update the article for ``item``: ("created" | "updated" |
    "unchanged" | "skipped", warnings, redirects made)."""
    site_url = index.channel.site_url
    digest = source_digest(item, options)
    known = index.known.get(item.post_id)
    if known is None:
        record = None
    elif known.path and known.digest == digest and not options.overwrite:
        outcome.url = known.path
        return "unchanged", [], []
    else:
        record = (
            ImportedPost.objects.select_for_update(of=("self",))
            .select_related("article")
            .filter(site_url=site_url, wp_id=item.post_id)
            .first()
        )
    article = record.article if record is not None else None
    code, group = languages.post_language(item, options.language)
    language = languages.site_language(code)
    if language is None:
        outcome.reason = f"in “{code}”, a language the site does not offer"
        return "skipped", [], []
    if record is not None and article is None and not options.recreate_deleted:
        outcome.reason = "deleted here after an earlier import (--recreate-deleted)"
        return "skipped", [], []
    if article is not None and not options.overwrite:
        if record.source_digest == digest:
            outcome.url = article.get_absolute_url()
            return "unchanged", [], []
        if _edited_here(article, record):
            outcome.reason = "edited here since the last import (--overwrite)"
            return "skipped", [], []
    kind = "created" if article is None else "updated"
    article = article or Article()
    # Where visitors found it, if they could.
    url_before = article.get_absolute_url() if article.is_live_row else None
    article.language = language
    if group is not None:
        article.translation_group = languages.translation_group(site_url, group)
    parts = _fill_article(article, item, index)
    warnings = parts.warnings
    _validate(article, warnings)
    article.save()
    redirects = _redirects(item, article, index, url_before, parts.category_term)
    updated_at = item.modified_at or item.published_at or timezone.now()
    is_new = kind == "created"
    warnings += _replace_faq(article, parts.faq, is_new)
    warnings += _replace_citations(article, parts.references, updated_at, is_new)
    warnings += _content_findings(article)
    # WordPress's "modified" is the article's "last updated" (auto_now on
    # save, so set afterwards).
    Article.objects.filter(pk=article.pk).update(updated_at=updated_at)
    record = record or ImportedPost(site_url=site_url, wp_id=item.post_id)
    record.post_type = item.post_type
    record.article = article
    record.source_digest = digest
    record.article_updated_at = updated_at
    record.save()
    # The same post twice in an export is imported again, not twice.
    known = KnownPost(digest, article.get_absolute_url())
    transaction.on_commit(lambda: index.known.__setitem__(item.post_id, known))
    outcome.url = article.get_absolute_url()
    outcome.article_id = article.pk
    return kind, warnings, redirects


def _redirects(item, article, index, url_before, category_term):
    """The old addresses of a live (or scheduled) article lead to it; a
    draft's never did. ``category_term``: the WordPress category it was
    filed under (in its language)."""
    if article.status != Article.Status.PUBLISHED:
        return []
    made = old_urls.post_redirects(item, article, index.channel)
    # Once per category term and language in a run: by the first post that
    # makes them and commits.
    key = (category_term, article.language)
    if key not in index.redirected_categories:
        made += old_urls.category_redirects(
            category_term,
            article.category,
            article.language,
            index.channel,
            translated=category_term in index.category_groups,
        )
        transaction.on_commit(lambda: index.redirected_categories.add(key))
    if url_before and url_before != article.get_absolute_url():
        # Redirected as the article saved (redirects.receivers).
        made.append((unquote(url_before), article.get_absolute_url()))
    return made


def source_digest(item, options):
    """Changes when anything the import reads from the post changes."""
    source = [
        item.title,
        item.slug,
        item.status,
        item.content,
        item.excerpt,
        item.creator,
        str(item.published_at),
        item.terms,
        item.meta,
        options.language,
    ]
    encoded = json.dumps(source, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()


def _edited_here(article, record):
    return (
        article.updated_at != record.article_updated_at
        or article.working_copies.exists()
    )


@dataclass
class PostParts:
    """What a post brings besides the article's own fields."""

    warnings: list
    faq: list
    references: list
    category_term: str


def _fill_article(article, item, index):
    warnings = []
    converted = convert_body(item.content)
    warnings += converted.warnings
    _set_seo_fields(article, item, warnings)
    body, references = citations.split_references(sanitize_html(converted.html))
    article.title = Truncator(item.title).chars(200) or f"Post {item.post_id}"
    article.body = localise_images(body, index.library, warnings)
    _set_hero(article, item, index, warnings)
    article.summary = _summary(item, body, warnings)
    article.slug = _wanted_slug(item)
    article.category, category_term = _category(item, index, warnings)
    article.author = _author(item, index)
    _set_status(article, item, index.imported_as_reviewed)
    return PostParts(warnings, converted.faq, references, category_term)


def _set_seo_fields(article, item, warnings):
    found = seo.seo_fields(item)
    article.seo_title = found.seo_title
    article.canonical_url = found.canonical_url
    article.noindex = found.noindex
    warnings += found.warnings


def _set_hero(article, item, index, warnings):
    hero = featured_image(item, index.attachments, index.library, warnings)
    # A dry run checks the image but stores nothing to show.
    if hero is not None and not index.library.dry_run:
        article.hero_image, article.hero_image_alt, article.hero_image_caption = hero


def _set_status(article, item, imported_as_reviewed):
    if item.status in {"publish", "future"}:
        # "future" keeps its date ahead: the article is scheduled.
        article.status = Article.Status.PUBLISHED
        article.published_at = item.published_at or timezone.now()
        today = timezone.localdate()
        if imported_as_reviewed:
            article.next_review_due = add_months(today, article.review_interval())
        else:
            # Live, so the old URLs keep working, but due for medical
            # review now: in "Reviews due", with the review notice shown.
            article.next_review_due = today - datetime.timedelta(days=1)
    else:
        # draft, pending and private posts: not for patients yet.
        article.status = Article.Status.DRAFT
        article.published_at = None


def _summary(item, body_html, warnings):
    """The SEO description (the summary is the page's meta description),
    else the excerpt, else the start of the text."""
    text = plain_text(seo.meta_description(item) or item.excerpt)
    if not text:
        first = FIRST_PARAGRAPH_RE.search(body_html)
        text = plain_text(first.group(1) if first else body_html)
        warnings.append("No excerpt: the summary is the start of the text.")
    if len(text) > SUMMARY_MAX_LENGTH:
        text = Truncator(text).chars(SUMMARY_MAX_LENGTH)
        warnings.append("The summary was shortened to 160 characters.")
    return text


def _validate(article, warnings):
    """The checks an edit in the admin passes. The post's slug, if another
    article has it (``Article.clean`` says so), is made unique."""
    try:
        _full_clean(article)
    except ValidationError as error:
        if "slug" not in getattr(error, "error_dict", {}):
            raise
        article.slug = _unique_slug(article, warnings)
        _full_clean(article)


def _full_clean(article):
    # The category and author were just read or made. The unique
    # constraints are the database's to enforce (a clash fails this post's
    # transaction and is reported): asking again would cost six queries a
    # post.
    article.full_clean(
        exclude=["hero_image", "slug", "category", "author"],
        validate_constraints=False,
    )


def _wanted_slug(item):
    wanted = slugify(item.slug, allow_unicode=True) or slugify(
        item.title, allow_unicode=True
    )
    return (wanted or f"post-{item.post_id}")[:190]


def _unique_slug(article, warnings):
    """``article.slug``, which another article has, numbered to be free."""
    wanted = article.slug
    others = Article.objects.originals().filter(language=article.language)
    others = others.exclude(pk=article.pk)
    taken = set(others.filter(slug__startswith=wanted).values_list("slug", flat=True))
    slug, number = wanted, 1
    while slug in taken:
        number += 1
        slug = f"{wanted}-{number}"
    warnings.append(f"The slug “{wanted}” was taken; this post is at “{slug}”.")
    return slug


def _category(item, index, warnings):
    """One category per article: WordPress's primary category, else the
    post's first; the hierarchy is flattened. Returns the category and the
    WordPress category's nicename."""
    names = dict(item.terms_in("category"))
    primary = next(
        (
            index.channel.category_ids.get(item.meta[key].strip())
            for key in PRIMARY_CATEGORY_KEYS
            if item.meta.get(key, "").strip()
        ),
        None,
    )
    chosen = primary if primary in names else next(iter(names), None)
    if chosen is None:
        chosen, name = DEFAULT_CATEGORY
    else:
        name = names[chosen] or index.channel.categories.get(chosen, (chosen,))[0]
    others = sorted(set(names) - {chosen})
    if others:
        warnings.append(
            f"Articles have one category: kept “{chosen}”, "
            f"not {', '.join(f'“{o}”' for o in others)}."
        )
    data = categories.category_data(chosen, name, index.channel, index.category_groups)
    if data.slug not in index.categories:
        category = categories.save_category(data)
        # Remembered once written for good, as authors are (_author).
        transaction.on_commit(lambda: index.categories.setdefault(data.slug, category))
        return category, chosen
    return index.categories[data.slug], chosen


def _author(item, index):
    login = item.creator or "wordpress"
    if login in index.authors:
        return index.authors[login]
    site_url = index.channel.site_url
    known = (
        ImportedAuthor.objects.filter(site_url=site_url, login=login)
        .select_related("author")
        .first()
    )
    if known is not None:
        author = known.author
    else:
        name = index.channel.authors.get(login, login)[:150]
        author = Author.objects.create(name=name)
        ImportedAuthor.objects.create(site_url=site_url, login=login, author=author)
    # Remembered once written for good (not if this post's transaction
    # rolls back, nor in a dry run).
    transaction.on_commit(lambda: index.authors.setdefault(login, author))
    return author


def _replace_faq(article, faq, is_new):
    """The FAQ blocks of the post, as the article's FAQ entries."""
    warnings = []
    if not is_new:
        article.faq_entries.all().delete()
    for position, (question, answer) in enumerate(faq, start=1):
        entry = FaqEntry(
            article=article,
            question=Truncator(question).chars(300),
            answer=answer,
            status=FaqEntry.Status.PUBLISHED,
            position=position,
        )
        try:
            entry.full_clean()
        except ValidationError as error:
            warnings.append(f"FAQ “{question}” left out: {'; '.join(error.messages)}")
            continue
        entry.save()
    return warnings


def _replace_citations(article, references, updated_at, is_new):
    if not references and (is_new or not article.article_citations.exists()):
        return []
    warnings = citations.replace_citations(article, references, updated_at.date())
    # Checked again now that the reference markers have their citations.
    article.content_checks = check_article(article).as_dict()
    Article.objects.filter(pk=article.pk).update(content_checks=article.content_checks)
    return warnings


def _content_findings(article):
    """The content checks' findings, as an editor would see them."""
    checks = article.content_checks
    return [
        f"Content check ({finding['level']}): {finding['message']}"
        for finding in checks.get("errors", []) + checks.get("warnings", [])
    ]
