"""Site-wide pages: home, health check, robots.txt, favicon."""

import logging
import secrets

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from articles.models import Article, Category

logger = logging.getLogger(__name__)

FEATURED_SHOWN = 3
LATEST_SHOWN = 6


@require_safe
def home(request):
    language = get_language()
    articles = Article.objects.published().in_language(language).for_listing()
    featured = list(articles.filter(featured=True)[:FEATURED_SHOWN])
    latest = articles.exclude(pk__in=[a.pk for a in featured])[:LATEST_SHOWN]
    return render(
        request,
        "home.html",
        {
            "featured_articles": featured,
            "latest_articles": latest,
            "categories": Category.objects.with_published_articles(language),
        },
    )


@never_cache
@require_safe
def healthz(request):
    """For load balancers: 200 when the database and cache both answer."""
    checks = {
        "database": _check("database", _database_answers),
        "cache": _check("cache", _cache_answers),
    }
    healthy = all(result == "ok" for result in checks.values())
    return JsonResponse(checks, status=200 if healthy else 503)


def _check(name, probe):
    try:
        probe()
    except Exception:
        logger.exception("Health check: the %s does not answer", name)
        return "fail"
    return "ok"


def _database_answers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache_answers():
    key, token = "healthz-probe", secrets.token_hex(8)
    cache.set(key, token, timeout=10)
    if cache.get(key) != token:
        raise RuntimeError("the cache did not return what was stored")


@require_safe
def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain")


@require_safe
def favicon(request):
    return redirect(static("img/favicon.svg"), permanent=True)
