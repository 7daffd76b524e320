"""Reads of supervision data, always through the access rules (SUPERVISION_VIEW scope).

The lights themselves are read through `lights.py`; this module holds warnings, breaches,
accountability and the shared parsing of the `as_of` / organization / period filters.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from xiaoneng.core.access import scope_filter, user_may
from xiaoneng.core.errors import InvalidInput, NotFound
from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Perm
from xiaoneng.supervision.models import (
    Accountability,
    EfficiencyWarning,
    Light,
    RuleBreach,
    RuleCode,
)


def parse_day(value: str | None, *, field: str) -> date | None:
    """A YYYY-MM-DD query value (or an ISO datetime); None when empty."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    try:
        if "T" in text or " " in text:
            return datetime.fromisoformat(text).date()
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(_("Enter a date as YYYY-MM-DD, e.g. 2026-11-20."), field=field) from exc


def parse_light(value: str | None) -> str | None:
    if value in (None, ""):
        return None
    if value not in Light.values:
        raise InvalidInput(_("Choose a light: green, yellow, red or legal_overdue."), field="light")
    return value


def parse_int(value: str | None, *, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(str(value))
    except ValueError as exc:
        raise InvalidInput(_("Enter a whole number."), field=field) from exc


def organization_for(*, user: User, pk: str | int | None) -> Organization | None:
    """The organization filter: one the user may supervise (not-found otherwise)."""
    number = parse_int(pk, field="organization") if isinstance(pk, str) else pk
    if number is None:
        return None
    org = Organization.objects.filter(pk=number).first()
    if org is None or not user_may(user, Perm.SUPERVISION_VIEW, org):
        raise NotFound(_("No such organization."), field="organization")
    return org


def warning_list(
    *,
    user: User,
    year: int | None = None,
    organization: Organization | None = None,
    person: int | None = None,
) -> QuerySet[EfficiencyWarning]:
    queryset = scope_filter(EfficiencyWarning.objects.all(), user, Perm.SUPERVISION_VIEW, "unit")
    if year is not None:
        queryset = queryset.filter(year=year)
    if organization is not None:
        queryset = queryset.filter(unit__path__startswith=organization.path)
    if person is not None:
        queryset = queryset.filter(person_id=person)
    return queryset.select_related("person", "unit", "issued_by").order_by("-issued_on", "-id")


def breach_list(
    *,
    user: User,
    rule: str | None = None,
    organization: Organization | None = None,
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[RuleBreach]:
    if rule and rule not in RuleCode.values:
        raise InvalidInput(_("Unknown rule code."), field="rule")
    queryset = scope_filter(RuleBreach.objects.all(), user, Perm.SUPERVISION_VIEW, "unit")
    if rule:
        queryset = queryset.filter(rule=rule)
    if organization is not None:
        queryset = queryset.filter(unit__path__startswith=organization.path)
    if start is not None:
        queryset = queryset.filter(occurred_at__date__gte=start)
    if end is not None:
        queryset = queryset.filter(occurred_at__date__lte=end)
    return queryset.select_related("unit", "person").order_by("-occurred_at", "-id")


def accountability_list(*, user: User, year: int | None = None) -> QuerySet[Accountability]:
    """Accountabilities the user supervises, or those of the user's own unit (TASK_REPORT)."""
    supervised = scope_filter(Accountability.objects.all(), user, Perm.SUPERVISION_VIEW, "unit")
    own = scope_filter(Accountability.objects.all(), user, Perm.TASK_REPORT, "unit")
    queryset = Accountability.objects.filter(
        Q(pk__in=supervised.values("pk")) | Q(pk__in=own.values("pk"))
    )
    if year is not None:
        queryset = queryset.filter(year=year)
    return (
        queryset.select_related("unit", "triggered_by")
        .prefetch_related("deliverables")
        .order_by("-year", "unit__path")
    )


def accountability_get(*, user: User, pk: int) -> Accountability:
    found = accountability_list(user=user).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such accountability record."))
    return found
