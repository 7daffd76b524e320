"""App config for the Django admin with xiaoneng's role-based site (kept free of model imports,
as app configs are loaded before the models)."""

from django.contrib.admin.apps import AdminConfig


class XiaonengAdminConfig(AdminConfig):
    default_site = "xiaoneng.core.adminsite.XiaonengAdminSite"
