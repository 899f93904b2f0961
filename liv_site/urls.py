import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from . import uploads, views

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    # Replaces django_ckeditor_5.urls: its view keeps the uploaded file's
    # name and bytes; ours decodes and re-encodes like the admin forms.
    path(
        "ckeditor5/image_upload/",
        uploads.ckeditor_upload,
        name="ckeditor5_image_upload",
    ),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin).
    path("favicon.ico", views.favicon),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        ),
    ]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("articles/", include("articles.urls")),
)
