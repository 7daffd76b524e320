"""Reads of public disclosure: the published figures per department, the catalogue and topics.

The figures per department come from the contexts' own selectors, unscoped (they are public):
on-time rate from supervision.figures.period_figures (closed on time ÷ (closed + open and
overdue), DOMAIN.md §3), complaints from complaints.selectors.stats.complaint_figures
(closure rate = closed ÷ due), ratings by grade and dimension (好差评 results are public,
国办发〔2019〕51号) from the complaints context's ratings, appeals upheld excluded.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.utils.translation import gettext as _

from xiaoneng.complaints.models import ON_SITE_DIMENSIONS, ONLINE_DIMENSIONS, Complaint, Rating
from xiaoneng.complaints.selectors.stats import complaint_figures
from xiaoneng.core.errors import NotFound
from xiaoneng.core.models import Organization, OrganizationKind
from xiaoneng.disclosure.models import DisclosureItem, FigureSnapshot, Topic
from xiaoneng.disclosure.workflow import ItemStatus
from xiaoneng.supervision.figures import period_figures

DIMENSIONS = ("overall", *dict.fromkeys(ONLINE_DIMENSIONS + ON_SITE_DIMENSIONS))


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def department_figures(*, start: date, end: date) -> list[dict[str, Any]]:
    """One row per department (JSON-ready: the snapshot stores it as published)."""
    rows = []
    departments = Organization.objects.filter(
        kind=OrganizationKind.DEPARTMENT, is_active=True
    ).order_by("path")
    for unit in departments:
        cases = period_figures(user=None, start=start, end=end, organization=unit)
        complaints = complaint_figures(
            queryset=Complaint.objects.filter(unit__path__startswith=unit.path),
            date_from=start,
            date_to=end,
            as_of=end,
        )
        ratings = Rating.objects.filter(
            is_excluded=False,
            department__path__startswith=unit.path,
            rated_at__date__gte=start,
            rated_at__date__lte=end,
        )
        grades = ratings.aggregate(
            total=Count("pk"), **{f"g{g}": Count("pk", filter=Q(overall=g)) for g in range(1, 6)}
        )
        averages = ratings.aggregate(**{d: Avg(d) for d in DIMENSIONS})
        rows.append(
            {
                "unit_id": unit.pk,
                "unit": unit.name,
                "cases_closed": cases.closed,
                "on_time_rate": _text(cases.on_time_rate),
                "ratings": grades["total"],
                "grades": {str(g): grades[f"g{g}"] for g in range(1, 6)},
                "dimensions": {
                    d: None if averages[d] is None else f"{averages[d]:.2f}" for d in DIMENSIONS
                },
                "complaints_received": complaints.received,
                "complaints_due": complaints.due,
                "complaints_closed": complaints.closed,
                "closure_rate": _text(complaints.closure_rate),
            }
        )
    return rows


def snapshot_list() -> QuerySet[FigureSnapshot]:
    return FigureSnapshot.objects.all()


def snapshot_get(*, month: date) -> FigureSnapshot:
    snapshot = FigureSnapshot.objects.filter(month=month.replace(day=1)).first()
    if snapshot is None:
        raise NotFound(_("No figures were published for that month."), field="month")
    return snapshot


def item_list_public(*, category: str = "", query: str = "") -> QuerySet[DisclosureItem]:
    """Published catalogue items, newest first; `query` searches title and text."""
    items = DisclosureItem.objects.filter(status=ItemStatus.PUBLISHED).select_related("unit")
    if category:
        items = items.filter(category=category)
    if query.strip():
        items = items.filter(Q(title__icontains=query.strip()) | Q(body__icontains=query.strip()))
    return items.prefetch_related("attachments")


def item_get_public(*, pk: int) -> DisclosureItem:
    item = item_list_public().filter(pk=pk).first()
    if item is None:
        raise NotFound(_("No such published item."), field="item")
    return item


def item_list_all() -> QuerySet[DisclosureItem]:
    return DisclosureItem.objects.select_related("unit").prefetch_related("attachments")


def topic_list_public() -> QuerySet[Topic]:
    return Topic.objects.select_related("unit", "task")


def topic_get(*, number: str) -> Topic:
    topic = topic_list_public().filter(number=number).first()
    if topic is None:
        raise NotFound(_("No such topic."), field="topic")
    return topic
