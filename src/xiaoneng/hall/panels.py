"""The hall's panel on the supervision dashboard: today's tickets, waits over the limit and the
month's appointments; registered from HallConfig.ready() (supervision imports no hall code)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings

from xiaoneng.core.access import organizations_visible, user_has_perm
from xiaoneng.core.roles import Perm
from xiaoneng.hall import figures
from xiaoneng.hall.models import Hall
from xiaoneng.supervision.panels import Panel, register_panel


def hall_panel(user: Any, as_of: date) -> dict[str, Any] | None:
    if not user_has_perm(user, Perm.SUPERVISION_VIEW):
        return None
    halls = Hall.objects.filter(organization__in=organizations_visible(user, Perm.SUPERVISION_VIEW))
    if not halls.exists():
        return None
    return {
        "today": figures.summary(
            halls=halls,
            first=as_of,
            last=as_of,
            wait_limit_minutes=settings.HALL_WAIT_ALERT_MINUTES,
        ),
        "month": figures.appointment_figures(halls=halls, first=as_of.replace(day=1), last=as_of),
        "windows": figures.time_figures(halls=halls, first=as_of, last=as_of, by="window")[:12],
        "as_of": as_of,
    }


register_panel(Panel("hall.figures", "hall/_supervision_panel.html", hall_panel))
