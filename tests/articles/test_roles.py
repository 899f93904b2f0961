import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection

from articles.workflow.roles import ROLE_PERMISSIONS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("articles.migrations.0003_create_editorial_roles")


def permissions_by_role():
    return {
        group.name: set(group.permissions.values_list("codename", flat=True))
        for group in Group.objects.filter(name__in=ROLE_PERMISSIONS)
    }


def test_setup_roles_creates_the_groups_and_is_idempotent(roles):
    call_command("setup_roles", verbosity=0)
    first = permissions_by_role()
    call_command("setup_roles", verbosity=0)
    assert permissions_by_role() == first
    assert set(first) == {
        "Author",
        "Translator",
        "Medical reviewer",
        "Publisher",
        "Communications",
        "Site admin",
    }
    assert Group.objects.filter(name__in=ROLE_PERMISSIONS).count() == 6


@pytest.mark.parametrize(
    ("role", "has", "lacks"),
    [
        (
            "Author",
            {
                "add_article",
                "submit_article",
                "add_faqentry",
                "change_faqentry",
                "delete_faqentry",
                "add_articlecitation",
                "change_articlecitation",
                "delete_articlecitation",
                "add_citation",
                "view_citation",
            },
            # A source other articles cite too is not theirs to rewrite.
            {"approve_article", "publish_article", "delete_article", "change_citation"},
        ),
        (
            "Translator",
            {
                "change_article",
                "submit_article",
                "change_keytakeaway",
                "add_faqentry",
                "change_faqentry",
                "delete_faqentry",
                "view_articlecitation",
            },
            {
                "add_article",
                "approve_article",
                "publish_article",
                "delete_article",
                "change_articlecitation",
            },
        ),
        (
            "Medical reviewer",
            {
                "view_article",
                "approve_article",
                "view_faqentry",
                "view_articlecitation",
            },
            {"change_article", "publish_article", "submit_article"},
        ),
        (
            "Publisher",
            {"change_article", "publish_article"},
            {"approve_article", "add_article"},
        ),
        (
            "Communications",
            {"add_newsletterissue", "approve_newsletterissue", "view_subscriber"},
            {"change_article", "publish_article", "delete_subscriber"},
        ),
        (
            "Site admin",
            {"approve_article", "publish_article", "delete_article", "change_user"},
            set(),
        ),
    ],
)
def test_each_role_has_its_permissions(roles, role, has, lacks):
    perms = permissions_by_role()[role]
    assert has <= perms
    assert not (lacks & perms)


def test_setup_roles_keeps_permissions_an_admin_added(roles):
    from django.contrib.auth.models import Permission

    extra = Permission.objects.get(codename="delete_category")
    Group.objects.get(name="Author").permissions.add(extra)
    call_command("setup_roles", verbosity=0)
    assert "delete_category" in permissions_by_role()["Author"]


def test_the_data_migration_creates_and_removes_the_roles(roles):
    user = UserFactory(groups=["Author"])
    with connection.schema_editor(atomic=False) as editor:
        migration.delete_roles(apps, editor)
        assert not Group.objects.filter(name__in=ROLE_PERMISSIONS).exists()
        migration.create_roles(apps, editor)
    assert Group.objects.filter(name__in=ROLE_PERMISSIONS).count() == 6
    user.refresh_from_db()
    assert user.groups.count() == 0  # memberships go with the groups


def test_migrate_gives_the_roles_the_permissions_of_apps_migrated_later(roles):
    """The roles' data migration runs before the newsletter's tables exist;
    migrate ends by giving the groups those apps' permissions too."""
    Group.objects.get(name="Communications").permissions.clear()

    call_command("migrate", verbosity=0)

    perms = permissions_by_role()
    assert {"add_newsletterissue", "approve_newsletterissue"} <= perms["Communications"]
    assert {"add_redirect", "view_importedpost"} <= perms["Site admin"]
