import contextlib

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# A real SMTP server for any test that sends mail.
from tests.smtp import free_port, smtp_server, smtp_settings, stopped_smtp_server  # noqa: F401
from website.demo import TRANSLATED_LANGUAGES, read_seed, read_translation


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads and generated images go to a folder of each test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def editor(django_user_model):
    """A staff member allowed to edit articles (and so to preview them)."""
    user = django_user_model.objects.create_user(
        username="editor", password="a-long-editor-password", is_staff=True
    )
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="articles")
    )
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def pytest_sessionstart(session):
    from django.conf import settings

    manifest = settings.STATIC_ROOT / "staticfiles.json"
    if not settings.DEBUG and not manifest.exists():
        raise pytest.UsageError(
            "Static files are not collected; run the suite with `make test` "
            "(or `make static` once before calling pytest)."
        )


def with_cache_down(caches):
    """``caches`` (settings.CACHES) with the shared cache pointed at a port
    where nothing listens, as when Redis has stopped."""
    return {
        **caches,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}",
        },
    }


@contextlib.contextmanager
def database_down():
    """Point the real database connection at a port where nothing answers.

    Needs ``django_db(transaction=True)``: the connection is closed and
    reopened, which a test wrapped in a transaction can't survive."""
    real_port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = free_port()
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["PORT"] = real_port


@pytest.fixture(autouse=True)
def fresh_page_cache():
    """Each test starts with an empty cache (the suite's own Redis database
    number, see TEST_CACHE_URL), so no page stored by one test is served
    to the next."""
    from django.core.cache import cache

    # Suppressed for a test module that points the cache at a closed port.
    with contextlib.suppress(Exception):
        cache.clear()


# The demo article's slug in each language load_demo publishes it in.
DEMO_SLUGS = {
    "en": read_seed()[0]["slug"],
    **{
        language: read_translation(language)[0]["slug"]
        for language in TRANSLATED_LANGUAGES
    },
}


@pytest.fixture
def migrate():
    """Moves the database to the given migrations and returns their models;
    after the test, every migration is applied again for the next tests."""

    def to(targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    yield to
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
