from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class WorkbenchConfig(AppConfig):
    name = "xiaoneng.workbench"
    label = "workbench"
    verbose_name = _("Staff workbench")

    def ready(self) -> None:
        autodiscover_modules("nav")
