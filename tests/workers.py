"""What a `manage.py db_worker` process started by a test needs: the test
database, the test's cache and SMTP server, the site's address."""

import os

from django.conf import settings
from django.db import connection


def worker_env(smtp_port, **extra):
    db = connection.settings_dict
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CACHE_URL": settings.CACHES["default"]["LOCATION"],
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "SITE_URL": "https://health.example.org",
        **extra,
    }
