"""An article's card as related articles and the home page show it,
rendered when the article or its topic changes and stored on the article
(``card_html``, stamped with the release in ``card_release``), like its
content section (``articles.content``). Rendering a card from its
template cost about as much as the rest of an article page's header.

``content.mark_stale`` and every save of the article make the card stale;
the next page that shows it renders it again and stores it (one UPDATE
for all the page's stale cards), unless another edit came in meanwhile.
Lists render their cards from the same template with a heading one level
up.
"""

from django.db.models import Case, F, Value, When, prefetch_related_objects
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from core import release

TEMPLATE = "includes/article_card.html"


def render(article):
    """The card of ``article`` (with its category) as it is now, in the
    article's language, as every page that shows it is."""
    with translation.override(article.language):
        return mark_safe(render_to_string(TEMPLATE, {"article": article}))


def for_articles(articles):
    """The cards of ``articles`` (read ``for_cards()``), in order. Stale
    ones are rendered, their topics read first if they weren't."""
    articles = list(articles)
    current = release.current()
    stale = [article for article in articles if article.card_release != current]
    prefetch_related_objects(stale, "category")
    rendered = {article.pk: render(article) for article in stale}
    if rendered:
        _store(articles, rendered, current)
    return [
        rendered.get(article.pk) or mark_safe(article.card_html) for article in articles
    ]


def _store(articles, rendered, current):
    """The cards ``rendered``, in one UPDATE; a card that an edit has made
    stale since it was read is left stale."""
    read_as = {article.pk: article.card_release for article in articles}

    model = type(articles[0])

    def unless_edited(values, field):
        # SET expressions all see the row as it was read by the UPDATE, so
        # both fields test the same stamp.
        return Case(
            *(
                When(pk=pk, card_release=read_as[pk], then=Value(value))
                for pk, value in values.items()
            ),
            default=F(field),
            output_field=model._meta.get_field(field),
        )

    model.objects.filter(pk__in=rendered).update(
        card_html=unless_edited(
            {pk: str(html) for pk, html in rendered.items()}, "card_html"
        ),
        card_release=unless_edited(dict.fromkeys(rendered, current), "card_release"),
    )
