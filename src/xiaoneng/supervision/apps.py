from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "xiaoneng.supervision"
    label = "supervision"
    verbose_name = _("Electronic supervision")

    def ready(self) -> None:
        from xiaoneng.cases import signals
        from xiaoneng.supervision import receivers

        signals.case_event_recorded.connect(
            receivers.on_case_event_recorded, dispatch_uid="supervision.on_case_event_recorded"
        )
        bulk_loaded = getattr(signals, "cases_bulk_loaded", None)  # the bulk import path
        if bulk_loaded is not None:
            bulk_loaded.connect(
                receivers.on_cases_bulk_loaded, dispatch_uid="supervision.on_cases_bulk_loaded"
            )
        from xiaoneng.workdays.signals import calendar_notice_saved

        calendar_notice_saved.connect(
            receivers.on_calendar_notice_saved, dispatch_uid="supervision.on_calendar_notice"
        )
