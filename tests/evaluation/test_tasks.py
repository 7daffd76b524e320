"""Supervision tasks, numbered documents, rectification notices and inspection visits."""

from datetime import date

import pytest
import time_machine

from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.roles import Role
from xiaoneng.evaluation.models import DocumentKind, FindingKind, Handling, TaskSource
from xiaoneng.evaluation.selectors.tasks import finding_counts, notices_overdue, tasks_overdue
from xiaoneng.evaluation.services.inspections import finding_handle, finding_record, visit_record
from xiaoneng.evaluation.services.tasks import (
    document_issue,
    document_render,
    notice_issue,
    notice_report,
    notice_verify,
    plan_split,
    task_create,
    task_report_progress,
    task_set_status,
)
from xiaoneng.evaluation.workflow import NoticeStatus, TaskStatus
from xiaoneng.supervision.models import EfficiencyWarning


@pytest.fixture
def people(org_tree, make_user):
    t = org_tree
    return {
        "supervisor": make_user(Role.EFFICIENCY_SUPERVISOR, organization=t.efficiency_office),
        "reviewer": make_user(Role.REVIEWER, organization=t.department),
        "other": make_user(Role.REVIEWER, organization=t.other_department),
    }


@time_machine.travel(date(2026, 6, 1), tick=False)
def test_plan_split_into_tasks_progress_and_overdue(org_tree, people):
    t, sup = org_tree, people["supervisor"]
    plan = plan_split(
        actor=sup,
        title="优化营商环境实施方案",
        source=TaskSource.KEY_DECISION,
        owner=t.city,
        decided_on=date(2026, 5, 1),
        tasks=[
            {
                "title": "企业开办一日办结",
                "goal": "开办时间压缩至1个工作日",
                "deadline": date(2026, 6, 30),
                "lead_unit": t.department,
                "responsible_units": [t.other_department],
                "milestones": [("方案制定", date(2026, 6, 10))],
            },
            {
                "title": "工程建设审批提速",
                "goal": "审批时限压缩一半",
                "deadline": date(2026, 5, 31),
                "lead_unit": t.other_department,
            },
        ],
    )
    first, second = plan.tasks.order_by("deadline").reverse()
    assert first.number.startswith("DC2026") and first.number != second.number
    report = task_report_progress(
        actor=people["reviewer"],
        task=first,
        unit=t.department,
        percent_done=40,
        text="已完成方案起草",
    )
    first.refresh_from_db()
    assert report.percent_done == 40 and first.status == TaskStatus.IN_PROGRESS
    with pytest.raises(NotPermitted):
        task_report_progress(
            actor=people["reviewer"],
            task=second,
            unit=t.other_department,
            percent_done=10,
            text="x",
        )
    assert list(tasks_overdue(user=sup, on=date(2026, 6, 1))) == [second]
    task_set_status(actor=sup, task=second, status=TaskStatus.COMPLETED)
    assert list(tasks_overdue(user=sup, on=date(2026, 6, 1))) == []
    with pytest.raises(Conflict):
        task_set_status(actor=sup, task=second, status=TaskStatus.IN_PROGRESS)


def test_milestone_after_deadline_is_refused(org_tree, people):
    with pytest.raises(InvalidInput) as error:
        task_create(
            actor=people["supervisor"],
            title="x",
            source=TaskSource.HOT_ISSUE,
            goal="g",
            deadline=date(2026, 6, 1),
            owner=org_tree.city,
            lead_unit=org_tree.department,
            milestones=[("m", date(2026, 6, 2))],
        )
    assert error.value.field == "milestones"


@time_machine.travel(date(2026, 6, 1), tick=False)
def test_documents_are_numbered_per_kind_and_year_and_render_as_word(org_tree, people):
    sup = people["supervisor"]
    numbers = [
        document_issue(
            actor=sup, kind=kind, title="关于效能督查情况的通报", body="正文", owner=org_tree.city
        ).number
        for kind in (DocumentKind.CIRCULAR, DocumentKind.CIRCULAR, DocumentKind.LEADER_REPORT)
    ]
    assert numbers == ["效督通〔2026〕1号", "效督通〔2026〕2号", "效督呈〔2026〕1号"]
    document = document_issue(
        actor=sup, kind=DocumentKind.CIRCULAR, title="t", body="a\nb", owner=org_tree.city
    )
    assert document_render(document)[:2] == b"PK"


@time_machine.travel(date(2026, 6, 1), tick=False)
def test_rectification_notice_closes_only_after_report_and_verification(org_tree, people):
    sup = people["supervisor"]
    notice = notice_issue(
        actor=sup,
        unit=org_tree.department,
        problem="窗口工作人员离岗",
        deadline=date(2026, 6, 15),
        owner=org_tree.city,
    )
    assert notice.document.number == "效督改〔2026〕1号"
    with pytest.raises(Conflict):
        notice_verify(actor=sup, notice=notice, is_accepted=True, verification="核实")
    assert list(notices_overdue(user=sup, on=date(2026, 6, 16))) == [notice]
    with pytest.raises(NotPermitted):
        notice_report(actor=people["other"], notice=notice, rectification="x")
    notice_report(actor=people["reviewer"], notice=notice, rectification="已建立离岗登记制度")
    notice_verify(actor=sup, notice=notice, is_accepted=False, verification="未落实")
    assert notice.status == NoticeStatus.ISSUED
    notice_report(actor=people["reviewer"], notice=notice, rectification="已落实")
    notice_verify(actor=sup, notice=notice, is_accepted=True, verification="现场核实")
    assert notice.status == NoticeStatus.CLOSED and notice.verified_by == sup


@time_machine.travel(date(2026, 6, 1), tick=False)
def test_inspection_findings_counted_by_unit_and_kind(org_tree, people):
    sup = people["supervisor"]
    visit = visit_record(
        actor=sup,
        owner=org_tree.city,
        visited_on=date(2026, 5, 28),
        mode="unannounced",
        units=[org_tree.department],
        inspectors=[sup],
    )
    late = finding_record(
        actor=sup,
        visit=visit,
        unit=org_tree.department,
        kind=FindingKind.LATE,
        person=people["reviewer"],
    )
    finding_record(
        actor=sup, visit=visit, unit=org_tree.department, kind=FindingKind.GAMES, person_name="张三"
    )
    with pytest.raises(InvalidInput):
        finding_record(
            actor=sup,
            visit=visit,
            unit=org_tree.other_department,
            kind=FindingKind.LATE,
            person_name="李四",
        )
    assert finding_counts(user=sup) == {org_tree.department.name: {"games": 1, "late": 1}}

    finding_handle(actor=sup, finding=late, handling=Handling.EFFICIENCY_WARNING)
    warning = EfficiencyWarning.objects.get(source_kind="inspection", source_ref=str(late.pk))
    assert (warning.person, warning.issued_on) == (people["reviewer"], date(2026, 6, 1))
    assert late.warning_ref == warning.number
    with pytest.raises(Conflict):
        finding_handle(actor=sup, finding=late, handling=Handling.OTHER, note="x")
