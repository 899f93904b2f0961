"""schema.org data for article and category pages, as plain dicts."""

from django.urls import reverse
from django.utils.translation import gettext as _

from core.origin import absolute_url

PUBLISHER = {
    "@type": "Hospital",
    "name": "Liv Hospital",
}


def medical_web_page(article, origin):
    url = absolute_url(origin, article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "@id": url,
        "url": url,
        "name": article.title,
        "headline": article.title,
        "description": article.summary,
        "inLanguage": article.language,
        "about": {"@type": "MedicalEntity", "name": article.category.localized_name},
        "datePublished": article.published_at.isoformat()
        if article.published_at
        else None,
        "dateModified": article.updated_at.isoformat(),
        "author": person_or_organisation(article.author),
        "publisher": PUBLISHER,
    }
    if article.medical_reviewer:
        data["reviewedBy"] = person_or_organisation(article.medical_reviewer)
    if article.reviewed_on:
        data["lastReviewed"] = article.reviewed_on.isoformat()
    if article.hero_image:
        data["image"] = absolute_url(origin, article.hero_image.url)
    return {key: value for key, value in data.items() if value is not None}


def person_or_organisation(author):
    data = {
        "@type": "Organization" if author.is_organisation else "Person",
        "name": author.name,
    }
    if author.credentials and not author.is_organisation:
        data["honorificSuffix"] = author.credentials
    return data


def breadcrumb_list(origin, crumbs):
    """``crumbs``: (name, path) pairs from the top of the site down."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": str(name),
                "item": absolute_url(origin, path),
            }
            for position, (name, path) in enumerate(crumbs, start=1)
        ],
    }


def article_breadcrumbs(article, origin):
    return breadcrumb_list(
        origin,
        [
            (_("Articles"), reverse("articles:list")),
            (article.category.localized_name, article.category.get_absolute_url()),
            (article.title, article.get_absolute_url()),
        ],
    )


def category_breadcrumbs(category, origin):
    return breadcrumb_list(
        origin,
        [
            (_("Articles"), reverse("articles:list")),
            (category.localized_name, category.get_absolute_url()),
        ],
    )
