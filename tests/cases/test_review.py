"""Review and decision: special procedures (Art. 45), extension (Art. 42), joint opinions,
meetings, forwarding, approve/deny (filed), delivery (Art. 44), withdraw, terminate."""

from __future__ import annotations

from datetime import date

import pytest

from tests.cases.factories import at, make_item
from xiaoneng.cases import services
from xiaoneng.cases.models import Case, Channel, JointOpinion, RefusalFiling
from xiaoneng.cases.workflow import EventKind, Status
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted

D = date.fromisoformat


def accepted(desk, day: str = "2025-09-01", item=None) -> Case:  # type: ignore[no-untyped-def]
    case = services.case_submit(
        actor=desk.clerk,
        item_version=item or desk.item,
        applicant=desk.applicant,
        channel=Channel.WINDOW,
        at=at(day, 9),
    )
    services.case_accept(actor=desk.clerk, case=case, at=at(day, 10))
    return case


def test_start_review_opens_steps_with_budgets(desk) -> None:  # type: ignore[no-untyped-def]
    case = accepted(desk)
    services.case_start_review(actor=desk.reviewer, case=case, at=at("2025-09-02"))
    assert case.status == Status.IN_REVIEW
    assert case.assignee == desk.reviewer
    steps = list(case.steps.order_by("id"))
    assert [(s.started_on, s.due_on) for s in steps] == [
        (D("2025-09-02"), D("2025-09-05")),
        (D("2025-09-05"), D("2025-09-09")),
    ]
    services.case_finish_step(
        actor=desk.reviewer, case=case, step_record=steps[0], at=at("2025-09-08")
    )
    assert case.events.last().payload["breach"] == "step_over_budget"


def test_special_procedure_moves_both_deadlines(desk) -> None:  # type: ignore[no-untyped-def]
    """Art. 45: expert review 09-05 … 09-12 removes 5 WD from both clocks."""
    case = accepted(desk)
    assert (case.committed_due_on, case.legal_due_on) == (D("2025-09-08"), D("2025-09-28"))
    services.case_start_special_procedure(
        actor=desk.reviewer,
        case=case,
        kind="expert_review",
        reason="技术方案需专家评审",
        expected_workdays=5,
        at=at("2025-09-05"),
    )
    assert case.is_paused
    with pytest.raises(Conflict):
        services.case_approve(actor=desk.reviewer, case=case, at=at("2025-09-08"))
    services.case_end_special_procedure(actor=desk.reviewer, case=case, at=at("2025-09-12"))
    case.refresh_from_db()
    assert not case.is_paused
    assert case.paused_workdays == 5
    assert (case.committed_due_on, case.legal_due_on) == (D("2025-09-15"), D("2025-10-11"))


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("kind", {"kind": "picnic"}),
        ("reason", {"reason": ""}),
        ("expected_workdays", {"expected_workdays": 0}),
        ("expected_workdays", {"expected_workdays": "abc"}),
    ],
)
def test_special_procedure_bad_input(desk, field, kwargs) -> None:  # type: ignore[no-untyped-def]
    case = accepted(desk)
    data = {"kind": "hearing", "reason": "听证", "expected_workdays": 3, **kwargs}
    with pytest.raises(InvalidInput) as error:
        services.case_start_special_procedure(
            actor=desk.reviewer, case=case, at=at("2025-09-02"), **data
        )
    assert error.value.field == field


def test_extension_once_with_approver_holding_the_permission(desk) -> None:  # type: ignore[no-untyped-def]
    """Art. 42: +10 WD once, with the head's approval and a reason."""
    case = accepted(desk)
    with pytest.raises(InvalidInput) as error:
        services.case_extend(
            actor=desk.reviewer,
            case=case,
            reason="情况复杂",
            approver=desk.reviewer,
            at=at("2025-09-03"),
        )
    assert error.value.field == "approver"
    with pytest.raises(InvalidInput) as error:
        services.case_extend(
            actor=desk.reviewer, case=case, reason="", approver=desk.head, at=at("2025-09-03")
        )
    assert error.value.field == "reason"
    services.case_extend(
        actor=desk.reviewer, case=case, reason="情况复杂", approver=desk.head, at=at("2025-09-03")
    )
    assert case.extension_days == 10
    assert case.legal_due_on == D("2025-10-17")
    event = case.events.last()
    assert event.payload["approver"] == "李局长"
    with pytest.raises(Conflict) as error:
        services.case_extend(
            actor=desk.reviewer, case=case, reason="再延", approver=desk.head, at=at("2025-09-04")
        )
    assert error.value.field == "extension"


def test_joint_case_runs_45_days_and_extends_by_15(desk) -> None:  # type: ignore[no-untyped-def]
    item = make_item(desk.agency, committed=15, legal=45, co_departments=(desk.co_department,))
    case = accepted(desk, "2025-06-02", item=item)
    assert case.is_joint and case.legal_limit_days == 45
    assert case.legal_due_on == D("2025-08-04")
    services.case_extend(
        actor=desk.reviewer, case=case, reason="联办复杂", approver=desk.head, at=at("2025-06-03")
    )
    assert case.extension_days == 15
    assert case.legal_due_on == D("2025-08-25")


def test_joint_opinions_and_going_ahead(desk) -> None:  # type: ignore[no-untyped-def]
    item = make_item(desk.agency, committed=15, legal=45, co_departments=(desk.co_department,))
    case = accepted(desk, "2025-06-02", item=item)
    services.case_request_opinions(actor=desk.reviewer, case=case, at=at("2025-06-03"))
    opinion = JointOpinion.objects.get(case=case)
    assert opinion.due_on == D("2025-06-12")  # 7 working days
    with pytest.raises(InvalidInput) as error:
        services.case_approve(actor=desk.reviewer, case=case, at=at("2025-06-05"))
    assert error.value.field == "went_ahead_reason"
    with pytest.raises(NotPermitted):
        services.case_give_opinion(
            actor=desk.outsider,
            case=case,
            department=desk.co_department,
            opinion="同意",
            agrees=True,
            at=at("2025-06-12"),
        )
    services.case_give_opinion(
        actor=desk.co_reviewer,
        case=case,
        department=desk.co_department,
        opinion="同意",
        agrees=True,
        at=at("2025-06-13"),
    )
    assert case.events.last().payload["breach"] == "opinion_late"
    services.case_approve(actor=desk.reviewer, case=case, at=at("2025-06-16"))
    assert case.status == Status.APPROVED


def test_lead_goes_ahead_with_reason(desk) -> None:  # type: ignore[no-untyped-def]
    item = make_item(desk.agency, committed=15, legal=45, co_departments=(desk.co_department,))
    case = accepted(desk, "2025-06-03", item=item)
    services.case_approve(
        actor=desk.reviewer, case=case, went_ahead_reason="协办部门逾期未复", at=at("2025-06-20")
    )
    assert case.events.last().payload["went_ahead_reason"] == "协办部门逾期未复"


def test_meeting_records_projects_and_problems(desk) -> None:  # type: ignore[no-untyped-def]
    case = accepted(desk)
    meeting = services.meeting_record(
        actor=desk.coordinator,
        organizer=desk.coordinator.organization,
        held_on=D("2025-09-03"),
        departments=[desk.agency, desk.co_department],
        cases=[case],
        problems="用地手续衔接",
        solutions="并联审批",
        problems_solved=1,
        at=at("2025-09-03"),
    )
    assert list(meeting.cases.all()) == [case]
    assert case.events.last().kind == EventKind.MEETING_RECORDED
    with pytest.raises(InvalidInput) as error:
        services.meeting_record(
            actor=desk.coordinator,
            organizer=desk.coordinator.organization,
            held_on=D("2025-09-03"),
            departments=[],
            cases=[],
            problems="x",
            at=at("2025-09-03"),
        )
    assert error.value.field == "departments"


def test_forward_and_reply(desk) -> None:  # type: ignore[no-untyped-def]
    item = make_item(desk.agency, forward_to_level=2)
    case = accepted(desk, item=item)
    assert case.is_forwarded
    services.case_forward(
        actor=desk.reviewer, case=case, to="省市场监督管理局", at=at("2025-09-02")
    )
    services.case_forward_reply(actor=desk.reviewer, case=case, reply="同意", at=at("2025-09-09"))
    assert (case.forwarded_on, case.forward_replied_on) == (D("2025-09-02"), D("2025-09-09"))
    assert case.events.last().payload["workdays"] == 5


def test_deny_requires_reason_basis_remedies_and_is_filed(desk) -> None:  # type: ignore[no-untyped-def]
    case = accepted(desk)
    for missing in ("reason", "legal_basis", "remedies"):
        data = {
            "reason": "不符合条件",
            "legal_basis": "第三十八条",
            "remedies": "六十日内申请行政复议",
            missing: "",
        }
        with pytest.raises(InvalidInput) as error:
            services.case_deny(actor=desk.reviewer, case=case, at=at("2025-09-03"), **data)
        assert error.value.field == missing
    services.case_deny(
        actor=desk.reviewer,
        case=case,
        reason="不符合条件",
        legal_basis="第三十八条",
        remedies="六十日内申请行政复议",
        at=at("2025-09-03"),
    )
    assert case.status == Status.DENIED
    assert RefusalFiling.objects.filter(case=case, kind=EventKind.DENIED).exists()


def test_late_decision_and_late_delivery_are_flagged(desk) -> None:  # type: ignore[no-untyped-def]
    """Committed due 2025-09-08; decided 09-10 (late); delivery due 09-24 (Art. 44)."""
    case = accepted(desk)
    services.case_approve(actor=desk.reviewer, case=case, at=at("2025-09-10"))
    assert case.events.last().payload["breach"] == "decided_after_committed_deadline"
    assert case.delivery_due_on == D("2025-09-24")
    services.case_deliver(actor=desk.clerk, case=case, at=at("2025-09-25"))
    assert case.events.last().payload["breach"] == "delivered_late"
    services.case_close(actor=desk.clerk, case=case, at=at("2025-09-25", 11))
    assert case.status == Status.CLOSED and case.closed_at is not None


def test_decide_needs_decide_permission(desk) -> None:  # type: ignore[no-untyped-def]
    case = accepted(desk)
    with pytest.raises(NotPermitted):
        services.case_approve(actor=desk.clerk, case=case, at=at("2025-09-03"))
    with pytest.raises(NotPermitted):
        services.case_approve(actor=desk.outsider, case=case, at=at("2025-09-03"))


def test_withdraw_and_terminate(desk) -> None:  # type: ignore[no-untyped-def]
    case = accepted(desk)
    services.case_withdraw(actor=desk.clerk, case=case, reason="申请人撤回", at=at("2025-09-02"))
    assert case.status == Status.WITHDRAWN
    with pytest.raises(Conflict):
        services.case_terminate(actor=desk.reviewer, case=case, reason="x", at=at("2025-09-03"))
    other = accepted(desk)
    with pytest.raises(InvalidInput):
        services.case_terminate(actor=desk.reviewer, case=other, reason="", at=at("2025-09-03"))
    services.case_terminate(
        actor=desk.reviewer, case=other, reason="申请人死亡", at=at("2025-09-03")
    )
    assert other.status == Status.TERMINATED
