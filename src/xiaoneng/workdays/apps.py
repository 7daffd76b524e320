from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "xiaoneng.workdays"
    label = "workdays"
    verbose_name = _("Working-day calendar")

    def ready(self) -> None:
        # Register only: the notices are read from the database on the calendar's first use.
        from xiaoneng.workdays import default
        from xiaoneng.workdays.loader import load_stored_notices, stored_notices_stamp

        default.set_notice_loader(load_stored_notices, stamp=stored_notices_stamp)
