"""Site-wide pages: home, search, robots.txt, favicon, and
uploads from the local disk."""

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import get_language
from django.views.decorators.http import require_safe
from django.views.static import serve

from articles.models import Article, Category
from articles.rendering import cards
from articles.search import query as article_search
from core import ratelimit
from core.media_storage import IMMUTABLE
from core.text_search import clean_query
from faq.search import matching_questions

FEATURED_SHOWN = 3
LATEST_SHOWN = 6
SEARCH_RESULTS_PER_PAGE = 10
FAQ_RESULTS_SHOWN = 5


@require_safe
def home(request):
    language = get_language()
    articles = Article.objects.published().in_language(language).for_cards()
    featured = list(articles.filter(featured=True)[:FEATURED_SHOWN])
    latest = articles.exclude(pk__in=[a.pk for a in featured])[:LATEST_SHOWN]
    return render(
        request,
        "home.html",
        {
            "featured_cards": cards.for_articles(featured),
            "latest_cards": cards.for_articles(latest),
            # The header's topics, with their counts.
            "topics": Category.objects.with_published_articles(language).order_by(
                "name"
            ),
        },
    )


@require_safe
def search(request):
    """Search results are never cached: every query is its own page.

    When nothing matches but a spelling correction exists, the results for
    the correction are shown instead, saying so (as web search engines do).
    Only then is a correction looked for.

    Each search costs the database several queries, and no cache absorbs
    them: a client making more than SEARCH_RATE_LIMIT a minute is asked to
    wait (429).
    """
    language = get_language()
    query = clean_query(request.GET.get("q", ""))
    if query and not _search_allowed(request):
        response = render(request, "search_too_many.html", status=429)
        response["X-Robots-Tag"] = "noindex"
        return ratelimit.retry_later(response)
    page = suggestion = None
    questions = []
    if query:
        page = _search_page(query, language, request.GET.get("page"))
        if not page.paginator.count:
            suggestion = article_search.suggest(query, language)
        if suggestion:
            page = _search_page(suggestion, language, request.GET.get("page"))
        if page.number == 1:
            questions = matching_questions(
                suggestion or query, language, FAQ_RESULTS_SHOWN
            )
    response = render(
        request,
        "search.html",
        {
            "query": query,
            "page_obj": page,
            "suggestion": suggestion,
            "questions": questions,
        },
    )
    response["X-Robots-Tag"] = "noindex"
    return response


def _search_allowed(request):
    limit = settings.SEARCH_RATE_LIMIT
    return not limit or ratelimit.allow(request, scope="search", limit=limit)


def _search_page(query, language, page_number):
    articles = Article.objects.published().in_language(language)
    results = article_search.search_articles(articles, query, language)
    paginator = article_search.ResultsPaginator(results, SEARCH_RESULTS_PER_PAGE)
    page = paginator.get_page(page_number)
    for article in page:
        article.snippet_html = article_search.highlighted(article.snippet)
    return page


@require_safe
def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain")


@require_safe
def favicon(request):
    return redirect(static("img/favicon.svg"), permanent=True)


@require_safe
def media(request, path):
    """An upload or rendition from MEDIA_ROOT (SERVE_MEDIA: a single server
    with no proxy serving the folder). Names are never reused for other
    bytes (core.uploads), so browsers and CDNs may keep them, as they
    keep the bucket's objects."""
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except SuspiciousFileOperation as outside_the_folder:
        raise Http404 from outside_the_folder
    response["Cache-Control"] = IMMUTABLE
    return response
