"""Factories for supervision tests: items and cases written directly (as an import would leave
them), so that lights and breaches are tested on exact dates without the case workflow."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from xiaoneng.cases.deadlines import decision_due
from xiaoneng.cases.models import Case, CaseEvent, CasePause, JointOpinion
from xiaoneng.cases.workflow import EventKind, Status
from xiaoneng.catalog.models import ServiceItem, ServiceItemVersion
from xiaoneng.core.models import Applicant, ApplicantKind, Organization, User
from xiaoneng.supervision.clock import watch_refresh
from xiaoneng.supervision.models import Accountability, CaseWatch, SourceKind
from xiaoneng.supervision.services import warning_issue

SHANGHAI = ZoneInfo("Asia/Shanghai")
_numbers = itertools.count(1)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def flag_unit(*, supervisor: User, staff: list[User], year: int = 2026) -> Accountability:
    """Three warnings to the staff's unit in `year` → its Accountability."""
    for month, person in zip((1, 2, 3), staff, strict=False):
        warning_issue(
            actor=supervisor,
            person=person,
            reason="超期",
            source_kind=SourceKind.CASE,
            source_ref=f"SP{year}00000{month}",
            issued_on=date(year, month, 10),
        )
    return Accountability.objects.get(unit=staff[0].organization, year=year)


def make_version(
    agency: Organization,
    *,
    handling_type: str = "promised",
    committed: int = 5,
    legal: int = 20,
    has_fee: bool = False,
    yellow_days: int | None = None,
    yellow_ratio: Decimal | None = None,
    forward_to_level: int | None = None,
) -> ServiceItemVersion:
    n = next(_numbers)
    item = ServiceItem.objects.create(
        basic_code=f"00099{n:05d}",
        implementation_code=f"11330100MB0000000X00099{n:05d}",
        name=f"监察测试事项{n}",
        agency=agency,
    )
    version = ServiceItemVersion.objects.create(
        item=item,
        version=1,
        name=item.name,
        item_type="01",
        level=3,
        handling_type=handling_type,
        legal_limit_days=legal,
        committed_limit_days=0 if handling_type == "immediate" else committed,
        has_fee=has_fee,
        yellow_days=yellow_days,
        yellow_ratio=yellow_ratio,
        forward_to_level=forward_to_level,
    )
    item.current_version = version
    item.save(update_fields=["current_version"])
    return version


def make_case(
    version: ServiceItemVersion,
    *,
    accepted_on: date | None,
    received_on: date | None = None,
    pauses: tuple[tuple[date, date | None], ...] = (),
    decided_on: date | None = None,
    status: str | None = None,
    extension_days: int = 0,
    extended_on: date | None = None,
    deemed_notice_due_on: date | None = None,
    assignee: User | None = None,
    is_deadline_provisional: bool | None = None,
    fee_charged: Decimal = Decimal(0),
    opinions: tuple[tuple[Organization, date, date, date | None], ...] = (),
    refresh: bool = True,
) -> Case:
    """A case with its deadlines computed as the cases context does (closed pauses only).

    `extended_on` records the `extended` event of the extension on that day;
    `deemed_notice_due_on` makes the case deemed accepted (Art. 32) with the `deemed_accepted`
    event of the day after that notice period."""
    n = next(_numbers)
    applicant, _created = Applicant.objects.get_or_create(
        kind=ApplicantKind.NATURAL_PERSON,
        id_number="110105194912310021",
        defaults={"name": "张三"},
    )
    received_on = received_on or accepted_on or date(2025, 9, 1)
    closed = [(a, b) for a, b in pauses if b is not None]
    committed = legal = None
    if accepted_on is not None:
        committed = decision_due(
            accepted_on, version.committed_limit_days, extension=extension_days, pauses=closed
        )
        legal = decision_due(
            accepted_on, version.legal_limit_days, extension=extension_days, pauses=closed
        )
    if status is None:
        status = (
            Status.SUBMITTED
            if accepted_on is None
            else (Status.APPROVED if decided_on else Status.IN_REVIEW)
        )
    case = Case.objects.create(
        number=f"JC{n:08d}",
        verification_code="123456",
        item_version=version,
        agency=version.item.agency,
        applicant=applicant,
        channel="window",
        status=status,
        handling_type=version.handling_type,
        received_at=at(received_on),
        accepted_on=accepted_on,
        committed_limit_days=version.committed_limit_days,
        legal_limit_days=version.legal_limit_days,
        extension_days=extension_days,
        is_deemed_accepted=deemed_notice_due_on is not None,
        is_paused=any(b is None for _a, b in pauses),
        committed_due_on=committed.on if committed else None,
        legal_due_on=legal.on if legal else None,
        is_deadline_provisional=(
            is_deadline_provisional
            if is_deadline_provisional is not None
            else bool(committed and (committed.is_provisional or legal.is_provisional))
        ),
        decided_on=decided_on,
        assignee=assignee,
        fee_charged=fee_charged,
        last_event_at=at(decided_on or accepted_on or received_on),
    )
    for started_on, ended_on in pauses:
        CasePause.objects.create(
            case=case,
            kind="expert_review",
            started_on=started_on,
            ended_on=ended_on,
            reason="专家评审",
            expected_workdays=5,
        )
    for department, requested_on, due_on, given_on in opinions:
        JointOpinion.objects.create(
            case=case,
            department=department,
            requested_on=requested_on,
            due_on=due_on,
            given_on=given_on,
        )
    if deemed_notice_due_on is not None:
        add_event(
            case,
            EventKind.DEEMED_ACCEPTED,
            deemed_notice_due_on + timedelta(days=1),
            payload={
                "accepted_on": str(accepted_on),
                "notice_due_on": deemed_notice_due_on.isoformat(),
            },
        )
    if extended_on is not None:
        add_event(
            case, EventKind.EXTENDED, extended_on, reason="专家论证", payload={"approver": "局长"}
        )
    if refresh:
        watch_refresh(case)
    return case


def watch_of(case: Case) -> CaseWatch:
    return CaseWatch.objects.get(pk=case.pk)


def add_event(
    case: Case,
    kind: str,
    on: date,
    *,
    reason: str = "",
    payload: dict | None = None,
    actor: User | None = None,
    is_imported: bool = True,
) -> CaseEvent:
    """Append an event as the import would (no workflow checks)."""
    case.last_sequence += 1
    case.save(update_fields=["last_sequence"])
    return CaseEvent.objects.create(
        case=case,
        sequence=case.last_sequence,
        kind=kind,
        occurred_at=at(on),
        actor=actor,
        actor_name=actor.display_name if actor else "历史导入",
        reason=reason,
        payload=payload or {},
        is_imported=is_imported,
    )
