from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "xiaoneng.jobs"
    label = "jobs"
    verbose_name = _("Background work")

    def ready(self) -> None:
        from xiaoneng.jobs import runners, schedule

        schedule.register_defaults()
        runners.register_defaults()
