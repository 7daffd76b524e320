from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from xiaoneng.portal.navigation import portal_links


def portal(request: HttpRequest) -> dict[str, Any]:
    return {"portal_links": portal_links()}
