"""The supervision dashboard shows overdue supervision tasks (issue: "Overdue tasks show on the
supervision dashboard"); registered from EvaluationConfig.ready()."""

from __future__ import annotations

from datetime import date
from typing import Any

from xiaoneng.core.access import user_has_perm
from xiaoneng.core.roles import Perm
from xiaoneng.evaluation.selectors.tasks import tasks_overdue
from xiaoneng.supervision.panels import Panel, register_panel


def overdue_tasks(user: Any, as_of: date) -> dict[str, Any] | None:
    if not user_has_perm(user, Perm.SUPERVISION_VIEW):
        return None
    tasks = tasks_overdue(user=user, on=as_of).select_related("lead_unit").order_by("deadline")
    return {"tasks": list(tasks[:50]), "count": tasks.count(), "as_of": as_of}


register_panel(
    Panel("evaluation.overdue_tasks", "evaluation/_overdue_tasks_panel.html", overdue_tasks)
)
