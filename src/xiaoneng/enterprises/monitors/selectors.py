"""Reads of efficiency monitors, their observations and media reports, and the figures
(`monitor_figures`) for the page, the API, the report and the cockpit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from xiaoneng.core.access import scope_filter, user_has_perm
from xiaoneng.core.errors import NotFound
from xiaoneng.core.models import User
from xiaoneng.core.roles import Perm
from xiaoneng.enterprises.models import MediaReport, Monitor, Observation, ObservationSource
from xiaoneng.enterprises.workflow import ObservationStatus


def monitor_list(*, user: User) -> QuerySet[Monitor]:
    return scope_filter(
        Monitor.objects.select_related("applicant", "office"), user, Perm.SUPERVISION_VIEW, "office"
    )


def monitor_get_for_user(*, user: User, pk: int) -> Monitor:
    monitor = monitor_list(user=user).filter(pk=pk).first()
    if monitor is None:
        raise NotFound(_("No such efficiency monitor."))
    return monitor


def monitor_of_account(*, user: User) -> Monitor | None:
    """The efficiency monitor the signed-in applicant account belongs to, if any."""
    if not user.is_authenticated:
        return None
    return Monitor.objects.filter(applicant__account=user).select_related("applicant").first()


def observation_list(*, user: User) -> QuerySet[Observation]:
    """Observations the user may see: the office's for supervision.view, a unit's own forwarded
    ones for its repliers, and a monitor's own."""
    queryset = Observation.objects.select_related(
        "office", "unit", "monitor__applicant", "media_report"
    )
    condition = Q(pk__in=[])
    if user.is_authenticated:
        condition |= Q(monitor__applicant__account=user)
    if user_has_perm(user, Perm.SUPERVISION_VIEW):
        condition |= Q(
            pk__in=scope_filter(Observation.objects.all(), user, Perm.SUPERVISION_VIEW, "office")
        )
    if user_has_perm(user, Perm.COMPLAINT_REPLY):
        condition |= Q(
            pk__in=scope_filter(
                Observation.objects.exclude(unit=None), user, Perm.COMPLAINT_REPLY, "unit"
            )
        )
    return queryset.filter(condition)


def observation_get_for_user(*, user: User, number: str) -> Observation:
    observation = observation_list(user=user).filter(number=number).first()
    if observation is None:
        raise NotFound(_("No such observation."))
    return observation


def media_report_list(*, user: User) -> QuerySet[MediaReport]:
    return scope_filter(
        MediaReport.objects.select_related("office", "observation"),
        user,
        Perm.SUPERVISION_VIEW,
        "office",
    )


def media_report_get_for_user(*, user: User, pk: int) -> MediaReport:
    report = media_report_list(user=user).filter(pk=pk).first()
    if report is None:
        raise NotFound(_("No such media report."))
    return report


@dataclass(frozen=True)
class MonitorFigures:
    monitors_serving: int
    observations: int  # from monitors and from media reports
    from_monitors: int
    from_media: int
    media_reports: int
    forwarded: int
    replied: int
    replied_on_time: int
    overdue_open: int
    closed: int


def monitor_figures(*, start: date, end: date, as_of: date | None = None) -> MonitorFigures:
    """Figures of the observations submitted and media reports published from `start` to `end`
    (inclusive); monitors serving on `as_of` (default `end`); `overdue_open` counts forwarded
    observations not replied by their due day as of `as_of`."""
    as_of = as_of or end
    rows = list(
        Observation.objects.filter(submitted_on__range=(start, end)).values_list(
            "source", "status", "due_on", "replied_on", "forwarded_on"
        )
    )
    replied = [r for r in rows if r[3] is not None]
    return MonitorFigures(
        monitors_serving=Monitor.objects.filter(
            appointed_on__lte=as_of, term_ends_on__gte=as_of
        ).count(),
        observations=len(rows),
        from_monitors=sum(1 for r in rows if r[0] == ObservationSource.MONITOR),
        from_media=sum(1 for r in rows if r[0] == ObservationSource.MEDIA),
        media_reports=MediaReport.objects.filter(published_on__range=(start, end)).count(),
        forwarded=sum(1 for r in rows if r[4] is not None),
        replied=len(replied),
        replied_on_time=sum(
            1 for _s, _t, due, on, _f in replied if due is not None and on is not None and on <= due
        ),
        overdue_open=sum(
            1
            for r in rows
            if r[1] == ObservationStatus.FORWARDED and r[2] is not None and as_of > r[2]
        ),
        closed=sum(1 for r in rows if r[1] == ObservationStatus.CLOSED),
    )
