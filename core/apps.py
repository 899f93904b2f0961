from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every other app builds on: rich text, uploads, absolute links,
    the release digest, mail, rate limits, clients' addresses, the deploy
    checks. It imports no other app of the project."""

    name = "core"
    verbose_name = "Core"

    def ready(self):
        from . import checks  # noqa: F401 (registers the deploy checks)
