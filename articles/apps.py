from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Health articles")

    def ready(self):
        from . import addresses, content_signals  # noqa: F401

        post_migrate.connect(give_roles_their_permissions, sender=self)


def give_roles_their_permissions(using, **kwargs):
    """After every `migrate`, the staff groups get the permissions of every
    model then known, those of apps migrated after the roles' data
    migration and of new models included: a fresh install has working
    roles with no command to remember. It only adds (articles.roles)."""
    from .roles import setup_roles

    setup_roles(using=using)
