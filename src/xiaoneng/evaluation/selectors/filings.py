"""Reads of rule filings and self-inspections, and the flag of units missing a rule."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.core.access import AnyUser, organizations_visible, scope_filter
from xiaoneng.core.errors import NotFound
from xiaoneng.core.models import AGENCY_KINDS, Organization, OrganizationKind, User
from xiaoneng.core.roles import Perm
from xiaoneng.evaluation.models import (
    EfficiencyRule,
    RuleFiling,
    SelfInspection,
    SelfInspectionProblem,
)
from xiaoneng.evaluation.workflow import FilingStatus, RectificationStatus

#: who files: the agencies directly under a government (its departments and offices); a
#: street office's own departments answer to the street, not to the efficiency office.
FILING_KINDS = AGENCY_KINDS - {OrganizationKind.STREET_DEPARTMENT}


def _visible(queryset: QuerySet, user: AnyUser) -> QuerySet:
    """The office and readers (`supervision.view`), and a unit's own staff (`task.report`)."""
    return (
        scope_filter(queryset, user, Perm.SUPERVISION_VIEW, "unit")
        | scope_filter(queryset, user, Perm.TASK_REPORT, "unit")
    ).distinct()


def rule_filing_list(
    *, user: AnyUser, unit: Organization | None = None, rule: str = "", status: str = ""
) -> QuerySet[RuleFiling]:
    queryset = _visible(RuleFiling.objects.select_related("unit", "filed_by", "reviewed_by"), user)
    if unit is not None:
        queryset = queryset.filter(unit=unit)
    if rule:
        queryset = queryset.filter(rule=rule)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("unit__path", "rule", "-version")


def rule_filing_get_for_user(*, user: AnyUser, pk: int) -> RuleFiling:
    filing = rule_filing_list(user=user).filter(pk=pk).first()
    if filing is None:
        raise NotFound(_("No such rule filing."), field="filing")
    return filing


def rule_filing_history(*, filing: RuleFiling) -> QuerySet[RuleFiling]:
    """Every version of the same unit's same rule, newest first."""
    return RuleFiling.objects.filter(unit=filing.unit, rule=filing.rule).order_by("-version")


def filing_units(*, user: AnyUser) -> QuerySet[Organization]:
    """The units (in the user's reading scope) expected to file the eight rules."""
    return (
        organizations_visible(user, Perm.SUPERVISION_VIEW)
        .filter(kind__in=FILING_KINDS, parent__kind=OrganizationKind.GOVERNMENT)
        .order_by("path")
    )


@dataclass
class UnitRules:
    """One unit's eight rules: which are accepted, which await review, which are missing."""

    unit: Organization
    accepted: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def missing_labels(self) -> list[str]:
        return [str(EfficiencyRule(code).label) for code in self.missing]


def rules_by_unit(*, user: AnyUser) -> list[UnitRules]:
    """For every filing unit: the rules with an accepted version, those awaiting review, and
    those missing (no accepted version yet — the unit is flagged)."""
    units = list(filing_units(user=user))
    accepted: dict[int, set[str]] = defaultdict(set)
    pending: dict[int, set[str]] = defaultdict(set)
    for unit_id, rule, status in RuleFiling.objects.filter(
        unit__in=units, status__in=[FilingStatus.ACCEPTED, FilingStatus.SUBMITTED]
    ).values_list("unit_id", "rule", "status"):
        (accepted if status == FilingStatus.ACCEPTED else pending)[unit_id].add(rule)
    rows = []
    for unit in units:
        rows.append(
            UnitRules(
                unit=unit,
                accepted=[r for r in EfficiencyRule.values if r in accepted[unit.pk]],
                pending=[r for r in EfficiencyRule.values if r in pending[unit.pk]],
                missing=[r for r in EfficiencyRule.values if r not in accepted[unit.pk]],
            )
        )
    return rows


def units_missing_rules(*, user: AnyUser) -> list[UnitRules]:
    """The flagged units: at least one of the eight rules has no accepted filing."""
    return [row for row in rules_by_unit(user=user) if row.missing]


def units_missing_on(
    *, user: AnyUser, days: list[date], unit: Organization | None = None
) -> dict[date, int]:
    """For each day: how many filing units (in the user's scope, at or under `unit` with one)
    had, at the end of that day, at least one of the eight rules without an accepted version
    (the flag of `units_missing_rules`, read back in time: a version counts from the day the
    office accepted it, and still counts once a later accepted version supersedes it). Seed:
    "八项制度……汇编成册报市效能办备案". Two reads whatever the number of days (the cockpit's)."""
    units = filing_units(user=user)
    if unit is not None:
        units = units.filter(path__startswith=unit.path)
    unit_ids = list(units.values_list("pk", flat=True))
    first_accepted: dict[tuple[int, str], date] = {}
    for unit_id, rule, reviewed_at in (
        RuleFiling.objects.filter(
            unit__in=unit_ids,
            status__in=[FilingStatus.ACCEPTED, FilingStatus.SUPERSEDED],
            reviewed_at__isnull=False,
        )
        .order_by()
        .values_list("unit_id", "rule", "reviewed_at")
    ):
        day = timezone.localdate(reviewed_at)
        key = (unit_id, rule)
        if key not in first_accepted or day < first_accepted[key]:
            first_accepted[key] = day
    return {
        day: sum(
            1
            for unit_id in unit_ids
            if any(
                first_accepted.get((unit_id, rule), date.max) > day
                for rule in EfficiencyRule.values
            )
        )
        for day in days
    }


def self_inspection_list(
    *, user: AnyUser, year: int | None = None, unit: Organization | None = None
) -> QuerySet[SelfInspection]:
    queryset = _visible(SelfInspection.objects.select_related("unit", "created_by"), user)
    if year is not None:
        queryset = queryset.filter(year=year)
    if unit is not None:
        queryset = queryset.filter(unit=unit)
    return queryset.order_by("-year", "unit__path")


def self_inspection_get_for_user(*, user: AnyUser, pk: int) -> SelfInspection:
    report = self_inspection_list(user=user).filter(pk=pk).first()
    if report is None:
        raise NotFound(_("No such self-inspection."), field="self_inspection")
    return report


def problem_get_for_user(*, user: AnyUser, pk: int) -> SelfInspectionProblem:
    problem = (
        SelfInspectionProblem.objects.select_related("report__unit")
        .filter(report__in=self_inspection_list(user=user))
        .filter(pk=pk)
        .first()
    )
    if problem is None:
        raise NotFound(_("No such problem."), field="problem")
    return problem


def problems_overdue(*, user: AnyUser, on: date) -> QuerySet[SelfInspectionProblem]:
    """Problems still being rectified after their due day."""
    return SelfInspectionProblem.objects.filter(
        report__in=self_inspection_list(user=user),
        status=RectificationStatus.OPEN,
        due_on__lt=on,
    ).select_related("report__unit")


@dataclass(frozen=True)
class FilingFigures:
    units: int
    units_complete: int
    units_missing: int
    filings_pending: int
    problems: int
    problems_done: int
    problems_overdue: int


def filing_figures(*, user: AnyUser, year: int, on: date) -> FilingFigures:
    """The figures of the report and cockpit: units with all eight rules accepted, units
    flagged, filings awaiting review, and the year's self-inspection problems."""
    rows = rules_by_unit(user=user)
    problems = SelfInspectionProblem.objects.filter(
        report__in=self_inspection_list(user=user, year=year)
    )
    return FilingFigures(
        units=len(rows),
        units_complete=sum(1 for r in rows if not r.missing),
        units_missing=sum(1 for r in rows if r.missing),
        filings_pending=rule_filing_list(user=user, status=FilingStatus.SUBMITTED).count(),
        problems=problems.count(),
        problems_done=problems.filter(status=RectificationStatus.DONE).count(),
        problems_overdue=problems.filter(status=RectificationStatus.OPEN, due_on__lt=on).count(),
    )


def is_own_unit(user: AnyUser, unit: Organization) -> bool:
    return (
        isinstance(user, User)
        and user.organization is not None
        and user.organization.path.startswith(unit.path)
    )
