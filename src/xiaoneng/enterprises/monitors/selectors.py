"""Reads of efficiency monitors, their observations and media reports, and the figures
(`monitor_figures`) for the page, the API, the report and the cockpit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from xiaoneng.core.access import scope_filter, user_has_perm
from xiaoneng.core.errors import NotFound
from xiaoneng.core.models import Organization, User
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


ObservationRow = tuple[date, str, str, date | None, date | None, date | None]


def _sources(
    user: User | None, unit: Organization | None
) -> tuple[QuerySet[Observation], QuerySet[MediaReport], QuerySet[Monitor]]:
    """Observations, media reports and monitors of the offices in the user's supervision.view
    scope (all without a user); with a unit, those of an office at or under it and the
    observations forwarded to a unit at or under it."""
    observations = Observation.objects.all()
    reports = MediaReport.objects.all()
    monitors = Monitor.objects.all()
    if user is not None:
        observations = scope_filter(observations, user, Perm.SUPERVISION_VIEW, "office")
        reports = scope_filter(reports, user, Perm.SUPERVISION_VIEW, "office")
        monitors = scope_filter(monitors, user, Perm.SUPERVISION_VIEW, "office")
    if unit is not None:
        observations = observations.filter(
            Q(office__path__startswith=unit.path) | Q(unit__path__startswith=unit.path)
        )
        reports = reports.filter(office__path__startswith=unit.path)
        monitors = monitors.filter(office__path__startswith=unit.path)
    return observations, reports, monitors


def _figures_of(
    rows: list[ObservationRow],
    published: list[date],
    terms: list[tuple[date, date]],
    start: date,
    end: date,
    as_of: date,
) -> MonitorFigures:
    rows = [r for r in rows if start <= r[0] <= end]
    replied = [r for r in rows if r[4] is not None]
    return MonitorFigures(
        monitors_serving=sum(1 for first, last in terms if first <= as_of <= last),
        observations=len(rows),
        from_monitors=sum(1 for r in rows if r[1] == ObservationSource.MONITOR),
        from_media=sum(1 for r in rows if r[1] == ObservationSource.MEDIA),
        media_reports=sum(1 for day in published if start <= day <= end),
        forwarded=sum(1 for r in rows if r[5] is not None),
        replied=len(replied),
        replied_on_time=sum(
            1 for r in replied if r[3] is not None and r[4] is not None and r[4] <= r[3]
        ),
        overdue_open=sum(
            1
            for r in rows
            if r[2] == ObservationStatus.FORWARDED and r[3] is not None and as_of > r[3]
        ),
        closed=sum(1 for r in rows if r[2] == ObservationStatus.CLOSED),
    )


def _rows(
    observations: QuerySet[Observation],
    reports: QuerySet[MediaReport],
    monitors: QuerySet[Monitor],
    first: date,
    last: date,
    serving_from: date,
    serving_to: date,
) -> tuple[list[ObservationRow], list[date], list[tuple[date, date]]]:
    return (
        list(
            observations.filter(submitted_on__range=(first, last))
            .order_by()
            .values_list("submitted_on", "source", "status", "due_on", "replied_on", "forwarded_on")
        ),
        list(
            reports.filter(published_on__range=(first, last))
            .order_by()
            .values_list("published_on", flat=True)
        ),
        list(
            monitors.filter(appointed_on__lte=serving_to, term_ends_on__gte=serving_from)
            .order_by()
            .values_list("appointed_on", "term_ends_on")
        ),
    )


def monitor_figures(
    *,
    start: date,
    end: date,
    as_of: date | None = None,
    user: User | None = None,
    unit: Organization | None = None,
) -> MonitorFigures:
    """Figures of the observations submitted and media reports published from `start` to `end`
    (inclusive); monitors serving on `as_of` (default `end`); `overdue_open` counts forwarded
    observations not replied by their due day as of `as_of` (a reply on the due day is on time).
    Within the user's supervision.view scope when a user is given, and narrowed to a unit
    (`_sources`). Used by the figures page, the API, the situation report and the cockpit."""
    as_of = as_of or end
    rows, published, terms = _rows(*_sources(user, unit), start, end, as_of, as_of)
    return _figures_of(rows, published, terms, start, end, as_of)


def monitor_figures_for(*, user: User, spans: list[tuple[date, date]]) -> list[MonitorFigures]:
    """`monitor_figures(user=user, start=s, end=e)` for every span, from one read each of the
    observations, media reports and monitors (the cockpit's periods)."""
    if not spans:
        return []
    first, last = min(s for s, _e in spans), max(e for _s, e in spans)
    rows, published, terms = _rows(*_sources(user, None), first, last, first, last)
    return [_figures_of(rows, published, terms, s, e, e) for s, e in spans]
