"""Live figures: numbers the system itself knows about a unit, used by live-figure indicators.

`register_figure(code, label, fn)` adds a provider `fn(unit, period) -> float | None`; `None`
means "not available" (no data), and the leaf then stays unscored rather than scored 0. Each
provider is wrapped so that a failing query yields None instead of an error. Evaluation reads the
other contexts (dependency direction: evaluation → cases, complaints, supervision), never the
other way round.

Figures registered here (docs/evaluation.md lists when each is live):
- on_time_rate            cases: decided on time ÷ (decided + open and overdue), percent
- complaint_closure_rate  complaints: closed ÷ due, percent
- satisfaction            complaints' service ratings: share of ratings 1–2 (satisfied), percent
- efficiency_warnings     supervision: efficiency warnings issued to the unit's staff (a count)
- survey_index            evaluation's own surveys of the unit: overall satisfaction index, 0–100
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from xiaoneng.complaints.selectors.stats import complaint_figures
from xiaoneng.core.models import Organization
from xiaoneng.evaluation.models import Survey
from xiaoneng.evaluation.selectors.surveys import satisfaction_index

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Period:
    start: date
    end: date


FigureFn = Callable[[Organization, Period], float | None]


@dataclass(frozen=True)
class Figure:
    code: str
    label: object
    fn: FigureFn


_FIGURES: dict[str, Figure] = {}


def register_figure(code: str, label: object, fn: FigureFn) -> None:
    _FIGURES[code] = Figure(code, label, fn)


def figures() -> list[Figure]:
    return list(_FIGURES.values())


def figure_choices() -> list[tuple[str, str]]:
    return [(f.code, str(f.label)) for f in _FIGURES.values()]


def figure_value(code: str, unit: Organization, period: Period) -> float | None:
    """The figure for `unit` over `period`, or None when unknown or unavailable."""
    figure = _FIGURES.get(code)
    if figure is None:
        return None
    try:
        value = figure.fn(unit, period)
    except Exception:  # a provider must never break scoring; the leaf stays unscored
        logger.warning("live figure %s failed for unit %s", code, unit.pk, exc_info=True)
        return None
    return None if value is None else float(value)


def _model(app_label: str, name: str):  # type: ignore[no-untyped-def]
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def _in_unit(prefix: str, unit: Organization) -> Q:
    return Q(**{f"{prefix}__path__startswith": unit.path})


def _percent(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(100.0 * part / whole, 2)


def on_time_rate(unit: Organization, period: Period) -> float | None:
    """Cases decided on time ÷ (cases decided + cases open past their committed due date)."""
    case = _model("cases", "Case")
    if case is None:
        return None
    cases = case.objects.filter(_in_unit("agency", unit))
    decided = cases.filter(decided_on__range=(period.start, period.end))
    on_time = decided.filter(decided_on__lte=F("committed_due_on")).count()
    open_overdue = cases.filter(
        decided_on__isnull=True,
        accepted_on__isnull=False,
        committed_due_on__lt=period.end,
        committed_due_on__gte=period.start,
    ).count()
    return _percent(on_time, decided.count() + open_overdue)


def complaint_closure_rate(unit: Organization, period: Period) -> float | None:
    """Closed ÷ due of complaints about the unit, as the complaints context computes it
    (`xiaoneng.complaints.selectors.stats.complaint_figures`, judged at the period's end)."""
    complaint = _model("complaints", "Complaint")
    if complaint is None:
        return None
    figures = complaint_figures(
        queryset=complaint.objects.filter(_in_unit("unit", unit)),
        date_from=period.start,
        date_to=period.end,
        as_of=period.end,
    )
    value = getattr(figures, "closure_rate", None)
    return None if value is None else float(value)


def satisfaction(unit: Organization, period: Period) -> float | None:
    """Share of service ratings 1–2 (very satisfied, satisfied; GB/T 39046 A.8), percent."""
    rating = _model("complaints", "Rating")
    if rating is None:
        return None
    ratings = rating.objects.filter(
        _in_unit("department", unit), rated_at__date__range=(period.start, period.end)
    )
    total = ratings.count()
    satisfied = ratings.filter(overall__lte=2).count()
    return _percent(satisfied, total)


def efficiency_warnings(unit: Organization, period: Period) -> float | None:
    """Efficiency warnings issued in the period that count against the unit (a count)."""
    warning = _model("supervision", "EfficiencyWarning")
    if warning is None:
        return None
    return float(
        warning.objects.filter(
            _in_unit("unit", unit), issued_on__range=(period.start, period.end)
        ).count()
    )


def survey_index(unit: Organization, period: Period) -> float | None:
    """Overall satisfaction index of the latest survey about the unit ending in the period."""
    latest = Survey.objects.filter(
        subject_unit=unit, period_end__range=(period.start, period.end)
    ).first()
    if latest is None:
        return None
    index = satisfaction_index(survey=latest)
    return None if index.overall is None else float(index.overall)


register_figure("on_time_rate", _("On-time rate of cases (%)"), on_time_rate)
register_figure("complaint_closure_rate", _("Complaint closure rate (%)"), complaint_closure_rate)
register_figure("satisfaction", _("Satisfaction from service ratings (%)"), satisfaction)
register_figure("efficiency_warnings", _("Efficiency warnings (count)"), efficiency_warnings)
register_figure("survey_index", _("Survey satisfaction index"), survey_index)
