"""Overdue supervision tasks show on the supervision dashboard (issue 8, part 5)."""

from __future__ import annotations

from datetime import date

from xiaoneng.core.roles import Role
from xiaoneng.evaluation.models import TaskSource
from xiaoneng.evaluation.services.tasks import task_create


def test_overdue_task_is_listed_on_the_supervision_dashboard(client, personas, org_tree):
    supervisor = personas[Role.EFFICIENCY_SUPERVISOR]
    overdue = task_create(
        actor=supervisor,
        title="企业开办提速",
        source=TaskSource.KEY_DECISION,
        goal="1日办结",
        deadline=date(2026, 1, 31),
        owner=org_tree.city,
        lead_unit=org_tree.department,
    )
    task_create(
        actor=supervisor,
        title="远期任务",
        source=TaskSource.KEY_DECISION,
        goal="按期",
        deadline=date(2026, 12, 31),
        owner=org_tree.city,
        lead_unit=org_tree.department,
    )
    client.force_login(supervisor)
    page = client.get("/workbench/supervision/?as_of=2026-03-02").content.decode()
    assert 'id="overdue-tasks"' in page
    assert overdue.number in page
    assert "远期任务" not in page
