from django.apps import AppConfig
from django.conf import settings
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
        from xiaoneng.jobs import schedule
        from xiaoneng.notifications import outbox, receivers
        from xiaoneng.notifications.checks import channels_check  # noqa: F401 (registers it)

        notifications.set_dispatcher(outbox.dispatch)
        signals.case_event_recorded.connect(
            receivers.on_case_event_recorded, dispatch_uid="notifications.on_case_event_recorded"
        )
        # the worker flushes the outbox every minute: lost enqueues, retries on a backend
        # that cannot defer, claims of a worker that died
        schedule.register(
            schedule.ScheduledJob(
                "notifications-outbox",
                "xiaoneng.notifications.tasks.outbox_flush_run",
                outbox_flush_minutes,
            )
        )


def outbox_flush_minutes() -> float:
    """Every NOTIFICATION_FLUSH_MINUTES (default 1); off, like the sweep, when the scheduled
    work is switched off (SWEEP_INTERVAL_MINUTES = 0)."""
    if float(getattr(settings, "SWEEP_INTERVAL_MINUTES", 5)) <= 0:
        return 0.0
    return float(getattr(settings, "NOTIFICATION_FLUSH_MINUTES", 1))
