from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "xiaoneng.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        autodiscover_modules("portal_nav")
