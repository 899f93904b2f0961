import pytest
from django.contrib.auth.models import Permission


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
