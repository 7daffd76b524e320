"""Factories and helpers for the community tests."""

from __future__ import annotations

from datetime import date

from xiaoneng.community.services import meetings as meeting_services
from xiaoneng.core.models import Organization, User


def register_meeting(
    actor: User, organizer: Organization, held_on: date, communities: list[Organization], **kwargs
):  # type: ignore[no-untyped-def]
    kwargs.setdefault("topic", f"会议 {held_on}")
    return meeting_services.meeting_register(
        actor=actor, organizer=organizer, held_on=held_on, communities=communities, **kwargs
    )
