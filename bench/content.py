"""Content for benchmarks: many articles shaped like the seed article.

Every article is the seed's body with its subject words swapped (so search
finds different articles for different words), with the seed's FAQ-sized
questions, takeaways and numbered references. Rows are bulk-inserted: the
derived HTML is computed once from the seed by the normal save and varied
by the same word swaps, which keeps the command to seconds, not minutes.
"""

import datetime
import itertools
import random

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles.models import Article, Author, Category, KeyTakeaway, SearchWord
from articles.search.indexing import article_vectors
from core.text_search import words_of
from delivery import page_cache
from faq.models import FaqEntry
from references.models import ArticleCitation, Citation
from website import demo

CONDITIONS = [
    "asthma",
    "migraine",
    "arthritis",
    "psoriasis",
    "hepatitis",
    "anaemia",
    "glaucoma",
    "epilepsy",
    "obesity",
    "hypertension",
    "osteoporosis",
    "scoliosis",
    "sinusitis",
    "eczema",
    "gout",
    "lupus",
    "sciatica",
    "insomnia",
    "tinnitus",
    "cataracts",
    "endometriosis",
    "bronchitis",
    "pancreatitis",
    "thyroiditis",
    "dermatitis",
    "colitis",
    "angina",
    "vertigo",
    "rosacea",
    "fibromyalgia",
    "leukaemia",
    "lymphoma",
    "melanoma",
    "neuropathy",
    "sarcoidosis",
    "tendinitis",
    "varicose veins",
    "kidney stones",
    "gallstones",
    "sleep apnoea",
]
PLACES = [
    "Turkey",
    "Germany",
    "Japan",
    "Korea",
    "Spain",
    "Canada",
    "Brazil",
    "Sweden",
    "India",
    "Italy",
]
TOPICS = [
    ("cardiology", "Heart & Circulation"),
    ("oncology", "Cancer Care"),
    ("neurology", "Brain & Nerves"),
    ("orthopaedics", "Bones & Joints"),
    ("dermatology", "Skin"),
    ("digestive-health", "Digestive Health"),
]


def _vary(text, condition, place):
    return (
        text.replace("type 1 diabetes", condition)
        .replace("Type 1 diabetes", condition.capitalize())
        .replace("Type 1 Diabetes", condition.title())
        .replace("diabetes", condition)
        .replace("Diabetes", condition.capitalize())
        .replace("China", place)
    )


@transaction.atomic
def generate(articles=2000, faq_entries=400, citations=300, seed=1):
    """Add ``articles`` articles spread over every language, with FAQ
    entries, citations and references. Returns the counts created."""
    rng = random.Random(seed)
    demo.load_demo_content()
    template = Article.objects.get(language="en", slug=demo.read_seed()[0]["slug"])
    takeaways = list(template.takeaways.values_list("text", flat=True))
    topics = [
        Category.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in TOPICS
    ] + [template.category]
    authors = [template.author] + [
        Author.objects.get_or_create(name=f"Dr. Bench Writer {n}")[0]
        for n in range(1, 5)
    ]
    languages = [code for code, _name in settings.LANGUAGES]
    combos = list(itertools.product(CONDITIONS, PLACES, languages))
    rng.shuffle(combos)
    now = timezone.now()
    rows = []
    for number, (condition, place, language) in enumerate(combos[:articles]):
        title = _vary(template.title, condition, place)
        rows.append(
            Article(
                language=language,
                title=title,
                slug=f"{condition.replace(' ', '-')}-{place.lower()}-{number}",
                summary=_vary(template.summary, condition, place),
                hero_image=template.hero_image.name,
                hero_image_width=template.hero_image_width,
                hero_image_height=template.hero_image_height,
                hero_renditions=template.hero_renditions,
                hero_image_alt=template.hero_image_alt,
                body=_vary(template.body, condition, place),
                body_html=_vary(template.body_html, condition, place),
                body_text=_vary(template.body_text, condition, place),
                table_of_contents=template.table_of_contents,
                reading_time_minutes=template.reading_time_minutes,
                category=rng.choice(topics),
                author=rng.choice(authors),
                medical_reviewer=template.medical_reviewer,
                reviewed_on=template.reviewed_on,
                next_review_due=now.date() + datetime.timedelta(days=200),
                status=Article.Status.PUBLISHED,
                published_at=now - datetime.timedelta(hours=number),
                featured=number < 15,
                content_checks=template.content_checks,
            )
        )
    created = Article.objects.bulk_create(rows, batch_size=200)
    for language in languages:
        Article.objects.filter(language=language).update(**article_vectors(language))
        words = set()
        for article in created:
            if article.language == language:
                words |= words_of(article.title, article.summary)
        words |= words_of(template.body_text)
        SearchWord.objects.bulk_create(
            [SearchWord(language=language, word=w) for w in words],
            ignore_conflicts=True,
        )
    KeyTakeaway.objects.bulk_create(
        [
            KeyTakeaway(article=article, text=text, position=position)
            for article in created
            for position, text in enumerate(takeaways, start=1)
        ],
        batch_size=1000,
    )
    library = Citation.objects.bulk_create(
        [
            Citation(
                title=f"Outcomes of {rng.choice(CONDITIONS)} treatment: a "
                f"cohort study ({n})",
                publisher=rng.choice(["The Lancet", "BMJ", "JAMA", "NEJM"]),
                url=f"https://journals.example.org/bench/{n}",
                accessed_on=template.reviewed_on or now.date(),
            )
            for n in range(citations)
        ]
    )
    ArticleCitation.objects.bulk_create(
        [
            ArticleCitation(article=article, citation=citation, position=position)
            for article in created
            for position, citation in enumerate(
                rng.sample(library, min(len(library), 6)), start=1
            )
        ],
        batch_size=1000,
    )
    FaqEntry.objects.bulk_create(
        [
            FaqEntry(
                article=article,
                topic=article.category,
                language=article.language,
                question=f"How long does recovery from {condition} treatment take? "
                f"({n})",
                answer="<p>Most patients go home within a few days; your doctor "
                "will explain what to expect for your treatment.</p>",
                status=FaqEntry.Status.PUBLISHED,
                position=n,
            )
            for n, (article, condition) in enumerate(
                zip(rng.sample(created, faq_entries), itertools.cycle(CONDITIONS)),
            )
        ]
    )
    page_cache.bump("site")
    return {"articles": len(created), "faq": faq_entries, "citations": citations}
