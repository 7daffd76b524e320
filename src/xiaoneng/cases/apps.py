from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "xiaoneng.cases"
    label = "cases"
    verbose_name = _("Case handling")

    def ready(self) -> None:
        # Connected before supervision (INSTALLED_APPS order), which then syncs its watches.
        from xiaoneng.cases.services.calendar import on_calendar_notice_saved
        from xiaoneng.workdays.signals import calendar_notice_saved

        calendar_notice_saved.connect(
            on_calendar_notice_saved, dispatch_uid="cases.recompute_provisional"
        )
