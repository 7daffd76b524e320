from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "xiaoneng.core"
    label = "core"
    verbose_name = _("Organizations and people")

    def ready(self) -> None:
        from xiaoneng.core import auth_events  # noqa: F401  (connects sign-in audit receivers)
