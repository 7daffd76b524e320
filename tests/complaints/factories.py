"""Complaint factories: build complaints through the services, in any lifecycle state."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from xiaoneng.complaints import services
from xiaoneng.complaints.models import Category, Channel, Complaint, Conclusion, Satisfaction
from xiaoneng.core.models import Organization, User

STEPS = [
    "registered",
    "accepted",
    "transferred",
    "investigated",
    "concluded",
    "replied",
    "followed_up",
    "closed",
]


def make_complaint(
    *,
    handler: User,
    unit: Organization,
    state: str = "registered",
    at: datetime | None = None,
    category: str = Category.EFFICIENCY,
    channel: str = Channel.PHONE,
    person_name: str = "",
    conclusion: str = Conclusion.FOUNDED,
    **kwargs: Any,
) -> Complaint:
    """A complaint walked through the lifecycle up to `state` (all steps at `at`)."""
    complaint = services.complaint_submit(
        actor=handler,
        channel=channel,
        category=category,
        unit=unit,
        title=kwargs.pop("title", "窗口办事拖延"),
        description="办理营业执照等了很久。",
        complainant_name=kwargs.pop("complainant_name", "王伟"),
        complainant_phone=kwargs.pop("complainant_phone", "13912345678"),
        person_name=person_name,
        at=at,
        **kwargs,
    )
    target = STEPS.index(state)
    steps = [
        lambda c: services.complaint_accept(actor=handler, complaint=c, at=at),
        lambda c: services.complaint_transfer(actor=handler, complaint=c, at=at),
        lambda c: services.complaint_investigate(
            actor=handler, complaint=c, record="已核实", at=at
        ),
        lambda c: services.complaint_conclude(
            actor=handler, complaint=c, conclusion=conclusion, at=at
        ),
        lambda c: services.complaint_reply(actor=handler, complaint=c, text="已整改", at=at),
        lambda c: services.complaint_follow_up(
            actor=handler, complaint=c, satisfaction=Satisfaction.SATISFIED, at=at
        ),
        lambda c: services.complaint_close(actor=handler, complaint=c, at=at),
    ]
    for step in steps[:target]:
        complaint = step(complaint)
    return complaint
