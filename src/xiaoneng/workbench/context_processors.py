from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from xiaoneng.workbench.navigation import menu_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(user, "kind", "") != "staff":
        return {}
    return {
        "workbench_menu": menu_for(user),
        "unread_count": user.notifications.filter(read_at__isnull=True).count(),
    }
