from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from xiaoneng.workbench.navigation import breadcrumbs, current_link, menu_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(user, "kind", "") != "staff":
        return {}
    menu = menu_for(user)
    found = current_link(menu, request.path)
    return {
        "workbench_menu": menu,
        "workbench_current": found[1].url if found else "",
        "workbench_section": found[0].title if found else "",
        "breadcrumbs": breadcrumbs(menu, request.path, reverse("workbench:home"), _("Home")),
        "unread_count": user.notifications.filter(read_at__isnull=True).count(),
    }
