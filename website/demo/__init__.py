"""Demo content: the seed health article, shipped with the project.

The article's text lives beside this module as HTML and JSON; the images
are drawn here with Pillow, so nothing is fetched or read from outside the
project. Loading is idempotent: what exists is left as it is.
"""

import datetime
import html
import io
import json
import random
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from articles.body.checks import check_article
from articles.models import Article, Author, Category
from faq.models import FaqEntry
from references.models import ArticleCitation, Citation

DEMO_DIR = Path(__file__).resolve().parent
SEED_NAME = "stem_cell_type1_diabetes"
# Translations of the seed, loaded when their two files (<name>.<lang>.json
# and .html, same keys and structure as the English ones) are present.
TRANSLATED_LANGUAGES = ["ar", "tr", "ru", "de"]
IMAGE_SIZE = (1200, 675)

HERO_IMAGE = "demo/stem-cell-research-hero.webp"
BODY_IMAGES = {
    "{{ IMAGE_1 }}": "demo/insulin-independence.webp",
    "{{ IMAGE_2 }}": "demo/autoimmune-mechanism.webp",
}


def read_seed():
    meta = json.loads((DEMO_DIR / f"{SEED_NAME}.json").read_text(encoding="utf-8"))
    body = (DEMO_DIR / f"{SEED_NAME}.html").read_text(encoding="utf-8")
    return meta, body


def read_translation(language, directory=DEMO_DIR):
    """The seed's ``language`` version as (meta, body), or None if its
    files are not there."""
    meta_path = directory / f"{SEED_NAME}.{language}.json"
    body_path = directory / f"{SEED_NAME}.{language}.html"
    if not (meta_path.exists() and body_path.exists()):
        return None
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    return meta, body_path.read_text(encoding="utf-8")


@transaction.atomic
def load_demo_content(translations_dir=DEMO_DIR):
    """Load the seed article with its FAQ and references, and its
    translations found in ``translations_dir``; return True if anything
    new was created."""
    for seed, name in enumerate([HERO_IMAGE, *BODY_IMAGES.values()]):
        ensure_illustration(name, seed)
    meta, body = read_seed()
    category, _ = Category.objects.get_or_create(
        slug="diabetes-endocrinology",
        defaults={
            "name": "Diabetes & Endocrinology",
            "description": "Type 1 and type 2 diabetes, hormones and "
            "metabolism: causes, treatments and research.",
        },
    )
    author, _ = Author.objects.get_or_create(
        name="Liv Hospital Editorial Team",
        defaults={
            "is_organisation": True,
            "bio": "Health writers and editors who prepare Liv Hospital's "
            "patient information.",
        },
    )
    reviewer, _ = Author.objects.get_or_create(
        name="Liv Hospital Medical Review Board",
        defaults={
            "is_organisation": True,
            "credentials": "Endocrinology",
            "bio": "Specialist physicians who check every article for "
            "medical accuracy before it is published.",
        },
    )
    article = Article.objects.filter(language="en", slug=meta["slug"]).first()
    created = article is None
    if created:
        article = create_seed_article(meta, body, category, author, reviewer)
    # Also fills in an article loaded before the FAQ and references existed.
    created |= ensure_faq(article, meta["faq"])
    created |= ensure_references(article, meta["references"], meta["updated_on"])
    for language in TRANSLATED_LANGUAGES:
        seed = read_translation(language, translations_dir)
        if seed is not None:
            created |= ensure_translation(article, language, *seed, english=meta)
    return created


def ensure_translation(source, language, meta, body, english):
    """The ``language`` version of the seed article, in its translation
    group, with its takeaways, FAQ, the same references and the category's
    name in that language. What exists is left as it is."""
    category = source.category
    if meta.get("category_name") and language not in category.translations:
        category.translations = {
            **category.translations,
            language: {
                "name": meta["category_name"],
                "description": meta.get("category_description", ""),
            },
        }
        category.save(update_fields=["translations"])
    article = source.translations().filter(language=language).first()
    created = article is None
    if created:
        article = create_seed_article(
            meta,
            body,
            category,
            source.author,
            source.medical_reviewer,
            language=language,
            featured=False,
            translation_group=source.translation_group,
            translation_source=source,
            translated_from_revision=source.approved_revision,
        )
    created |= ensure_faq(article, meta.get("faq", []))
    created |= ensure_references(article, english["references"], english["updated_on"])
    return created


def ensure_faq(article, pairs):
    """Give ``article`` the seed's FAQ unless it already has one."""
    if article.faq_entries.exists():
        return False
    for position, pair in enumerate(pairs, start=1):
        entry = FaqEntry(
            article=article,
            question=pair["question"],
            answer=f"<p>{html.escape(pair['answer'])}</p>",
            status=FaqEntry.Status.PUBLISHED,
            position=position,
        )
        entry.full_clean()
        entry.save()
    return True


def ensure_references(article, references, accessed_on):
    """Give ``article`` the seed's numbered references unless it has some.

    A citation already in the library (same URL) is reused, not duplicated.
    """
    if article.article_citations.exists():
        return False
    for position, reference in enumerate(references, start=1):
        citation = Citation.objects.filter(url=reference["url"]).first()
        if citation is None:
            citation = Citation(
                title=reference["title"],
                publisher=reference["publisher"],
                url=reference["url"],
                accessed_on=datetime.date.fromisoformat(accessed_on),
            )
            citation.full_clean()
            citation.save()
        ArticleCitation.objects.create(
            article=article, citation=citation, position=position
        )
    # Article.save() checked the body before these citations existed;
    # store the checks again, or editors see its [n] markers as uncited.
    Article.objects.filter(pk=article.pk).update(
        content_checks=check_article(article).as_dict()
    )
    return True


def create_seed_article(
    meta, body, category, author, reviewer, language="en", featured=True, **extra
):
    for placeholder, name in BODY_IMAGES.items():
        body = body.replace(placeholder, default_storage.url(name))
    updated_on = datetime.date.fromisoformat(meta["updated_on"])
    published_at = timezone.make_aware(
        datetime.datetime.combine(updated_on, datetime.time(9, 0))
    )
    article = Article(
        language=language,
        slug=meta["slug"],
        title=meta["title"],
        summary=meta["summary"],
        hero_image=HERO_IMAGE,
        hero_image_alt=meta["hero_alt"],
        body=body,
        category=category,
        author=author,
        medical_reviewer=reviewer,
        reviewed_on=updated_on,
        status=Article.Status.PUBLISHED,
        published_at=published_at,
        featured=featured,
        **extra,
    )
    article.full_clean()
    article.save()
    article.takeaways.bulk_create(
        article.takeaways.model(article=article, text=text, position=position)
        for position, text in enumerate(meta["takeaways"], start=1)
    )
    # The seed says when it was last updated; keep that date, not today's.
    Article.objects.filter(pk=article.pk).update(updated_at=published_at)
    return article


def ensure_illustration(name, seed):
    """Draw an abstract 'cells' illustration at ``name`` unless it exists."""
    if default_storage.exists(name):
        return
    width, height = IMAGE_SIZE
    rng = random.Random(seed)
    image = Image.new("RGB", IMAGE_SIZE)
    draw = ImageDraw.Draw(image)
    top, bottom = (11, 74, 111), (15, 118, 110)
    for y in range(height):
        t = y / height
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    for _ in range(40):
        r = rng.randint(18, 70)
        x, y = rng.randint(0, width), rng.randint(0, height)
        shade = rng.choice([(232, 241, 246), (190, 227, 220), (255, 255, 255)])
        draw.ellipse([x - r, y - r, x + r, y + r], outline=shade, width=4)
        draw.ellipse([x - r // 4, y - r // 4, x + r // 4, y + r // 4], fill=shade)
    buffer = io.BytesIO()
    image.save(buffer, format="WEBP", quality=70, method=4)
    default_storage.save(name, ContentFile(buffer.getvalue()))
