"""The editorial roles, as Django groups with the permissions they need.

One function, ``setup_roles``, serves the data migration (with the
migration's historical ``apps``) and the ``setup_roles`` command (with the
real ones). It only adds: running it again changes nothing, and
permissions a site admin gave a group by hand stay.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS

AUTHOR = "Author"
MEDICAL_REVIEWER = "Medical reviewer"
PUBLISHER = "Publisher"
SITE_ADMIN = "Site admin"
# The communication team: writes newsletter issues and approves a
# colleague's (no one approves their own), sends them, watches bounces.
COMMUNICATIONS = "Communications"
# Translates articles into the site's other languages: the text, takeaways,
# FAQ, alt texts and captions of a translation; never approves or publishes.
TRANSLATOR = "Translator"

# An article's FAQ and reference list are part of what is reviewed: whoever
# reads an article reads them.
_READ_CONTENT = [
    "articles.view_article",
    "articles.view_category",
    "articles.view_author",
    "articles.view_keytakeaway",
    "faq.view_faqentry",
    "references.view_articlecitation",
    "references.view_citation",
]

# The rows of an article's form besides its own fields. Who may change them
# on which article is the article's rule (workflow.may_edit): the admin's
# inlines are read-only wherever the article is.
_EDIT_ARTICLE_TEXT = [
    "articles.change_article",
    "articles.submit_article",
    "articles.add_keytakeaway",
    "articles.change_keytakeaway",
    "articles.delete_keytakeaway",
    "faq.add_faqentry",
    "faq.change_faqentry",
    "faq.delete_faqentry",
]

# "app_label.*" stands for every permission of that app.
ROLE_PERMISSIONS = {
    AUTHOR: _READ_CONTENT
    + _EDIT_ARTICLE_TEXT
    + [
        "articles.add_article",
        # Their own [1] markers need references they can add: a listed
        # source, or a new one. Editing a source other articles cite stays
        # with Site admins.
        "references.add_articlecitation",
        "references.change_articlecitation",
        "references.delete_articlecitation",
        "references.add_citation",
    ],
    # A translation keeps its source's references; the translator reads them.
    TRANSLATOR: _READ_CONTENT + _EDIT_ARTICLE_TEXT,
    # Reviewers read and decide; to change the text they return it (or a
    # second reviewer approves their edit).
    MEDICAL_REVIEWER: _READ_CONTENT + ["articles.approve_article"],
    PUBLISHER: _READ_CONTENT
    + [
        "articles.change_article",
        "articles.publish_article",
    ],
    COMMUNICATIONS: [
        "articles.view_article",
        "articles.view_category",
        "newsletter.view_subscriber",
        "newsletter.add_newsletterissue",
        "newsletter.change_newsletterissue",
        "newsletter.view_newsletterissue",
        "newsletter.approve_newsletterissue",
    ],
    SITE_ADMIN: [
        "articles.*",
        "faq.*",
        "references.*",
        "newsletter.*",
        "redirects.*",
        "wordpress.*",
        "inbox.*",
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
        "auth.view_group",
        "auth.change_group",
    ],
}


def setup_roles(apps=global_apps, using=DEFAULT_DB_ALIAS):
    """Create the role groups and give them their permissions."""
    # In a fresh database the permissions appear only after all migrations
    # (post_migrate); create the ones this state knows about now.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, apps=apps, using=using)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    groups = {}
    for role, names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=role)
        for name in names:
            app_label, codename = name.split(".")
            permissions = Permission.objects.using(using).filter(
                content_type__app_label=app_label
            )
            if codename != "*":
                permissions = permissions.filter(codename=codename)
            group.permissions.add(*permissions)
        groups[role] = group
    return groups


def remove_roles(apps=global_apps, using=DEFAULT_DB_ALIAS):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(using).filter(name__in=ROLE_PERMISSIONS).delete()


def give_roles_their_permissions(using, **kwargs):
    """After every `migrate` (post_migrate), the staff groups get the
    permissions of every model then known, those of apps migrated after
    the roles' data migration and of new models included: a fresh install
    has working roles with no command to remember. It only adds."""
    setup_roles(using=using)
