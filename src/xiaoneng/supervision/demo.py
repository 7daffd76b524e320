"""Demo data of electronic supervision: efficiency warnings (one unit reaches three in the
year and is held accountable) and a sweep over the demo cases, when there are any."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from xiaoneng.cases.models import Case
from xiaoneng.core.demo import DemoContext
from xiaoneng.core.models import User
from xiaoneng.supervision.models import SourceKind
from xiaoneng.supervision.services import warning_issue
from xiaoneng.supervision.sweep import supervise

WARNINGS = [
    # (days ago, reason, basis, reference)
    (40, "窗口工作时间脱岗，群众等候超过30分钟", SourceKind.INSPECTION, "MC-2026-07"),
    (25, "承诺件超过承诺时限未办结", SourceKind.CASE, "DM-超期"),
    (9, "对群众咨询推诿，首问负责制落实不到位", SourceKind.COMPLAINT, "TS-2026-031"),
]


def build(context: DemoContext) -> None:
    supervisor = context.users.get("supervisor")
    if supervisor is None:
        return
    today = timezone.localdate()
    unit_staff = _staff_of_busiest_unit(context)
    for index, (days_ago, reason, kind, reference) in enumerate(WARNINGS):
        issued_on = max(today - timedelta(days=days_ago), today.replace(month=1, day=1))
        person = unit_staff[index % len(unit_staff)]
        warning_issue(
            actor=supervisor,
            person=person,
            reason=reason,
            source_kind=kind,
            source_ref=reference,
            issued_on=issued_on,
        )
    other = (
        User.objects.filter(kind="staff", is_active=True, organization__isnull=False)
        .exclude(organization=unit_staff[0].organization)
        .exclude(pk=supervisor.pk)
        .filter(organization__kind="department")
        .order_by("pk")
        .first()
    )
    if other is not None:
        warning_issue(
            actor=supervisor,
            person=other,
            reason="明察暗访发现上班时间玩手机游戏",
            source_kind=SourceKind.INSPECTION,
            source_ref="MC-2026-09",
            issued_on=today - timedelta(days=3) if today.day > 3 else today,
        )
    if Case.objects.exists():
        supervise(as_of=today)


def _staff_of_busiest_unit(context: DemoContext) -> list[User]:
    """Staff of the department with the most demo staff (the reviewer's unit, usually)."""
    reviewer = context.users.get("reviewer")
    if reviewer is not None and reviewer.organization is not None:
        staff = list(
            User.objects.filter(organization=reviewer.organization, kind="staff", is_active=True)
            .exclude(pk=context.users["supervisor"].pk)
            .order_by("pk")
        )
        if staff:
            return staff
    return [context.users["supervisor"]]
