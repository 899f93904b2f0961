from django.apps import AppConfig


class StaffConfig(AppConfig):
    """Staff accounts' sign-in: the lockout after failed attempts and
    two-factor sign-in (required for Site admins)."""

    name = "staff"
    verbose_name = "Staff sign-in"
