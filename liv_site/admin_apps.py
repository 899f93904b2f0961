from django.contrib.admin.apps import AdminConfig


class LivAdminConfig(AdminConfig):
    """The admin, with our site as ``admin.site``: every app's
    ``@admin.register`` lands on the site that asks for the second factor."""

    default_site = "liv_site.admin_site.LivAdminSite"
