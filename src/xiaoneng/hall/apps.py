from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HallConfig(AppConfig):
    name = "xiaoneng.hall"
    label = "hall"
    verbose_name = _("One-stop service hall")

    def ready(self) -> None:
        from xiaoneng.hall import panels  # noqa: F401  (registers the supervision panel)
        from xiaoneng.hall.tasks import register_schedule

        register_schedule()
