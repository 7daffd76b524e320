"""Rule breaches (DOMAIN.md §1–2, 行政许可法 Art. 32, 38, 42, 43, 45): one dated table per rule,
from imported events, the sweep, and one live journey through the case services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.supervision.factories import add_event, at, make_case, make_version
from xiaoneng.cases import services as cases
from xiaoneng.cases.models import JointOpinion, ProcessStepRecord
from xiaoneng.cases.workflow import EventKind
from xiaoneng.catalog.models import ProcessStep
from xiaoneng.core.roles import Role
from xiaoneng.supervision.breaches import detect_for_event, detect_time_based
from xiaoneng.supervision.models import RuleBreach, RuleCode

pytestmark = pytest.mark.django_db
D = date.fromisoformat


@pytest.fixture
def version(org_tree):
    return make_version(org_tree.department, committed=5, legal=20)


def rules(case) -> list[str]:
    return sorted(RuleBreach.objects.filter(case=case).values_list("rule", flat=True))


@pytest.mark.parametrize(
    ("received", "notice_on", "breach"),
    [
        # Art. 32 (4): the one-time notice within 5 working days of receipt
        ("2025-09-01", "2025-09-08", False),  # 5th working day
        ("2025-09-01", "2025-09-09", True),  # 6th working day
        ("2025-09-30", "2025-10-14", False),  # National Day: 10-14 is the 5th working day
        ("2025-09-30", "2025-10-15", True),
    ],
)
def test_late_supplement_notice(version, received, notice_on, breach):
    case = make_case(version, accepted_on=None, received_on=D(received))
    event = add_event(case, EventKind.SUPPLEMENT_REQUESTED, D(notice_on))
    detect_for_event(case, event)
    assert rules(case) == (["late_supplement_notice"] if breach else [])


def test_deemed_acceptance_is_a_late_notice_breach(version):
    case = make_case(version, accepted_on=D("2025-09-01"))
    detect_for_event(case, add_event(case, EventKind.DEEMED_ACCEPTED, D("2025-09-09")))
    assert rules(case) == ["late_supplement_notice"]


def test_second_supplement_notice(version):
    case = make_case(version, accepted_on=None, received_on=D("2025-09-01"))
    first = add_event(case, EventKind.SUPPLEMENT_REQUESTED, D("2025-09-02"))
    detect_for_event(case, first)
    assert rules(case) == []
    second = add_event(case, EventKind.SUPPLEMENT_REQUESTED, D("2025-09-04"))
    detect_for_event(case, second)
    detect_for_event(case, second)  # idempotent
    assert rules(case) == ["second_supplement_notice"]


@pytest.mark.parametrize(
    ("kind", "reason", "breach"),
    [
        (EventKind.REFUSED, "", True),
        (EventKind.REFUSED, "   ", True),
        (EventKind.REFUSED, "不属于本机关职权范围", False),
        (EventKind.DENIED, "", True),
        (EventKind.DENIED, "不符合法定条件", False),
    ],
)
def test_refusal_or_denial_without_reason(version, kind, reason, breach):
    case = make_case(version, accepted_on=D("2025-09-01"))
    detect_for_event(case, add_event(case, kind, D("2025-09-02"), reason=reason))
    assert ("refusal_without_reason" in rules(case)) is breach


@pytest.mark.parametrize(
    ("payload", "breach"),
    [({"approver": "李局长", "days": 10}, False), ({"approver": ""}, True), ({}, True)],
)
def test_extension_without_approval(version, payload, breach):
    case = make_case(version, accepted_on=D("2025-09-01"), extension_days=10)
    detect_for_event(case, add_event(case, EventKind.EXTENDED, D("2025-09-03"), payload=payload))
    assert rules(case) == (["extension_without_approval"] if breach else [])


@pytest.mark.parametrize(
    ("decided", "expected"),
    [
        ("2025-09-08", []),  # on the committed deadline
        ("2025-09-09", ["committed_deadline_missed"]),
        ("2025-09-28", ["committed_deadline_missed"]),  # legal deadline (make-up Sunday)
        ("2025-09-29", ["committed_deadline_missed", "legal_deadline_missed"]),
    ],
)
def test_decided_after_a_deadline(version, decided, expected):
    case = make_case(version, accepted_on=D("2025-09-01"), decided_on=D(decided))
    detect_for_event(case, add_event(case, EventKind.APPROVED, D(decided), reason="准予"))
    assert rules(case) == expected
    if expected:
        breach = RuleBreach.objects.get(case=case, rule=expected[0])
        assert breach.occurred_at == at(D("2025-09-09"), hour=0)
        assert breach.unit_id == case.agency_id and breach.is_imported


@pytest.mark.parametrize(
    ("has_fee", "fee", "breach"), [(False, "0", False), (False, "50", True), (True, "50", False)]
)
def test_fee_on_a_free_item(org_tree, has_fee, fee, breach):
    version = make_version(org_tree.department, has_fee=has_fee)
    case = make_case(
        version, accepted_on=D("2025-09-01"), decided_on=D("2025-09-03"), fee_charged=Decimal(fee)
    )
    detect_for_event(case, add_event(case, EventKind.APPROVED, D("2025-09-03"), reason="准予"))
    assert ("fee_on_free_item" in rules(case)) is breach


@pytest.mark.parametrize(
    ("forwarded", "breach"),
    [("2025-09-28", False), ("2025-09-29", True)],  # Art. 43: 20 WD after 09-01 → 09-28
)
def test_late_forwarding(org_tree, forwarded, breach):
    version = make_version(org_tree.department, forward_to_level=2)
    case = make_case(version, accepted_on=D("2025-09-01"))
    case.is_forwarded, case.forwarded_on = True, D(forwarded)
    case.save()
    detect_for_event(case, add_event(case, EventKind.FORWARDED, D(forwarded)))
    assert rules(case) == (["late_forwarding"] if breach else [])


def _step(case, started, due, finished=None):
    step = ProcessStep.objects.create(
        version=case.item_version, order=1, name="审查", budget_days=3
    )
    return ProcessStepRecord.objects.create(
        case=case,
        step=step,
        started_on=D(started),
        due_on=D(due),
        finished_on=finished and D(finished),
    )


@pytest.mark.parametrize(("finished", "breach"), [("2025-09-04", False), ("2025-09-05", True)])
def test_step_past_its_own_limit(version, finished, breach):
    case = make_case(version, accepted_on=D("2025-09-01"))
    _step(case, "2025-09-01", "2025-09-04", finished)
    detect_for_event(case, add_event(case, EventKind.STEP_FINISHED, D(finished)))
    assert rules(case) == (["step_overdue"] if breach else [])


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2025-09-08", []),
        ("2025-09-09", ["committed_deadline_missed", "opinion_overdue", "step_overdue"]),
        (
            "2025-09-29",
            [
                "committed_deadline_missed",
                "legal_deadline_missed",
                "opinion_overdue",
                "step_overdue",
            ],
        ),
    ],
)
def test_sweep_finds_time_based_breaches_of_open_cases(version, org_tree, as_of, expected):
    case = make_case(
        version,
        accepted_on=D("2025-09-01"),
        opinions=((org_tree.other_department, D("2025-09-01"), D("2025-09-08"), None),),
    )
    _step(case, "2025-09-01", "2025-09-08")
    assert detect_time_based(as_of=D(as_of)) == len(expected)
    assert detect_time_based(as_of=D(as_of)) == 0  # idempotent
    assert rules(case) == expected
    if "opinion_overdue" in expected:
        opinion = RuleBreach.objects.get(rule=RuleCode.OPINION_OVERDUE)
        assert opinion.unit == org_tree.other_department  # the co-department is responsible


def test_paused_case_is_not_overdue_in_the_sweep(version):
    case = make_case(version, accepted_on=D("2025-09-01"), pauses=((D("2025-09-03"), None),))
    detect_time_based(as_of=D("2025-10-20"))
    assert rules(case) == []


def test_live_journey_through_case_services(
    org_tree, make_user, django_capture_on_commit_callbacks
):
    clerk = make_user(Role.WINDOW_CLERK, organization=org_tree.department)
    reviewer = make_user(Role.REVIEWER, organization=org_tree.department)
    version = make_version(org_tree.department, committed=5, legal=20)
    applicant = make_case(version, accepted_on=None, refresh=False).applicant
    with django_capture_on_commit_callbacks(execute=True):
        case = cases.case_submit(
            actor=clerk,
            item_version=version,
            applicant=applicant,
            channel="window",
            at=at(D("2025-09-01"), 9),
        )
        cases.case_accept(actor=clerk, case=case, at=at(D("2025-09-01"), 10))
        cases.case_start_review(
            actor=reviewer, case=case, assignee=reviewer, at=at(D("2025-09-02"))
        )
        cases.case_approve(actor=reviewer, case=case, reason="符合条件", at=at(D("2025-09-10")))
    assert case.watch.finished_on == D("2025-09-10")
    assert rules(case) == ["committed_deadline_missed"]  # due 09-08, decided 09-10
    assert RuleBreach.objects.get(case=case).person == reviewer
    assert not JointOpinion.objects.exists()
