"""Rules 1 and 2: the versioned task list, admission approval (权随责走、费随事转) and burden
reports."""

from __future__ import annotations

from datetime import date

import pytest

from xiaoneng.community import selectors
from xiaoneng.community.models import Violation, ViolationRule
from xiaoneng.community.services import tasks as task_services
from xiaoneng.community.workflow import AdmissionStatus
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-03-02 09:00 +0800", tick=False)


def submit(cm, **overrides):  # type: ignore[no-untyped-def]
    params = {
        "actor": cm.district_staff,
        "department": cm.county_department,
        "communities": [cm.community],
        "task_name": "食品安全宣传入户",
        "legal_basis": "《食品安全法》第十条",
        "starts_on": date(2026, 4, 1),
        "ends_on": date(2026, 6, 30),
        "funding_amount": "5000",
        "funding_source": "区财政专项",
        "working_conditions": "提供宣传资料和培训",
    }
    params.update(overrides)
    return task_services.admission_submit(**params)


@pytest.mark.parametrize(
    ("amount", "source", "conditions", "field"),
    [
        # rule 2: 权随责走、费随事转 — no funding, no request
        (None, "区财政专项", "资料", "funding_amount"),
        ("", "区财政专项", "资料", "funding_amount"),
        ("0", "区财政专项", "资料", "funding_amount"),
        ("-100", "区财政专项", "资料", "funding_amount"),
        ("abc", "区财政专项", "资料", "funding_amount"),
        ("NaN", "区财政专项", "资料", "funding_amount"),
        ("5000", "", "资料", "funding_source"),
        ("5000", "区财政专项", "  ", "working_conditions"),
    ],
)
def test_request_without_funding_or_conditions_is_refused_at_input(
    cm, amount, source, conditions, field
):
    with pytest.raises(InvalidInput) as caught:
        submit(cm, funding_amount=amount, funding_source=source, working_conditions=conditions)
    assert caught.value.field == field


def test_funded_request_is_submitted_to_the_street(cm):
    request = submit(cm)
    assert request.status == AdmissionStatus.SUBMITTED
    assert request.street == cm.street


def test_end_before_start_is_refused(cm):
    with pytest.raises(InvalidInput) as caught:
        submit(cm, starts_on=date(2026, 6, 1), ends_on=date(2026, 5, 1))
    assert caught.value.field == "ends_on"


def test_approved_by_street_then_bureau_joins_the_community_list_for_its_duration(cm):
    request = submit(cm)
    task_services.admission_decide(actor=cm.street_staff, request=request, approve=True)
    assert request.status == AdmissionStatus.STREET_APPROVED
    # street staff cannot take the bureau's step
    with pytest.raises(NotPermitted):
        task_services.admission_decide(actor=cm.street_staff, request=request, approve=True)
    task_services.admission_decide(actor=cm.bureau_head, request=request, approve=True)
    assert request.status == AdmissionStatus.APPROVED

    def names(on: date) -> list[str]:
        return [t.name for t in selectors.community_task_list(community=cm.community, on=on)]

    assert "食品安全宣传入户" in names(date(2026, 5, 1))
    assert "食品安全宣传入户" not in names(date(2026, 7, 1))  # after its duration
    assert "食品安全宣传入户" not in [
        t.name
        for t in selectors.community_task_list(community=cm.other_community, on=date(2026, 5, 1))
    ]


def test_bureau_cannot_decide_before_the_street(cm):
    request = submit(cm)
    with pytest.raises(NotPermitted):
        task_services.admission_decide(actor=cm.bureau_head, request=request, approve=True)


def test_refusal_needs_a_reason_and_ends_the_request(cm):
    request = submit(cm)
    with pytest.raises(InvalidInput):
        task_services.admission_decide(actor=cm.street_staff, request=request, approve=False)
    task_services.admission_decide(
        actor=cm.street_staff, request=request, approve=False, reason="属于部门自身职责"
    )
    assert request.status == AdmissionStatus.REFUSED
    with pytest.raises(Conflict):
        task_services.admission_decide(actor=cm.street_staff, request=request, approve=True)


def test_task_list_is_versioned_with_legal_basis(cm):
    first = task_services.task_list_publish(
        actor=cm.supervisor,
        published_on=date(2026, 1, 1),
        tasks=[{"code": "01", "name": "社会救助协助", "legal_basis": "《社会救助暂行办法》"}],
    )
    second = task_services.task_list_publish(
        actor=cm.supervisor,
        published_on=date(2026, 3, 1),
        tasks=[
            {"code": "01", "name": "社会救助协助", "legal_basis": "《社会救助暂行办法》"},
            {"code": "02", "name": "养老服务协助", "legal_basis": "《老年人权益保障法》"},
        ],
    )
    first.refresh_from_db()
    assert (first.version, second.version) == (1, 2)
    assert not first.is_current and second.is_current
    assert first.tasks.count() == 1 and second.tasks.count() == 2
    assert len(selectors.community_task_list(community=cm.community, on=date(2026, 3, 2))) == 2


@pytest.mark.parametrize(
    ("tasks", "field"),
    [
        ([], "tasks"),
        ([{"code": "01", "name": "x", "legal_basis": ""}], "tasks[0].legal_basis"),
        (
            [
                {"code": "01", "name": "x", "legal_basis": "y"},
                {"code": "01", "name": "z", "legal_basis": "y"},
            ],
            "tasks[1].code",
        ),
    ],
)
def test_task_list_needs_legal_basis_and_unique_codes(cm, tasks, field):
    with pytest.raises(InvalidInput) as caught:
        task_services.task_list_publish(
            actor=cm.supervisor, tasks=tasks, published_on=date(2026, 1, 1)
        )
    assert caught.value.field == field


def test_only_supervisors_publish_the_task_list(cm):
    with pytest.raises(NotPermitted):
        task_services.task_list_publish(
            actor=cm.community_staff,
            published_on=date(2026, 1, 1),
            tasks=[{"code": "1", "name": "x", "legal_basis": "y"}],
        )


def test_burden_report_becomes_a_violation_against_the_department(cm):
    """Rule 2: 不得以行政命令的方式向社区居民委员会派任务、下指标."""
    report = task_services.burden_report(
        actor=cm.community_staff,
        community=cm.community,
        department=cm.county_department,
        task_description="要求社区上报辖区商户经营数据",
        pushed_on=date(2026, 2, 20),
    )
    violation = Violation.objects.get()
    assert violation.rule == ViolationRule.UNADMITTED_TASK
    assert violation.offender == cm.county_department
    assert violation.community == cm.community and violation.street == cm.street
    assert violation.source_id == report.pk


def test_burden_report_only_by_the_community_itself(cm):
    with pytest.raises(NotPermitted):
        task_services.burden_report(
            actor=cm.other_community_staff,
            community=cm.community,
            department=cm.county_department,
            task_description="x",
            pushed_on=date(2026, 2, 20),
        )


def test_burden_report_date_cannot_be_in_the_future(cm):
    with pytest.raises(InvalidInput) as caught:
        task_services.burden_report(
            actor=cm.community_staff,
            community=cm.community,
            department=cm.county_department,
            task_description="x",
            pushed_on=date(2026, 3, 3),
        )
    assert caught.value.field == "pushed_on"
