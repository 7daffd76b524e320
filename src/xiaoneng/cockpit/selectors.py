"""The leaders' cockpit (领导驾驶舱): every context's headline figures on one page.

Each figure is computed by the owning context's own selector (never re-counted here), for the
period to date, for the same dates a year earlier (同比) and for the previous period (环比,
periods.py), with its trend over 12 periods, the ranking of units where the context has one, and
the address of the list that makes the number (drill-down).

Sources: cases and lights — supervision.figures.period_figures / supervision.lights.light_summary
and lights_by (on-time rate = closed on time ÷ (closed + open and overdue), DOMAIN.md §3);
complaints — complaints.selectors.stats.complaint_figures (closure rate = closed ÷ due);
ratings — complaints.selectors.rating_list_for_user (satisfied = grades 1–3, 国办发〔2019〕51号);
supervision tasks — evaluation.selectors.tasks; community burden — community.selectors; service
halls — hall.figures.summary (appointments made as the seed counts its "9,000+ window
appointments": booked in the period; tickets served; waits over HALL_WAIT_ALERT_MINUTES);
publicity — disclosure.publicity.selectors.media_item_count (articles published in the period,
the seed's "76 articles"); monitored enterprises — enterprises.selectors.enterprise_figures
(replied on time ÷ (replied + unanswered past the 10-working-day deadline)); key projects —
projects.selectors.project_figures (the seed's "116 projects" whose problems joint review meetings
solved); special campaigns — enterprises.campaigns.selectors.campaign_figures (the seed's "360
enterprises investigated", charges refunded); rule filings — evaluation.selectors.filings.
units_missing_on (units with one of the eight rules not accepted at the period's end); efficiency
monitors — enterprises.monitors.selectors.monitor_figures (observations of monitors and of media
reports submitted in the period). Each of these is read for all periods at once (`*_for`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xiaoneng.cockpit.periods import (
    Period,
    Span,
    change,
    current_span,
    previous_span,
    trend_spans,
    year_ago_span,
)
from xiaoneng.community.selectors import ComplianceFigures, compliance_figures, violation_list
from xiaoneng.complaints.selectors import complaint_list_for_user, rating_list_for_user
from xiaoneng.complaints.selectors.stats import (
    ComplaintFigures,
    complaint_figures,
    complaint_totals_for,
    rate,
)
from xiaoneng.core.access import user_has_perm
from xiaoneng.core.models import User
from xiaoneng.core.roles import Perm
from xiaoneng.disclosure.publicity import selectors as publicity
from xiaoneng.enterprises.campaigns.selectors import (
    CampaignFigures,
    campaign_figures,
    campaign_figures_for,
    campaign_list,
)
from xiaoneng.enterprises.monitors.selectors import (
    MonitorFigures,
    monitor_figures,
    monitor_figures_for,
)
from xiaoneng.enterprises.selectors import (
    EnterpriseFigures,
    enterprise_figures,
    enterprise_figures_for,
    problems_overdue,
)
from xiaoneng.evaluation.selectors.filings import units_missing_on
from xiaoneng.evaluation.selectors.tasks import task_list, tasks_overdue
from xiaoneng.hall import figures as hall_figures
from xiaoneng.hall.selectors import halls_with_figures
from xiaoneng.projects.selectors import ProjectFigures, project_figures, project_figures_for
from xiaoneng.supervision.figures import (
    PeriodFigures,
    lights_by,
    on_time_by_agency,
    period_figures,
    period_figures_for,
)
from xiaoneng.supervision.lights import LightSummary, light_summaries, light_summary

Value = Decimal | int | None
YUAN = Decimal("1")  # amounts in the cockpit in whole yuan, half up


@dataclass(frozen=True)
class TrendPoint:
    label: str
    start: date
    end: date
    value: Value


@dataclass(frozen=True)
class UnitRank:
    rank: int
    unit: str
    value: Value
    drill_url: str = ""  # the list behind this unit's number, where there is one


@dataclass(frozen=True)
class Headline:
    code: str
    context: str
    label: str
    value: Value
    is_rate: bool
    year_ago: Value
    previous: Value
    year_on_year: Decimal | None  # 同比: points for rates, % for counts
    period_on_period: Decimal | None  # 环比
    trend: list[TrendPoint]
    ranking: list[UnitRank]
    drill_url: str


@dataclass
class Cockpit:
    as_of: date
    period: str
    start: date
    end: date
    headlines: list[Headline] = field(default_factory=list)

    def headline(self, code: str) -> Headline:
        return next(h for h in self.headlines if h.code == code)


def _url(name: str, **query: object) -> str:
    params = {k: str(v) for k, v in query.items() if v not in (None, "")}
    return reverse(name) + ("?" + urlencode(params) if params else "")


@dataclass(frozen=True)
class _Metric:
    code: str
    context: object
    label: object
    perm: str
    is_rate: bool
    compute: Callable[[_Figures, Span], Value]
    drill: Callable[[Span], str]


# --- the figures of a period, each from its context's selector ----------------------------


class _Figures:
    """Every context's figures for the cockpit's periods, each computed once per period.

    The cases' figures and the lights of all periods are read in one grouped query and one
    index scan (supervision.figures.period_figures_for, lights.light_summaries) the first
    time any period asks; the other contexts' figures once per period on first use."""

    def __init__(self, user: User, spans: list[Span]) -> None:
        self.user = user
        self.spans = spans
        self._cases: dict[Span, PeriodFigures] | None = None
        self._lights: dict[date, LightSummary] | None = None
        self._memo: dict[tuple[str, Span], object] = {}
        self._batched: set[tuple[str, str]] = set()
        self._missing: dict[date, int] | None = None

    def cases(self, span: Span) -> PeriodFigures:
        if self._cases is None:
            figures = period_figures_for(
                user=self.user,
                spans=[(s.start, s.end) for s in self.spans],
                lights=self._all_lights(),
            )
            self._cases = dict(zip(self.spans, figures, strict=True))
        return self._cases[span]

    def _all_lights(self) -> dict[date, LightSummary]:
        if self._lights is None:
            self._lights = light_summaries(user=self.user, days=[s.end for s in self.spans])
        return self._lights

    def lights(self, span: Span) -> LightSummary:
        return self._all_lights()[span.end]

    def _once(self, name: str, span: Span, compute: Callable[[], object]) -> object:
        key = (name, span)
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def complaints(self, span: Span) -> ComplaintFigures:
        """The totals only (the headlines'); `complaints_by_unit` for the ranking."""

        def totals(spans: list[tuple[date, date]]) -> list[object]:
            scope = complaint_list_for_user(user=self.user)
            return list(complaint_totals_for(queryset=scope, spans=spans))

        self._all("complaints", totals)
        return self._memo[("complaints", span)]  # type: ignore[return-value]

    def complaints_by_unit(self, span: Span) -> list[tuple[int, str, int]]:
        return _complaints(self.user, span).by_unit

    def ratings(self, span: Span) -> dict[str, int]:
        return self._once("ratings", span, lambda: _ratings(self.user, span))  # type: ignore[return-value]

    def hall(self, span: Span) -> dict[str, object]:
        return self._once("hall", span, lambda: _hall(self.user, span))  # type: ignore[return-value]

    def compliance(self, span: Span) -> ComplianceFigures:
        return self._once("compliance", span, lambda: _compliance(self.user, span))  # type: ignore[return-value]

    def _all(self, name: str, compute: Callable[[list[tuple[date, date]]], list[object]]) -> None:
        """Every period's figures of one context from one batched read, on first use."""
        if ("_all", name) in self._batched:
            return
        self._batched.add(("_all", name))
        values = compute([(s.start, s.end) for s in self.spans])
        for span, value in zip(self.spans, values, strict=True):
            self._memo[(name, span)] = value

    def enterprises(self, span: Span) -> EnterpriseFigures:
        self._all("enterprises", lambda d: enterprise_figures_for(user=self.user, spans=d))  # type: ignore[arg-type,return-value]
        return self._memo[("enterprises", span)]  # type: ignore[return-value]

    def projects(self, span: Span) -> ProjectFigures:
        self._all("projects", lambda d: project_figures_for(user=self.user, spans=d))  # type: ignore[arg-type,return-value]
        return self._memo[("projects", span)]  # type: ignore[return-value]

    def campaigns(self, span: Span) -> CampaignFigures:
        self._all(
            "campaigns",
            lambda d: campaign_figures_for(campaigns=campaign_list(user=self.user), spans=d),  # type: ignore[arg-type,return-value]
        )
        return self._memo[("campaigns", span)]  # type: ignore[return-value]

    def monitors(self, span: Span) -> MonitorFigures:
        self._all("monitors", lambda d: monitor_figures_for(user=self.user, spans=d))  # type: ignore[arg-type,return-value]
        return self._memo[("monitors", span)]  # type: ignore[return-value]

    def units_missing_rules(self, span: Span) -> int:
        if self._missing is None:
            self._missing = units_missing_on(user=self.user, days=[s.end for s in self.spans])
        return self._missing[span.end]


class _PerFigure(_Figures):
    """The same figures with one selector call per figure and period, nothing shared: the
    reference the batched cockpit is checked against (tests, bench/cockpit_bench.py)."""

    def cases(self, span: Span) -> PeriodFigures:
        return period_figures(user=self.user, start=span.start, end=span.end)

    def lights(self, span: Span) -> LightSummary:
        return light_summary(user=self.user, as_of=span.end)

    def complaints(self, span: Span) -> ComplaintFigures:
        return _complaints(self.user, span)

    def ratings(self, span: Span) -> dict[str, int]:
        return _ratings(self.user, span)

    def hall(self, span: Span) -> dict[str, object]:
        return _hall(self.user, span)

    def compliance(self, span: Span) -> ComplianceFigures:
        return _compliance(self.user, span)

    def enterprises(self, span: Span) -> EnterpriseFigures:
        return enterprise_figures(user=self.user, start=span.start, end=span.end)

    def projects(self, span: Span) -> ProjectFigures:
        return project_figures(user=self.user, start=span.start, end=span.end)

    def campaigns(self, span: Span) -> CampaignFigures:
        return campaign_figures(
            campaigns=campaign_list(user=self.user), start=span.start, end=span.end, as_of=span.end
        )

    def monitors(self, span: Span) -> MonitorFigures:
        return monitor_figures(user=self.user, start=span.start, end=span.end)

    def units_missing_rules(self, span: Span) -> int:
        return units_missing_on(user=self.user, days=[span.end])[span.end]


def _compliance(user: User, span: Span) -> ComplianceFigures:
    return compliance_figures(user=user, start=span.start, end=span.end)


def _complaints(user: User, span: Span) -> ComplaintFigures:
    return complaint_figures(
        queryset=complaint_list_for_user(user=user),
        date_from=span.start,
        date_to=span.end,
        as_of=span.end,
    )


def _ratings(user: User, span: Span) -> dict[str, int]:
    return (
        rating_list_for_user(user=user)
        .filter(is_excluded=False, rated_at__date__gte=span.start, rated_at__date__lte=span.end)
        .aggregate(n=Count("pk"), satisfied=Count("pk", filter=Q(overall__lte=3)))
    )


def _hall(user: User, span: Span) -> dict[str, object]:
    return hall_figures.summary(
        halls=halls_with_figures(user=user),
        first=span.start,
        last=span.end,
        wait_limit_minutes=settings.HALL_WAIT_ALERT_MINUTES,
    )


def _hall_figure(name: str) -> Callable[[_Figures, Span], Value]:
    def compute(figures: _Figures, span: Span) -> Value:
        summary = figures.hall(span)
        if name == "appointments_made":
            return summary["appointments"].made  # type: ignore[attr-defined,no-any-return]
        return summary[name]  # type: ignore[return-value]

    return compute


def _rating_satisfaction(figures: _Figures, span: Span) -> Value:
    row = figures.ratings(span)
    return rate(row["satisfied"], row["n"])


METRICS: list[_Metric] = [
    _Metric(
        "case_on_time_rate",
        _("Cases"),
        _("On-time rate (%)"),
        Perm.SUPERVISION_VIEW,
        True,
        lambda f, s: f.cases(s).on_time_rate,
        lambda s: _url("supervision:dashboard", start=s.start, end=s.end, as_of=s.end),
    ),
    _Metric(
        "cases_closed",
        _("Cases"),
        _("Cases closed"),
        Perm.SUPERVISION_VIEW,
        False,
        lambda f, s: f.cases(s).closed,
        lambda s: _url("supervision:dashboard", start=s.start, end=s.end, as_of=s.end),
    ),
    _Metric(
        "lights_red",
        _("Electronic supervision"),
        _("Open cases past the deadline (red)"),
        Perm.SUPERVISION_VIEW,
        False,
        lambda f, s: f.lights(s).red,
        lambda s: _url("supervision:cases", light="red", as_of=s.end),
    ),
    _Metric(
        "lights_yellow",
        _("Electronic supervision"),
        _("Open cases near the deadline (yellow)"),
        Perm.SUPERVISION_VIEW,
        False,
        lambda f, s: f.lights(s).yellow,
        lambda s: _url("supervision:cases", light="yellow", as_of=s.end),
    ),
    _Metric(
        "warnings_issued",
        _("Electronic supervision"),
        _("Efficiency warnings issued"),
        Perm.SUPERVISION_VIEW,
        False,
        lambda f, s: sum(n for _unit, n in f.cases(s).warnings_by_unit),
        lambda s: _url("supervision:warnings", year=s.end.year),
    ),
    _Metric(
        "complaints_received",
        _("Complaints"),
        _("Complaints received"),
        Perm.COMPLAINT_VIEW,
        False,
        lambda f, s: f.complaints(s).received,
        lambda s: _url("complaints:figures", date_from=s.start, date_to=s.end, as_of=s.end),
    ),
    _Metric(
        "complaints_due",
        _("Complaints"),
        _("Complaints due"),
        Perm.COMPLAINT_VIEW,
        False,
        lambda f, s: f.complaints(s).due,
        lambda s: _url("complaints:figures", date_from=s.start, date_to=s.end, as_of=s.end),
    ),
    _Metric(
        "complaints_closed",
        _("Complaints"),
        _("Complaints closed"),
        Perm.COMPLAINT_VIEW,
        False,
        lambda f, s: f.complaints(s).closed,
        lambda s: _url("complaints:figures", date_from=s.start, date_to=s.end, as_of=s.end),
    ),
    _Metric(
        "complaint_closure_rate",
        _("Complaints"),
        _("Closure rate (%)"),
        Perm.COMPLAINT_VIEW,
        True,
        lambda f, s: f.complaints(s).closure_rate,
        lambda s: _url("complaints:figures", date_from=s.start, date_to=s.end, as_of=s.end),
    ),
    _Metric(
        "ratings_received",
        _("Service ratings"),
        _("Ratings received"),
        Perm.COMPLAINT_VIEW,
        False,
        lambda f, s: f.ratings(s)["n"],
        lambda s: _url("complaints:ratings"),
    ),
    _Metric(
        "rating_satisfaction_rate",
        _("Service ratings"),
        _("Satisfaction rate (%)"),
        Perm.COMPLAINT_VIEW,
        True,
        _rating_satisfaction,
        lambda s: _url("complaints:ratings"),
    ),
    _Metric(
        "hall_appointments_made",
        _("Service halls"),
        _("Window appointments made"),
        Perm.SUPERVISION_VIEW,
        False,
        _hall_figure("appointments_made"),
        lambda s: _url("hall:figures", start=s.start, end=s.end),
    ),
    _Metric(
        "hall_tickets_served",
        _("Service halls"),
        _("Queue tickets served"),
        Perm.SUPERVISION_VIEW,
        False,
        _hall_figure("served"),
        lambda s: _url("hall:figures", start=s.start, end=s.end),
    ),
    _Metric(
        "hall_waits_over_limit",
        _("Service halls"),
        _("Waits over the limit"),
        Perm.SUPERVISION_VIEW,
        False,
        _hall_figure("over_limit"),
        lambda s: _url("hall:figures", start=s.start, end=s.end),
    ),
    _Metric(
        "media_items",
        publicity.COCKPIT_SECTION,
        publicity.COCKPIT_LABEL,
        Perm.SUPERVISION_VIEW,
        False,
        lambda f, s: publicity.media_item_count(start=s.start, end=s.end),
        lambda s: _url("disclosure:media_items", start=s.start, end=s.end),
    ),
    _Metric(
        "tasks_created",
        _("Supervision tasks"),
        _("Supervision tasks opened"),
        Perm.SUPERVISION_VIEW,
        False,
        lambda f, s: (
            task_list(user=f.user)
            .filter(created_at__date__gte=s.start, created_at__date__lte=s.end)
            .count()
        ),
        lambda s: _url("evaluation:tasks"),
    ),
    _Metric(
        "tasks_overdue",
        _("Supervision tasks"),
        _("Supervision tasks overdue"),
        Perm.SUPERVISION_VIEW,
        False,
        lambda f, s: tasks_overdue(user=f.user, on=s.end).count(),
        lambda s: _url("evaluation:tasks"),
    ),
    _Metric(
        "community_violations",
        _("Community burden"),
        _("Burden-reduction violations found"),
        Perm.COMMUNITY_VIEW,
        False,
        lambda f, s: (
            violation_list(user=f.user)
            .filter(occurred_on__gte=s.start, occurred_on__lte=s.end)
            .count()
        ),
        lambda s: _url("community:violations"),
    ),
    _Metric(
        "community_ledgers_unapproved",
        _("Community burden"),
        _("Ledgers and reports demanded without approval"),
        Perm.COMMUNITY_VIEW,
        False,
        lambda f, s: f.compliance(s).ledgers_unapproved,
        lambda s: reverse("community:register", args=["ledgers"]),
    ),
    _Metric(
        "community_requests_answer_rate",
        _("Community burden"),
        _("Residents' requests answered (%)"),
        Perm.COMMUNITY_VIEW,
        True,
        lambda f, s: f.compliance(s).requests_answer_rate,
        lambda s: reverse("community:register", args=["requests"]),
    ),
]


METRICS += [
    _Metric(
        "enterprise_on_time_rate",
        _("Monitored enterprises"),
        _("Problems replied on time (%)"),
        Perm.SUPERVISION_VIEW,
        True,
        lambda f, s: f.enterprises(s).on_time_rate,
        lambda s: _url("enterprises:figures", start=s.start, end=s.end),
    ),
    _Metric(
        "enterprise_problems_overdue",
        _("Monitored enterprises"),
        _("Problems unanswered past the deadline"),
        Perm.SUPERVISION_VIEW,
        False,
        lambda f, s: f.enterprises(s).overdue_open,
        lambda s: _url("enterprises:problems", due="overdue", start=s.start, end=s.end),
    ),
    _Metric(
        "projects_helped",
        _("Key projects"),
        _("Projects whose problems joint review meetings solved"),
        Perm.SUPERVISION_VIEW,
        False,
        lambda f, s: f.projects(s).projects_helped,
        lambda s: _url("projects:list"),
    ),
    _Metric(
        "campaign_enterprises_investigated",
        _("Special campaigns"),
        _("Enterprises investigated"),
        Perm.SUPERVISION_VIEW,
        False,
        lambda f, s: f.campaigns(s).enterprises_investigated,
        lambda s: _url("enterprises:campaigns"),
    ),
    _Metric(
        "campaign_amount_refunded",
        _("Special campaigns"),
        _("Charges refunded (yuan)"),
        Perm.SUPERVISION_VIEW,
        False,
        lambda f, s: f.campaigns(s).amount_refunded.quantize(YUAN, rounding=ROUND_HALF_UP),
        lambda s: _url("enterprises:findings"),
    ),
    _Metric(
        "units_missing_rules",
        _("Rule filings"),
        _("Units missing an accepted rule"),
        Perm.SUPERVISION_VIEW,
        False,
        lambda f, s: f.units_missing_rules(s),
        lambda s: _url("evaluation:rule_filings"),
    ),
    _Metric(
        "monitor_observations",
        _("Efficiency monitors"),
        _("Observations of monitors and the media"),
        Perm.SUPERVISION_VIEW,
        False,
        lambda f, s: f.monitors(s).observations,
        lambda s: _url("enterprises:observations"),
    ),
]


def _ranking(figures: _Figures, code: str, span: Span) -> list[UnitRank]:
    """Units ranked by the figure, worst first, where the context ranks units; each with the
    address of the list behind its number (drill-down)."""
    user = figures.user
    rows: list[tuple[str, Value, str]] = []
    if code == "case_on_time_rate":
        rates = on_time_by_agency(user=user, start=span.start, end=span.end)
        rates.sort(key=lambda r: (r.on_time_rate if r.on_time_rate is not None else 101, r.agency))
        rows = [
            (
                r.agency,
                r.on_time_rate,
                _url(
                    "supervision:dashboard",
                    start=span.start,
                    end=span.end,
                    as_of=span.end,
                    organization=r.agency_id,
                ),
            )
            for r in rates
        ]
    elif code in ("lights_red", "lights_yellow"):
        light = "red" if code == "lights_red" else "yellow"
        lights = lights_by(user=user, group="agency", as_of=span.end)
        rows = [
            (
                r.label,
                getattr(r, light),
                _url("supervision:cases", light=light, as_of=span.end, agency=r.key),
            )
            for r in lights
        ]
        rows.sort(key=lambda r: (-(r[1] or 0), r[0]))
    elif code == "warnings_issued":
        drill = _url("supervision:warnings", year=span.end.year)
        rows = [(unit, n, drill) for unit, n in figures.cases(span).warnings_by_unit]
    elif code == "enterprise_problems_overdue":
        overdue = problems_overdue(user=user, start=span.start, end=span.end, as_of=span.end)
        # no default ordering in the GROUP BY: one row per unit
        counts = overdue.order_by().values("unit_id", "unit__name").annotate(n=Count("pk"))
        rows = [
            (
                r["unit__name"],
                r["n"],
                _url(
                    "enterprises:problems",
                    due="overdue",
                    start=span.start,
                    end=span.end,
                    unit=r["unit_id"],
                ),
            )
            for r in counts
        ]
        rows.sort(key=lambda r: (-(r[1] or 0), r[0]))
    elif code == "complaints_received":
        drill = _url("complaints:figures", date_from=span.start, date_to=span.end, as_of=span.end)
        rows = [(name, n, drill) for _pk, name, n in figures.complaints_by_unit(span)]
    return [
        UnitRank(i, unit, value, url) for i, (unit, value, url) in enumerate(rows[:10], start=1)
    ]


def cockpit_headlines(
    *,
    user: User,
    as_of: date,
    period: str = Period.MONTH,
    trend_periods: int = 12,
    with_ranking: bool = True,
    codes: Collection[str] | None = None,
) -> Cockpit:
    """Every headline figure the user may see, with 同比, 环比, a `trend_periods`-period trend, ranking and
    drill-down address. `period` is a Period value (month, quarter, year). A summary of the
    figures (the workbench home) asks for `trend_periods=1, with_ranking=False` and the `codes`
    it shows: the same numbers, without the history, rankings and figures it does not show."""
    return _cockpit(
        user,
        as_of,
        period,
        _Figures,
        trend_periods=trend_periods,
        with_ranking=with_ranking,
        codes=codes,
    )


def cockpit_headlines_per_figure(*, user: User, as_of: date, period: str = Period.MONTH) -> Cockpit:
    """`cockpit_headlines` computed one selector call per figure and period: the reference
    (each number straight from its context's own selector) the batched one must equal."""
    return _cockpit(user, as_of, period, _PerFigure)


def _cockpit(
    user: User,
    as_of: date,
    period: str,
    provider: type[_Figures],
    *,
    trend_periods: int = 12,
    with_ranking: bool = True,
    codes: Collection[str] | None = None,
) -> Cockpit:
    period = Period(period)
    span = current_span(as_of, period)
    previous, year_ago = previous_span(span, period), year_ago_span(span)
    spans = trend_spans(as_of, period, max(trend_periods, 1))
    cockpit = Cockpit(as_of=as_of, period=period, start=span.start, end=span.end)
    figures = provider(user, [*spans, previous, year_ago])
    for metric in METRICS:
        if codes is not None and metric.code not in codes:
            continue
        if not user_has_perm(user, metric.perm):
            continue
        trend = [TrendPoint(s.label, s.start, s.end, metric.compute(figures, s)) for s in spans]
        value = trend[-1].value
        before, last_year = metric.compute(figures, previous), metric.compute(figures, year_ago)
        cockpit.headlines.append(
            Headline(
                code=metric.code,
                context=str(metric.context),
                label=str(metric.label),
                value=value,
                is_rate=metric.is_rate,
                year_ago=last_year,
                previous=before,
                year_on_year=change(value, last_year, is_rate=metric.is_rate),
                period_on_period=change(value, before, is_rate=metric.is_rate),
                trend=trend,
                ranking=_ranking(figures, metric.code, span) if with_ranking else [],
                drill_url=metric.drill(span),
            )
        )
    return cockpit
