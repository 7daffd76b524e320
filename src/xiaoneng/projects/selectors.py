"""Reads of the projects context."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from xiaoneng.cases.workflow import Status as CaseStatus
from xiaoneng.core.access import scope_filter
from xiaoneng.core.errors import NotFound
from xiaoneng.core.models import User
from xiaoneng.core.roles import Perm
from xiaoneng.projects.models import Prerequisite, Project

#: A prerequisite counts as met once a case for it is approved (delivered includes approved).
APPROVED_STATUSES = (CaseStatus.APPROVED, CaseStatus.DELIVERED)


def unapproved_prerequisites(*, case_id: int, item_id: int) -> list[str]:
    """Names of the prerequisite items of case `case_id` (for service item `item_id`) that no
    case of the same project has had approved yet; empty when the case may be accepted.

    Called by the cases context before acceptance (cases/services/intake.py)."""
    rules = Prerequisite.objects.filter(project__cases__pk=case_id, item_id=item_id).select_related(
        "required_item", "project"
    )
    missing: list[str] = []
    for rule in rules:
        approved = rule.project.cases.filter(
            item_version__item_id=rule.required_item_id, status__in=APPROVED_STATUSES
        ).exists()
        if not approved and rule.required_item.name not in missing:
            missing.append(rule.required_item.name)
    return missing


def project_list(*, user: User) -> QuerySet[Project]:
    return scope_filter(
        Project.objects.select_related("lead_unit", "investor").prefetch_related(
            "cases", "prerequisites__item", "prerequisites__required_item"
        ),
        user,
        Perm.SUPERVISION_VIEW,
        "lead_unit",
    )


def project_get_for_user(*, user: User, number: str) -> Project:
    project = project_list(user=user).filter(number=number).first()
    if project is None:
        raise NotFound(_("No such project."))
    return project
