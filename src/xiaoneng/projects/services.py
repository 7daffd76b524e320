"""Project use cases: register a project, link cases, declare prerequisites.

Only the efficiency office (supervision.act) manages projects; each step is audited."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.cases.models import Case
from xiaoneng.catalog.models import ServiceItem
from xiaoneng.core.access import user_may
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.models import Applicant, Organization, User
from xiaoneng.core.numbering import number_next
from xiaoneng.core.roles import Perm
from xiaoneng.projects.models import Prerequisite, Project


def _require(actor: User, organization: Organization) -> None:
    if not user_may(actor, Perm.SUPERVISION_ACT, organization):
        raise NotPermitted(_("You may not manage projects of this unit."))


def project_register(
    *,
    actor: User,
    name: str,
    lead_unit: Organization,
    investor: Applicant | None = None,
    is_fast_track: bool = False,
) -> Project:
    _require(actor, lead_unit)
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_("This field is required."), field="name")
    with transaction.atomic():
        project = Project.objects.create(
            number=number_next(key="project", year=timezone.localdate().year, prefix="XM", width=4),
            name=name[:200],
            lead_unit=lead_unit,
            investor=investor,
            is_fast_track=is_fast_track,
        )
        audit(actor=actor, action="project.register", obj=project, detail={"name": project.name})
    return project


def project_case_link(*, actor: User, project: Project, case: Case) -> Project:
    _require(actor, project.lead_unit)
    with transaction.atomic():
        project.cases.add(case)
        audit(actor=actor, action="project.case_link", obj=project, detail={"case": case.number})
    return project


def project_prerequisite_add(
    *, actor: User, project: Project, item: ServiceItem, required_item: ServiceItem
) -> Prerequisite:
    _require(actor, project.lead_unit)
    if item.pk == required_item.pk:
        raise InvalidInput(_("An item cannot be its own prerequisite."), field="required_item")
    if Prerequisite.objects.filter(
        project=project, item=required_item, required_item=item
    ).exists():
        raise Conflict(
            _("%(item)s already requires %(other)s: prerequisites may not form a cycle.")
            % {"item": required_item.name, "other": item.name},
            field="required_item",
        )
    with transaction.atomic():
        rule, _created = Prerequisite.objects.get_or_create(
            project=project, item=item, required_item=required_item
        )
        audit(
            actor=actor,
            action="project.prerequisite_add",
            obj=project,
            detail={"item": item.name, "required_item": required_item.name},
        )
    return rule
