"""The site's URLs with one page more in articles/urls.py, which the page
cache does not declare (tests/delivery/test_pages.py)."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from articles import urls as article_urls
from articles.views import ArticleListView
from liv_site import urls as site_urls

articles = (
    [
        path("archive/", ArticleListView.as_view(), name="archive"),
        *article_urls.urlpatterns,
    ],
    "articles",
)

urlpatterns = [
    *i18n_patterns(path("articles/", include(articles))),
    *site_urls.urlpatterns,
]
