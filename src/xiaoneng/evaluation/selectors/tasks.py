"""Reads of supervision tasks, documents, notices and inspection visits."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from xiaoneng.core.access import AnyUser, scope_filter
from xiaoneng.core.errors import NotFound
from xiaoneng.core.models import User
from xiaoneng.core.roles import Perm
from xiaoneng.evaluation.models import (
    Finding,
    InspectionVisit,
    RectificationNotice,
    SupervisionDocument,
    SupervisionTask,
)
from xiaoneng.evaluation.workflow import TASK_ACTIVE, NoticeStatus


def task_list(*, user: AnyUser) -> QuerySet[SupervisionTask]:
    """Tasks the user's office supervises, plus tasks where the user's unit leads or takes part."""
    base = SupervisionTask.objects.select_related("lead_unit", "owner")
    overseen = scope_filter(base, user, Perm.SUPERVISION_VIEW, "owner") | scope_filter(
        base, user, Perm.TASK_MANAGE, "owner"
    )
    if isinstance(user, User) and user.organization is not None:
        path = user.organization.path
        parts = [p for p in path.split("/") if p]
        ancestors = ["/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)]
        involved = base.filter(
            Q(lead_unit__path__in=ancestors) | Q(responsible_units__path__in=ancestors)
        )
        return (overseen | involved).distinct()
    return overseen


def task_get_for_user(*, user: AnyUser, pk: int) -> SupervisionTask:
    task = task_list(user=user).filter(pk=pk).first()
    if task is None:
        raise NotFound(_("No such supervision task."), field="task")
    return task


def tasks_overdue(*, user: AnyUser, on: date) -> QuerySet[SupervisionTask]:
    """Open or in-progress tasks whose deadline passed before `on` (for the dashboard)."""
    return task_list(user=user).filter(status__in=TASK_ACTIVE, deadline__lt=on)


def documents_list(*, user: AnyUser) -> QuerySet[SupervisionDocument]:
    return scope_filter(
        SupervisionDocument.objects.select_related("owner", "task"),
        user,
        Perm.SUPERVISION_VIEW,
        "owner",
    )


def document_get_for_user(*, user: AnyUser, pk: int) -> SupervisionDocument:
    document = documents_list(user=user).filter(pk=pk).first()
    if document is None and isinstance(user, User) and user.organization is not None:
        document = SupervisionDocument.objects.filter(
            pk=pk, notice__unit__path__in=[user.organization.path]
        ).first()
    if document is None:
        raise NotFound(_("No such document."), field="document")
    return document


def notices_list(*, user: AnyUser) -> QuerySet[RectificationNotice]:
    notices = RectificationNotice.objects.select_related("document", "unit")
    overseen = scope_filter(notices, user, Perm.SUPERVISION_VIEW, "document__owner")
    if isinstance(user, User) and user.organization is not None:
        own = notices.filter(unit__path__in=_ancestors(user))
        return (overseen | own).distinct()
    return overseen


def notices_overdue(*, user: AnyUser, on: date) -> QuerySet[RectificationNotice]:
    return notices_list(user=user).filter(status=NoticeStatus.ISSUED, deadline__lt=on)


def _ancestors(user: User) -> list[str]:
    parts = [p for p in user.organization.path.split("/") if p]  # type: ignore[union-attr]
    return ["/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)]


def visit_list(*, user: AnyUser) -> QuerySet[InspectionVisit]:
    return scope_filter(
        InspectionVisit.objects.all(), user, Perm.SUPERVISION_VIEW, "owner"
    ).prefetch_related("units", "inspectors")


def visit_get_for_user(*, user: AnyUser, pk: int) -> InspectionVisit:
    visit = visit_list(user=user).filter(pk=pk).first()
    if visit is None:
        raise NotFound(_("No such inspection visit."), field="visit")
    return visit


def findings_list(*, user: AnyUser, year: int | None = None) -> QuerySet[Finding]:
    findings = scope_filter(
        Finding.objects.select_related("unit", "visit", "person"),
        user,
        Perm.SUPERVISION_VIEW,
        "visit__owner",
    )
    return findings.filter(visit__visited_on__year=year) if year else findings


def finding_counts(*, user: AnyUser, year: int | None = None) -> dict[str, dict[str, int]]:
    """{unit name: {finding kind: count}} — findings by unit and kind."""
    rows = (
        findings_list(user=user, year=year)
        .values("unit__name", "kind")
        .annotate(n=Count("id"))
        .order_by("unit__name", "kind")
    )
    counts: dict[str, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["unit__name"], {})[row["kind"]] = row["n"]
    return counts
