"""Settings for the Liv hospital content platform, all read from the environment.

Development defaults need no server (SQLite, local-memory cache, console
email). With DEBUG off, a missing SECRET_KEY stops the process at start-up
instead of running with a guessable key, and ``check --deploy`` (which
``make serve`` runs first) refuses the other development defaults that
would fail in production (``core/checks.py``).
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core.media_storage import s3_media

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off "
            "(for local work, run with DEBUG=1 as `make run` does)."
        )
    SECRET_KEY = "insecure-local-development-key-never-used-in-production"
# Rotating SECRET_KEY: the previous key(s), comma-separated, still accepted
# for what was signed with them (newsletter confirm and unsubscribe links
# already in people's mailboxes, staff sessions) while new signatures use
# SECRET_KEY. docs/deployment.md, "Rotating SECRET_KEY".
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # The admin with two-factor sign-in (liv_site.admin_site.LivAdminSite).
    "liv_site.admin_apps.LivAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_ckeditor_5",
    "reversion",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_static",
    "django_otp.plugins.otp_totp",
    # Background jobs (newsletter sending) in PostgreSQL: docs/newsletter.md.
    "django_tasks",
    "django_tasks_db",
    # Bounce and complaint webhooks of the email provider (newsletter).
    "anymail",
    "core",
    "staff",
    # Visitors' pages: the page cache, compression and security headers.
    "delivery",
    # Site-wide pages: home, search, legal pages, health check, demo.
    "website",
    "articles",
    "faq",
    "references",
    "newsletter",
    "wordpress",
    "redirects",
    # Each staff member's editorial work: the admin home's lists and the
    # emails about it (docs/editorial-workflow.md).
    "inbox",
    "bench",
]

MIDDLEWARE = [
    # /healthz, for load balancers probing an instance by its address
    # (website.health): before anything checks the Host header.
    "website.health.HealthCheckMiddleware",
    # Anonymous visitor pages come from the cache here, before anything
    # else runs (delivery.page_cache); they are stored with the headers
    # the middleware below gave them, the security headers included.
    "delivery.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # 304 to a matching If-None-Match: outside the compression, so that it
    # compares the ETag of the coding the page would be sent in.
    "django.middleware.http.ConditionalGetMiddleware",
    # The page's ETag (computed on the page, not on its compressed bytes),
    # then the page compressed for browsers that accept it: Brotli, or
    # gzip padded against BREACH; each coding has an ETag of its own.
    "delivery.compression.CompressionMiddleware",
    # Content-Security-Policy and Permissions-Policy (stored with cached pages).
    "delivery.security_headers.SecurityHeadersMiddleware",
    # A 404 at an old address (a WordPress permalink) becomes a 301 to the
    # page that replaced it; outside the language middleware, so it sees
    # the 404s that middleware leaves and the root's "/?p=123".
    "redirects.middleware.RedirectMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out client is refused before its password is checked.
    "staff.two_factor.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "liv_site.urls"
WSGI_APPLICATION = "liv_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "website.context_processors.navigation",
                "website.context_processors.page_origin",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# A persistent connection the database dropped (restart, fail-over) is
# replaced at the start of the next request instead of failing it.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Scale-out: visitor reads from a read replica (delivery.db_router).
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {
        **env.db("DATABASE_REPLICA_URL"),
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["delivery.db_router.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("delivery.page_cache.PageCacheMiddleware") + 1,
        "delivery.db_router.VisitorReadsFromReplicaMiddleware",
    )

# The visitor pages' reads (articles.models.page_reads, core.raw_sql) are
# prepared once per connection and run with one plan for all parameters:
# the same index lookups whatever the language or slug. Turn it off behind
# a pooler that hands a client's statements to another server connection
# (PgBouncer in transaction mode).
DATABASE_PREPARED_STATEMENTS = env.bool("DATABASE_PREPARED_STATEMENTS", default=True)
if DATABASE_PREPARED_STATEMENTS:
    for database in DATABASES.values():
        if database["ENGINE"] == "django.db.backends.postgresql":
            options = database.setdefault("OPTIONS", {})
            options["options"] = (
                options.get("options", "") + " -c plan_cache_mode=force_generic_plan"
            ).strip()

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://liv-site")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "core.redis_cache.RedisCache"
# {% cache %} fragments of the layout that depend on nothing but the
# language (header, footer): rendered once per worker, page cache or not.
# Off under DEBUG, where templates change without a restart.
CACHES["template_fragments"] = {
    "BACKEND": "django.core.cache.backends."
    + ("dummy.DummyCache" if DEBUG else "locmem.LocMemCache"),
    "TIMEOUT": None,
}
# The anonymous page cache (delivery.page_cache). Edits invalidate the
# pages that show them at once; PAGE_CACHE_SECONDS only bounds how long
# an untouched page is kept (and a page showing "review overdue" notices).
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=3600)
# /sitemap.xml lists every page while they are at most this many (the
# protocol's limit), else it is an index of the sections' sitemaps, each
# in pages of this many (website/sitemap.py).
SITEMAP_URL_LIMIT = env.int("SITEMAP_URL_LIMIT", default=50_000)

vars().update(env.email("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Liv Hospital <no-reply@localhost>"
)
# A mail server that accepts the connection and then hangs must not hold a
# signup request (and its database row lock) for ever.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# Where links in emails point: the public address of the site.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Newsletter issues are sent by `manage.py db_worker` processes, on any
# number of machines sharing the database (docs/newsletter.md).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        # "notifications": the staff mails about workflow steps (inbox).
        "QUEUES": ["default", "newsletter", "notifications"],
    }
}
# Messages per SMTP connection, and the provider's quota across all
# workers (0: no limit).
NEWSLETTER_BATCH_SIZE = env.int("NEWSLETTER_BATCH_SIZE", default=200)
NEWSLETTER_MAX_PER_SECOND = env.float("NEWSLETTER_MAX_PER_SECOND", default=0)
NEWSLETTER_MAX_PER_HOUR = env.int("NEWSLETTER_MAX_PER_HOUR", default=0)
# Send tasks started per issue: one per worker process that should help.
NEWSLETTER_SEND_TASKS = env.int("NEWSLETTER_SEND_TASKS", default=2)
# Digests (manage.py make_digest) are approved by a second person like any
# issue, unless this is on: then cron sends them without anyone.
NEWSLETTER_DIGEST_AUTO_APPROVE = env.bool(
    "NEWSLETTER_DIGEST_AUTO_APPROVE", default=False
)
# Soft bounces (mailbox full...) of this many messages since the last
# confirmation suppress an address, as one hard bounce does.
NEWSLETTER_SOFT_BOUNCE_LIMIT = env.int("NEWSLETTER_SOFT_BOUNCE_LIMIT", default=3)


# The email provider reports bounces and complaints to anymail's tracking
# webhooks (/newsletter/webhooks/anymail/<provider>/tracking/), which
# accept only requests carrying ANYMAIL_WEBHOOK_SECRET ("user:password",
# HTTP basic auth). Unset, anymail would accept anyone's posts: an
# unguessable secret of this process keeps the webhooks closed instead.
def _webhook_secret(name):
    return env.str(name, default="") or f"closed:{secrets.token_urlsafe(32)}"


# Sending through a provider's API rather than SMTP (django-anymail):
# EMAIL_PROVIDER names anymail's backend (amazon_ses, brevo, mailgun,
# mailjet, postmark, sendgrid, sparkpost, ...) and its settings come as
# ANYMAIL_<PROVIDER>_<NAME>, e.g. ANYMAIL_POSTMARK_SERVER_TOKEN.
EMAIL_PROVIDER = env.str("EMAIL_PROVIDER", default="")
if EMAIL_PROVIDER:
    EMAIL_BACKEND = f"anymail.backends.{EMAIL_PROVIDER}.EmailBackend"
ANYMAIL = {
    **{
        name.removeprefix("ANYMAIL_"): value
        for name, value in os.environ.items()
        if name.startswith("ANYMAIL_")
    },
    "WEBHOOK_SECRET": _webhook_secret("ANYMAIL_WEBHOOK_SECRET"),
    # Mailgun signs its posts; its webhook checks the signature too.
    "MAILGUN_WEBHOOK_SIGNING_KEY": _webhook_secret(
        "ANYMAIL_MAILGUN_WEBHOOK_SIGNING_KEY"
    ),
}
# The List-Id header: <newsletter-LANG.LIST_ID_DOMAIN> (RFC 2919).
NEWSLETTER_LIST_ID_DOMAIN = env.str("NEWSLETTER_LIST_ID_DOMAIN", default="")
# How many reverse proxies in front of the app append to X-Forwarded-For;
# 0 means REMOTE_ADDR is the visitor (the signup rate limit and the login
# lockout count per client with it).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Searches a client may make per minute before it is asked to wait (429);
# 0 turns the limit off (benchmarks). Counted in the cache, per client
# address (TRUSTED_PROXY_COUNT).
SEARCH_RATE_LIMIT = env.int("SEARCH_RATE_LIMIT", default=30)
# The reference link checker (references.linkcheck) connects to public
# addresses only. Networks listed here (e.g. "10.20.0.0/16") are checked
# all the same; the tests' local servers need it, production should not.
LINKCHECK_ALLOWED_NETWORKS = env.list("LINKCHECK_ALLOWED_NETWORKS", default=[])

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages of the patient-facing site; English is the default and the
# fallback for visitors whose browser asks for none of these.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("tr", _("Turkish")),
    ("ar", _("Arabic")),
    ("ru", _("Russian")),
    ("de", _("German")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["liv_site.formats"]
USE_I18N = True
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Istanbul")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Media (uploads and their WebP renditions) in an S3-compatible bucket
# instead of MEDIA_ROOT: core.media_storage, docs/deployment.md.
MEDIA_STORAGE_BUCKET = env.str("MEDIA_STORAGE_BUCKET", default="")
if MEDIA_STORAGE_BUCKET:
    STORAGES["default"], MEDIA_URL = s3_media(
        MEDIA_STORAGE_BUCKET,
        endpoint_url=env.str("MEDIA_STORAGE_ENDPOINT_URL", default=""),
        region=env.str("MEDIA_STORAGE_REGION", default=""),
        custom_domain=env.str("MEDIA_STORAGE_CUSTOM_DOMAIN", default=""),
    )
# Addresses the media had before a move (e.g. "/media/" before a bucket,
# an old CDN): images that article bodies link there are linked at the
# current address when the articles are saved (manage.py relink_media).
MEDIA_PREVIOUS_URLS = env.list("MEDIA_PREVIOUS_URLS", default=[])
# Uploads on the local disk are served by the app itself unless the proxy
# in front serves MEDIA_ROOT (SERVE_MEDIA=0; docs/deployment.md has the
# nginx lines): a single server needs nothing more. A bucket links its own.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=not MEDIA_STORAGE_BUCKET)

# Security. The production values are the defaults; DEBUG relaxes only the
# ones that would break plain-HTTP local development.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp 4; delivery.security_headers). No
# inline script anywhere; visitor pages load only our own files.
_SELF, _NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF],
        "img-src": [_SELF, "data:"],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "object-src": [_NONE],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": [_NONE],
    },
}
# The admin: CKEditor 5 styles its toolbar and content inline and previews
# uploads from blob: URLs; scripts are still our own files only.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "style-src": [_SELF, "'unsafe-inline'"],
        "img-src": [_SELF, "data:", "blob:"],
    },
}
SESSION_COOKIE_HTTPONLY = True

# Only staff have sessions (visitors never sign in). A staff session ends
# after STAFF_SESSION_MINUTES without a request, and when the browser
# closes; saving on every request makes the limit an idle time-out rather
# than a cut in the middle of a working session.
SESSION_COOKIE_AGE = env.int("STAFF_SESSION_MINUTES", default=60) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# The admin's address. Moving it off the well-known /admin/ keeps most
# password-guessing robots away; it is no substitute for the lockout below.
ADMIN_URL = env.str("ADMIN_URL", default="admin/").strip("/") + "/"
if ADMIN_URL == "/":
    raise ImproperlyConfigured('ADMIN_URL must name a path, such as "admin/".')

# Login lockout (django-axes): 5 failed sign-ins for one user name from
# one client address lock that pair out for 15 minutes.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "staff.two_factor.lockout_response"
# Counted per real client behind proxies: see TRUSTED_PROXY_COUNT.
AXES_CLIENT_IP_CALLABLE = "core.clients.client_ip"
AXES_VERBOSE = False
# Keep every failed sign-in (who, from where, when) for the security team,
# not only the running count; codes and passwords are masked in the record.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_SENSITIVE_PARAMETERS = [
    "username",
    "ip_address",
    "otp_token",
    "csrfmiddlewaretoken",
]

# Two-factor sign-in (django-otp, TOTP apps such as Google Authenticator or
# FreeOTP). Optional for staff; when REQUIRE_2FA_FOR_SITE_ADMINS is on (by
# default, unless DEBUG is on), superusers and members of the "Site admin"
# group get no admin access until they have confirmed an authenticator app:
# the login page sends them to set one up.
REQUIRE_2FA_FOR_SITE_ADMINS = env.bool("REQUIRE_2FA_FOR_SITE_ADMINS", default=not DEBUG)
SITE_ADMIN_GROUP = "Site admin"
OTP_TOTP_ISSUER = "Liv Hospital"

# Uploads (hero images, author photos, images in rich text) are decoded
# with Pillow, checked against these limits and re-encoded without
# metadata by core.uploads.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_MB", default=10) * 1024 * 1024
# 40 megapixels: more than any camera photo an editor would use, far
# below what a decompression bomb declares.
UPLOAD_MAX_PIXELS = env.int("UPLOAD_MAX_PIXELS", default=40_000_000)

# Rich text: CKEditor 5 in the admin; what it sends is sanitized with nh3
# by core.rich_text before it is stored.
CKEDITOR_5_FILE_UPLOAD_PERMISSION = "staff"
# CKEditor's own upload view stores files by their names; ours
# (core.uploads.ckeditor_upload) applies the same rules as the admin.
CK_EDITOR_5_UPLOAD_FILE_VIEW_NAME = "ckeditor5_image_upload"
CKEDITOR_5_CUSTOM_CSS = "css/admin-editor.css"
CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "png", "gif", "webp"]
CKEDITOR_5_CONFIGS = {
    "default": {
        "toolbar": {
            "items": [
                "heading",
                "|",
                "bold",
                "italic",
                "superscript",
                "link",
                "|",
                "bulletedList",
                "numberedList",
                "blockQuote",
                "insertTable",
                "imageUpload",
                "|",
                "undo",
                "redo",
            ],
        },
        "heading": {
            "options": [
                {
                    "model": "paragraph",
                    "title": "Paragraph",
                    "class": "ck-heading_paragraph",
                },
                {
                    "model": "heading2",
                    "view": "h2",
                    "title": "Section heading (H2)",
                    "class": "ck-heading_heading2",
                },
                {
                    "model": "heading3",
                    "view": "h3",
                    "title": "Sub-section heading (H3)",
                    "class": "ck-heading_heading3",
                },
                {
                    "model": "heading4",
                    "view": "h4",
                    "title": "Minor heading (H4)",
                    "class": "ck-heading_heading4",
                },
            ],
        },
        "image": {
            "toolbar": [
                "imageTextAlternative",
                "toggleImageCaption",
            ],
        },
        "table": {
            "contentToolbar": [
                "tableColumn",
                "tableRow",
                "mergeTableCells",
                "toggleTableCaption",
            ],
        },
    },
}

# Medical review schedule (articles.reminders, the review-due admin view).
# Reminders list articles due within REVIEW_DUE_SOON_DAYS; publishers are
# told too once an article is overdue by more than REVIEW_ESCALATION_DAYS.
REVIEW_DUE_SOON_DAYS = env.int("REVIEW_DUE_SOON_DAYS", default=30)
REVIEW_ESCALATION_DAYS = env.int("REVIEW_ESCALATION_DAYS", default=14)
# Shows patients a calm "this page is being reviewed" note on overdue pages.
REVIEW_OVERDUE_NOTICE = env.bool("REVIEW_OVERDUE_NOTICE", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Newsletter link tokens and search terms never reach the log
    # (core.log_redaction; gunicorn's access log is redacted too).
    "filters": {"redact_urls": {"()": "core.log_redaction.RedactingFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_urls"]}
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
