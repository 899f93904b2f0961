from functools import lru_cache

from django.urls import reverse
from django.utils import translation

# After the title in a page's <title>, as every template writes it.
SITE_NAME = "Liv Hospital"


# A function of the URL configuration alone, asked for a dozen times a page
# (cards, topics); bounded, though slugs come from the database.
@lru_cache(maxsize=4096)
def page_path(view_name, language, slug):
    """The path of the page ``view_name`` shows for ``slug``, in
    ``language``."""
    with translation.override(language):
        return reverse(view_name, kwargs={"slug": slug})
