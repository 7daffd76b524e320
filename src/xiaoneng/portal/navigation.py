"""Portal menu: contexts with public pages register links here from their `portal_nav.py`."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class PortalLink:
    label: str | Promise
    url_name: str
    description: str | Promise = ""
    order: int = 100


_LINKS: list[PortalLink] = []


def register(*links: PortalLink) -> None:
    for link in links:
        if link not in _LINKS:
            _LINKS.append(link)


def portal_links() -> list[tuple[str, str, str]]:
    result = []
    for link in sorted(_LINKS, key=lambda item: item.order):
        try:
            result.append((str(link.label), reverse(link.url_name), str(link.description)))
        except NoReverseMatch:
            continue
    return result
