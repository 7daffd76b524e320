"""Reads of results applied (结果运用), per unit and per leader."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from xiaoneng.core.access import AnyUser, scope_filter
from xiaoneng.core.errors import NotFound
from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Perm
from xiaoneng.evaluation.models import ResultApplication


def result_application_list(
    *,
    user: AnyUser,
    unit: Organization | None = None,
    leader: User | None = None,
    year: int | None = None,
    recommendation: str = "",
) -> QuerySet[ResultApplication]:
    queryset = scope_filter(
        ResultApplication.objects.select_related(
            "unit", "leader", "round", "appraisal", "decided_by"
        ),
        user,
        Perm.EVALUATION_VIEW,
        "unit",
    )
    if unit is not None:
        queryset = queryset.filter(unit__path__startswith=unit.path)
    if leader is not None:
        queryset = queryset.filter(leader=leader)
    if year is not None:
        queryset = queryset.filter(decided_at__year=year)
    if recommendation:
        queryset = queryset.filter(recommendation=recommendation)
    return queryset.order_by("unit__path", "-decided_at", "-id")


def result_application_get_for_user(*, user: AnyUser, pk: int) -> ResultApplication:
    record = result_application_list(user=user).filter(pk=pk).first()
    if record is None:
        raise NotFound(_("No such record."), field="result_application")
    return record
