"""Workbench navigation: each context registers its menu entries in its own `nav.py`.

An entry shows only to users whose roles grant its permission, so navigation follows the role.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

from xiaoneng.core.access import user_has_perm


@dataclass(frozen=True)
class NavItem:
    section: str | Promise
    label: str | Promise
    url_name: str
    perm: str
    order: int = 100


_REGISTRY: list[NavItem] = []


def register(*items: NavItem) -> None:
    for item in items:
        if item not in _REGISTRY:
            _REGISTRY.append(item)


def menu_for(user) -> list[tuple[str, list[tuple[str, str]]]]:  # type: ignore[no-untyped-def]
    """[(section, [(label, url), ...]), ...] for the user's roles, in registration order."""
    sections: dict[str, list[tuple[int, str, str]]] = {}
    for item in _REGISTRY:
        if not user_has_perm(user, item.perm):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        entries = sections.setdefault(str(item.section), [])
        if not any(seen == url for _o, _label, seen in entries):  # one page, several perms
            entries.append((item.order, str(item.label), url))
    return [
        (name, [(label, url) for _o, label, url in sorted(entries)])
        for name, entries in sections.items()
    ]
