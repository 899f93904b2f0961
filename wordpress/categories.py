"""WordPress categories as the site's categories.

A multilingual WordPress site has one category term per language (Polylang
links them in a ``term_translations`` group; WPML's Export and Import
add-on gives each term its language and group as term meta, as it does
for posts). Here a category is one row, with one slug and URL per
language, and its name and description in each language
(``Category.translations``): each group becomes that one category, named
after its term in the site's default language (else its first language
the site offers). A category the export doesn't translate stays as it is.

A category made by an earlier import, or edited here, keeps what it has:
a later import only adds the languages and description it lacks.
"""

from dataclasses import dataclass, field

from django.conf import settings

from articles.models import Category

from .languages import WPML_GROUP, WPML_LANGUAGE, site_language

NAME_LENGTH = Category._meta.get_field("name").max_length
SLUG_LENGTH = Category._meta.get_field("slug").max_length


@dataclass
class CategoryData:
    """What the export says of the category a post is filed under."""

    slug: str
    name: str
    description: str = ""
    # language -> {"name": ..., "description": ...}, as Category keeps them
    translations: dict = field(default_factory=dict)


def translation_groups(channel):
    """nicename -> {site language: nicename} of every category term that
    is translated, from Polylang's groups or WPML's term meta."""
    groups = []
    for members in _distinct(channel.term_translations.values()):
        groups.append(
            {
                language: channel.category_ids[term_id]
                for language, term_id in members.items()
                if term_id in channel.category_ids
            }
        )
    wpml = {}
    for nicename, meta in channel.category_meta.items():
        group = meta.get(WPML_GROUP, "").strip()
        language = meta.get(WPML_LANGUAGE, "").strip()
        if group and language:
            wpml.setdefault(group, {})[language] = nicename
    groups += wpml.values()
    found = {}
    for group in groups:
        offered = {
            site_language(code): nicename
            for code, nicename in group.items()
            if site_language(code) is not None
        }
        for nicename in group.values():
            found[nicename] = offered
    return found


def _distinct(groups):
    seen = set()
    for group in groups:
        if id(group) not in seen:
            seen.add(id(group))
            yield group


def category_data(nicename, name, channel, groups):
    """The category the post filed under ``nicename`` (named ``name``)
    belongs in."""
    members = groups.get(nicename)
    if not members:
        return CategoryData(
            slug=nicename[:SLUG_LENGTH],
            name=name[:NAME_LENGTH],
            description=channel.category_descriptions.get(nicename, ""),
        )
    main = members.get(settings.LANGUAGE_CODE) or next(
        members[code] for code, _name in settings.LANGUAGES if code in members
    )
    return CategoryData(
        slug=main[:SLUG_LENGTH],
        name=_name(main, channel),
        description=channel.category_descriptions.get(main, ""),
        translations={
            language: {
                "name": _name(member, channel),
                "description": channel.category_descriptions.get(member, ""),
            }
            for language, member in members.items()
            if language != settings.LANGUAGE_CODE
        },
    )


def _name(nicename, channel):
    return channel.categories.get(nicename, (nicename,))[0][:NAME_LENGTH]


def save_category(data):
    """The category for ``data``: made, or given the languages and
    description it lacks."""
    category = Category.objects.filter(slug=data.slug).first()
    if category is None:
        return Category.objects.create(
            slug=data.slug,
            name=data.name,
            description=data.description,
            translations=data.translations,
        )
    missing = {
        language: texts
        for language, texts in data.translations.items()
        if not category.translations.get(language, {}).get("name")
    }
    if missing or (data.description and not category.description):
        category.translations = {**category.translations, **missing}
        category.description = category.description or data.description
        category.save()
    return category
