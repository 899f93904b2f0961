from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Health articles")

    def ready(self):
        # Receivers: what an edit changes (sent as articles_changed, and a
        # live article's new address), the stored renderings that follow
        # it, and the search index.
        from . import changes  # noqa: F401
        from .rendering import content  # noqa: F401
        from .search import indexing  # noqa: F401
        from .workflow import roles

        post_migrate.connect(roles.give_roles_their_permissions, sender=self)
