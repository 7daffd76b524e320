"""Task list, admission approval and burden reports (rules 1 and 2 of the ten rules).

Rule 2 (实施准入制度): anything outside the task list needs admission approval, and authority
and funding follow the task (权随责走、费随事转); government duties and quotas may not be pushed
onto the residents' committee.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.community.models import (
    AdmissionRequest,
    BurdenReport,
    Task,
    TaskListVersion,
    ViolationRule,
)
from xiaoneng.community.services.common import (
    civil_affairs_bureau_of,
    clean_text,
    require,
    require_community,
    street_of,
)
from xiaoneng.community.services.compliance import violation_record
from xiaoneng.community.workflow import ADMISSION_TRANSITIONS, AdmissionStatus, check_transition
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import InvalidInput, NotPermitted
from xiaoneng.core.models import Organization, OrganizationKind, User
from xiaoneng.core.roles import Perm


def task_list_publish(
    *, actor: User, tasks: list[dict[str, Any]], published_on: date, note: str = ""
) -> TaskListVersion:
    """Publish a new version of the task list (rule 1); each task needs its legal basis.

    Earlier versions are kept unchanged so that what applied on a given day can be shown.
    """
    require(actor, (Perm.COMMUNITY_SUPERVISE,), None)
    if not tasks:
        raise InvalidInput(_("The list needs at least one task."), field="tasks")
    cleaned = []
    codes: set[str] = set()
    for index, item in enumerate(tasks):
        prefix = f"tasks[{index}]"
        code = clean_text(item.get("code"), field=f"{prefix}.code", max_length=20)
        if code in codes:
            raise InvalidInput(_("Codes must be unique within the list."), field=f"{prefix}.code")
        codes.add(code)
        cleaned.append(
            Task(
                code=code,
                order=index,
                name=clean_text(item.get("name"), field=f"{prefix}.name", max_length=200),
                area=clean_text(
                    item.get("area"), field=f"{prefix}.area", required=False, max_length=60
                ),
                legal_basis=clean_text(
                    item.get("legal_basis"), field=f"{prefix}.legal_basis", max_length=300
                ),
            )
        )
    with transaction.atomic():
        last = TaskListVersion.objects.aggregate(m=Max("version"))["m"] or 0
        TaskListVersion.objects.filter(is_current=True).update(is_current=False)
        version = TaskListVersion.objects.create(
            version=last + 1, published_on=published_on, note=note.strip()[:200], is_current=True
        )
        for row in cleaned:
            row.list_version = version
        Task.objects.bulk_create(cleaned)
        audit(
            actor=actor,
            action="community.task_list.publish",
            obj=version,
            detail={"tasks": len(cleaned)},
        )
    return version


def _decimal(value: Any, *, field: str) -> Decimal:
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise InvalidInput(_("Enter an amount in yuan."), field=field) from None
    if not amount.is_finite():
        raise InvalidInput(_("Enter an amount in yuan."), field=field)
    return amount


def admission_submit(
    *,
    actor: User,
    department: Organization,
    communities: list[Organization],
    task_name: str,
    legal_basis: str,
    starts_on: date,
    ends_on: date,
    funding_amount: Any,
    funding_source: str,
    working_conditions: str,
    today: date | None = None,
) -> AdmissionRequest:
    """A department asks communities of one street to take on a task outside the list.

    Refused at input without funding (amount > 0 and its source) or working conditions:
    权随责走、费随事转 (rule 2).
    """
    require(actor, (Perm.COMMUNITY_RECORD, Perm.COMMUNITY_APPROVE), department)
    task_name = clean_text(task_name, field="task_name", max_length=200)
    legal_basis = clean_text(legal_basis, field="legal_basis", max_length=300)
    if funding_amount in (None, ""):
        raise InvalidInput(
            _("Funding follows the task (权随责走、费随事转): state the funding."),
            field="funding_amount",
        )
    amount = _decimal(funding_amount, field="funding_amount")
    if amount <= 0:
        raise InvalidInput(
            _(
                "Funding follows the task (权随责走、费随事转): a task without "
                "funding cannot be passed to a community."
            ),
            field="funding_amount",
        )
    funding_source = clean_text(funding_source, field="funding_source", max_length=200)
    working_conditions = clean_text(working_conditions, field="working_conditions")
    if ends_on < starts_on:
        raise InvalidInput(_("The end date is before the start date."), field="ends_on")
    if not communities:
        raise InvalidInput(_("Choose at least one community."), field="communities")
    streets = set()
    for community in communities:
        require_community(community, field="communities")
        streets.add(street_of(community))
    street = streets.pop() if len(streets) == 1 else None
    if street is None:
        raise InvalidInput(
            _("One request covers communities of one street office."), field="communities"
        )
    with transaction.atomic():
        request = AdmissionRequest.objects.create(
            department=department,
            street=street,
            task_name=task_name,
            legal_basis=legal_basis,
            starts_on=starts_on,
            ends_on=ends_on,
            funding_amount=amount,
            funding_source=funding_source,
            working_conditions=working_conditions,
            submitted_by=actor,
            submitted_on=today or timezone.localdate(),
        )
        request.communities.set(communities)
        audit(actor=actor, action="community.admission.submit", obj=request)
    return request


def admission_decide(
    *,
    actor: User,
    request: AdmissionRequest,
    approve: bool,
    reason: str = "",
    today: date | None = None,
) -> AdmissionRequest:
    """Street office first, then the district civil-affairs bureau (rule 2, 准入审批).

    A refusal needs its reason. Once both approve, the task joins the communities' lists for
    its duration (see selectors.community_task_list).
    """
    today = today or timezone.localdate()
    if request.status == AdmissionStatus.SUBMITTED:
        require(actor, (Perm.COMMUNITY_APPROVE,), request.street)
        # The civil-affairs bureau also reaches the street, but this step is the street's own.
        if (
            actor.organization is None
            or actor.organization.kind == OrganizationKind.COMMUNITY
            or not actor.organization.path.startswith(request.street.path)
        ):
            raise NotPermitted(_("The street office decides this step."))
        target = AdmissionStatus.STREET_APPROVED if approve else AdmissionStatus.REFUSED
    elif request.status == AdmissionStatus.STREET_APPROVED:
        bureau = civil_affairs_bureau_of(request.street)
        if bureau is None:
            raise InvalidInput(
                _("No civil-affairs bureau is set up over this street office."), field="status"
            )
        require(actor, (Perm.COMMUNITY_APPROVE,), bureau)
        target = AdmissionStatus.APPROVED if approve else AdmissionStatus.REFUSED
    else:
        target = AdmissionStatus.APPROVED if approve else AdmissionStatus.REFUSED
    check_transition(ADMISSION_TRANSITIONS, request.status, target)
    if not approve:
        reason = clean_text(reason, field="reason")
    with transaction.atomic():
        if request.status == AdmissionStatus.SUBMITTED:
            request.street_decided_by, request.street_decided_on = actor, today
        else:
            request.bureau_decided_by, request.bureau_decided_on = actor, today
        request.status = target
        request.refusal_reason = reason.strip() if not approve else ""
        request.save()
        audit(
            actor=actor, action="community.admission.decide", obj=request, detail={"status": target}
        )
    return request


def burden_report(
    *,
    actor: User,
    community: Organization,
    department: Organization,
    task_description: str,
    pushed_on: date,
) -> BurdenReport:
    """Community staff report a task pushed on them without admission (rule 2: 不得以行政命令
    的方式向社区居民委员会派任务、下指标) → a violation against the department."""
    require_community(community)
    require(actor, (Perm.COMMUNITY_RECORD,), community)
    if department.kind == OrganizationKind.COMMUNITY:
        raise InvalidInput(_("Name the department that pushed the task."), field="department")
    description = clean_text(task_description, field="task_description")
    if pushed_on > timezone.localdate():
        raise InvalidInput(_("The date cannot be in the future."), field="pushed_on")
    with transaction.atomic():
        report = BurdenReport.objects.create(
            community=community,
            department=department,
            task_description=description,
            pushed_on=pushed_on,
            reported_by=actor,
        )
        audit(actor=actor, action="community.burden.report", obj=report)
        violation_record(
            rule=ViolationRule.UNADMITTED_TASK,
            offender=department,
            community=community,
            occurred_on=pushed_on,
            description=description,
            source=report,
        )
    return report
