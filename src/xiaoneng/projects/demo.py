"""Demo data of key projects: three investment projects grouping demo cases of different items,
each with one prerequisite item (the second case waits for the first's approval)."""

from __future__ import annotations

from xiaoneng.cases.models import Case
from xiaoneng.core.demo import DemoContext
from xiaoneng.projects import services

PROJECTS = ["江州智能装备产业园", "临江新能源电池基地", "高新区生物医药孵化中心"]


def build(context: DemoContext) -> None:
    supervisor = context.users["supervisor"]
    lead_unit = context.offices["efficiency_office"].parent
    cases = list(Case.objects.select_related("item_version__item").order_by("pk")[:400])
    by_item: dict[int, Case] = {}
    for case in cases:
        by_item.setdefault(case.item_version.item_id, case)
    pairs = list(by_item.values())
    for index, name in enumerate(PROJECTS):
        if len(pairs) < 2 * index + 2 or lead_unit is None:
            return
        first, second = pairs[2 * index], pairs[2 * index + 1]
        project = services.project_register(
            actor=supervisor, name=name, lead_unit=lead_unit, is_fast_track=index == 0
        )
        for case in (first, second):
            services.project_case_link(actor=supervisor, project=project, case=case)
        services.project_prerequisite_add(
            actor=supervisor,
            project=project,
            item=second.item_version.item,
            required_item=first.item_version.item,
        )
