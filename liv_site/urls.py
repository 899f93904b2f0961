import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import TemplateView

from articles.feeds import LatestArticlesFeed
from core import uploads
from website import sitemap, views


def page(template_name):
    return TemplateView.as_view(template_name=f"pages/{template_name}.html")


urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    # Replaces django_ckeditor_5.urls: its view keeps the uploaded file's
    # name and bytes; ours decodes and re-encodes like the admin forms.
    path(
        "ckeditor5/image_upload/",
        uploads.ckeditor_upload,
        name="ckeditor5_image_upload",
    ),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap.sitemap, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap.section, name="sitemap_section"),
    # Outside the language prefix: the email provider posts there.
    path("newsletter/webhooks/anymail/", include("newsletter.webhook_urls")),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin).
    path("favicon.ico", views.favicon),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$",
            views.media,
            name="media",
        ),
    ]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("articles/feed/", LatestArticlesFeed(), name="article_feed"),
    path("articles/", include("articles.urls")),
    path("faq/", include("faq.urls")),
    path("privacy/", page("privacy"), name="privacy"),
    path("imprint/", page("imprint"), name="imprint"),
    path("medical-disclaimer/", page("medical_disclaimer"), name="disclaimer"),
    path("newsletter/", include("newsletter.urls")),
)
