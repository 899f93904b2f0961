"""Which language a post is in and which posts translate one another, as
Polylang or WPML wrote it into the export.

Polylang tags each post with a ``language`` term and a
``post_translations`` term shared by its translations. WPML's Export and
Import add-on writes post meta: ``_wpml_import_language_code`` and
``_wpml_import_translation_group``. An export with neither is in the
language the command is given.
"""

import uuid

from django.conf import settings

WPML_LANGUAGE = "_wpml_import_language_code"
WPML_GROUP = "_wpml_import_translation_group"


def post_language(item, default_language):
    """(language code as WordPress has it, translation group key or None)."""
    polylang = item.terms_in("language")
    if polylang:
        groups = item.terms_in("post_translations")
        return polylang[0][0], f"polylang:{groups[0][0]}" if groups else None
    code = item.meta.get(WPML_LANGUAGE, "").strip()
    if code:
        group = item.meta.get(WPML_GROUP, "").strip()
        return code, f"wpml:{group}" if group else None
    return default_language, None


def site_language(code):
    """The site's language for a WordPress code ("tr", "pt-br", "en_US"),
    or None if the site doesn't offer it."""
    offered = dict(settings.LANGUAGES)
    code = code.lower().replace("_", "-")
    if code in offered:
        return code
    base = code.split("-")[0]
    return base if base in offered else None


def translation_group(site_url, group_key):
    """The same articles.Article.translation_group for every post of one
    WordPress translation group, on every import."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{site_url}#{group_key}")
