from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """Django's admin on the project's site, which bounds what a browser sends (evaluations.admin_site)."""

    default_site = "evaluations.admin_site.AdminSite"
