from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "xiaoneng.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # core.notifications.notify is the stable entry point of every context; the outbox
        # registers itself there, and listens to the cases context for the applicant's notices.
        from xiaoneng.cases import signals
        from xiaoneng.core import notifications
        from xiaoneng.notifications import outbox, receivers
        from xiaoneng.notifications.checks import channels_check  # noqa: F401 (registers it)

        notifications.set_dispatcher(outbox.dispatch)
        signals.case_event_recorded.connect(
            receivers.on_case_event_recorded, dispatch_uid="notifications.on_case_event_recorded"
        )
