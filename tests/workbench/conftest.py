"""A day at the window, the review desk and the complaint centre, for the workbench home."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
import time_machine

from tests.cases.factories import ApplicantFactory, at, make_item
from tests.complaints.factories import make_complaint
from xiaoneng.cases import services as case_services
from xiaoneng.cases.models import Case, Channel
from xiaoneng.complaints.models import Complaint
from xiaoneng.core.models import User
from xiaoneng.core.roles import Role

TODAY = date(2026, 3, 10)  # a Tuesday


@dataclass
class Day:
    clerk: User
    reviewer: User
    handler: User
    leader: User
    supervisor: User
    received_today: list[Case]
    waiting_since_last_week: Case
    supplement: Case
    overdue_case: Case
    overdue_complaint: Complaint
    complaint_this_week: Complaint


@pytest.fixture
def today():  # type: ignore[no-untyped-def]
    with time_machine.travel(at(TODAY.isoformat(), 11), tick=False):
        yield TODAY


@pytest.fixture
def day(org_tree, make_user, today, django_capture_on_commit_callbacks) -> Day:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):  # supervision watches the cases
        return _day(org_tree, make_user)


def _day(t, make_user) -> Day:  # type: ignore[no-untyped-def]
    clerk = make_user(Role.WINDOW_CLERK, organization=t.department)
    item = make_item(t.department)

    def submit(on: str) -> Case:
        return case_services.case_submit(
            actor=clerk,
            item_version=item,
            applicant=ApplicantFactory(),
            channel=Channel.WINDOW,
            at=at(on),
        )

    received_today = [submit("2026-03-10"), submit("2026-03-10")]
    waiting = submit("2026-03-03")
    supplement = submit("2026-03-09")
    case_services.case_request_supplement(
        actor=clerk, case=supplement, materials=["身份证明"], at=at("2026-03-09", 15)
    )
    overdue_case = submit("2026-02-02")
    case_services.case_accept(actor=clerk, case=overdue_case, at=at("2026-02-02", 11))
    handler = make_user(Role.COMPLAINT_HANDLER, organization=t.complaint_centre)
    overdue_complaint = make_complaint(
        handler=handler, unit=t.department, state="accepted", at=at("2026-01-05")
    )
    this_week = make_complaint(
        handler=handler, unit=t.department, state="accepted", at=at("2026-03-02")
    )
    return Day(
        clerk=clerk,
        reviewer=make_user(Role.REVIEWER, organization=t.department),
        handler=handler,
        leader=make_user(Role.LEADER, organization=t.city),
        supervisor=make_user(Role.EFFICIENCY_SUPERVISOR, organization=t.efficiency_office),
        received_today=received_today,
        waiting_since_last_week=waiting,
        supplement=supplement,
        overdue_case=Case.objects.get(pk=overdue_case.pk),
        overdue_complaint=overdue_complaint,
        complaint_this_week=this_week,
    )
