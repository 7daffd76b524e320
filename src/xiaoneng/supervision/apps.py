import os
import sys

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "xiaoneng.supervision"
    label = "supervision"
    verbose_name = _("Electronic supervision")

    def ready(self) -> None:
        from xiaoneng.cases.signals import case_event_recorded
        from xiaoneng.supervision.receivers import on_case_event_recorded

        case_event_recorded.connect(
            on_case_event_recorded, dispatch_uid="supervision.on_case_event_recorded"
        )
        if is_dev_server():
            from xiaoneng.supervision.periodic import start_periodic_sweep

            start_periodic_sweep()


def is_dev_server() -> bool:
    """Only the reloader's child of `runserver` runs the embedded sweep (RUN_MAIN is set)."""
    return "runserver" in sys.argv and os.environ.get("RUN_MAIN") == "true"
