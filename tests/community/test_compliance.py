"""Rule 10 (加强督查落实): violations held to account with a rectification deadline in working
days, followed to closure; the dashboard figures."""

from __future__ import annotations

from datetime import date

import pytest

from tests.community.factories import register_meeting
from xiaoneng.community.dashboard import compliance_dashboard, dashboard_sheets
from xiaoneng.community.models import Violation
from xiaoneng.community.rules import CertificateType, ProhibitedCertificate
from xiaoneng.community.services import certificates as certificate_services
from xiaoneng.community.services import compliance as compliance_services
from xiaoneng.community.services import inspections as inspection_services
from xiaoneng.community.services import meetings as meeting_services
from xiaoneng.community.services import tasks as task_services
from xiaoneng.community.workflow import AccountabilityStatus
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-03-02 09:00 +0800", tick=False)


@pytest.fixture
def violation(cm):  # type: ignore[no-untyped-def]
    inspection_services.inspection_record(
        actor=cm.community_staff,
        inspector=cm.county_department,
        inspected=cm.community,
        inspected_on=date(2026, 2, 26),
        subject="安全检查",
    )
    return Violation.objects.get()


@pytest.mark.parametrize(
    ("opened_on", "days", "due_on"),
    [
        (date(2026, 3, 2), 10, date(2026, 3, 16)),  # two weekends
        (date(2025, 9, 30), 5, date(2025, 10, 14)),  # National Day; Sat 11 Oct is worked
    ],
)
def test_rectification_deadline_counts_working_days(cm, violation, opened_on, days, due_on):
    record = compliance_services.accountability_open(
        actor=cm.supervisor,
        violation=violation,
        instruction="停止直接检查社区",
        workdays_allowed=days,
        today=opened_on,
    )
    assert record.due_on == due_on


def test_accountability_followed_to_closure(cm, violation):
    record = compliance_services.accountability_open(
        actor=cm.supervisor, violation=violation, instruction="整改"
    )
    assert record.status == AccountabilityStatus.OPEN
    with pytest.raises(Conflict):
        compliance_services.accountability_open(
            actor=cm.supervisor, violation=violation, instruction="again"
        )
    with pytest.raises(NotPermitted):  # the community cannot report for the department
        compliance_services.accountability_report_rectification(
            actor=cm.community_staff, record=record, rectification="x"
        )
    compliance_services.accountability_report_rectification(
        actor=cm.district_staff, record=record, rectification="已改为检查街道"
    )
    with pytest.raises(InvalidInput):  # sending back needs a note
        compliance_services.accountability_close(actor=cm.supervisor, record=record, accepted=False)
    compliance_services.accountability_close(
        actor=cm.supervisor, record=record, accepted=False, note="未附整改材料"
    )
    assert record.status == AccountabilityStatus.OPEN
    compliance_services.accountability_report_rectification(
        actor=cm.district_staff, record=record, rectification="附材料"
    )
    compliance_services.accountability_close(actor=cm.supervisor, record=record, accepted=True)
    assert record.status == AccountabilityStatus.CLOSED and record.closed_on == date(2026, 3, 2)


def test_only_supervisors_open_accountability(cm, violation):
    with pytest.raises(NotPermitted):
        compliance_services.accountability_open(
            actor=cm.street_staff, violation=violation, instruction="x"
        )


def test_overdue(cm, violation):
    record = compliance_services.accountability_open(
        actor=cm.supervisor, violation=violation, instruction="整改", workdays_allowed=1
    )
    assert not compliance_services.accountability_is_overdue(record, date(2026, 3, 3))
    assert compliance_services.accountability_is_overdue(record, date(2026, 3, 4))


def test_dashboard_counts_per_community_and_street(cm, time_machine):
    for i in range(4):
        register_meeting(cm.street_staff, cm.street, date(2026, 3, 2 + i), [cm.community])
    meeting = register_meeting(
        cm.street_staff, cm.street, date(2026, 3, 20), [cm.community], confirm_over_quota=True
    )
    time_machine.move_to("2026-03-21 09:00 +0800", tick=False)
    meeting_services.meeting_hold(actor=cm.street_staff, meeting=meeting)
    register_meeting(cm.street_staff, cm.street, date(2026, 3, 20), [cm.other_community])
    certificate_services.certificate_request(
        actor=cm.community_staff,
        community=cm.community,
        resident_name="王芳",
        requested_type=CertificateType.RESIDENCE,
        purpose="入学",
        content="常住",
    )
    certificate_services.certificate_request(
        actor=cm.community_staff,
        community=cm.community,
        resident_name="王芳",
        requested_type=ProhibitedCertificate.KINSHIP,
        purpose="亲属关系",
    )
    task_services.burden_report(
        actor=cm.community_staff,
        community=cm.community,
        department=cm.county_department,
        task_description="报表",
        pushed_on=date(2026, 2, 2),
    )
    board = compliance_dashboard(user=cm.supervisor, year=2026)
    by_name = {r.organization.name: r for r in board.communities}
    row = by_name[cm.community.name]
    assert (
        row.get("meetings"),
        row.get("certificates_issued"),
        row.get("certificates_refused"),
        row.get("burden_reports"),
        row.get("violations"),
    ) == (5, 1, 1, 1, 2)
    assert by_name[cm.other_community.name].get("meetings") == 1
    street = {r.organization.name: r for r in board.streets}[cm.street.name]
    assert street.get("meetings") == 6 and street.get("violations") == 2
    # the other community's staff see only their own community
    own = compliance_dashboard(user=cm.other_community_staff, year=2026)
    assert [r.organization for r in own.communities] == [cm.other_community]
    sheets = dashboard_sheets(board)
    assert [s.title for s in sheets] == ["街道", "社区"]  # zh-hans by default
