"""Workbench navigation: each context registers its menu entries in its own `nav.py`.

An entry shows only to users whose roles grant its permission, so navigation follows the role.
The menu is split in two: what the person works in (entries they hold an acting permission
for) first, section by section; then the pages they only read (an entry registered with a
reading permission, e.g. `supervision.view`, for someone holding none of its `worked_by`
permissions), grouped per section under one heading (查阅) instead of a long list of links.

The same registry gives every workbench page its breadcrumbs (Home › Section › Page): the
entry whose address is the longest prefix of the page's path.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

from xiaoneng.core.access import user_has_perm
from xiaoneng.core.roles import Perm

#: Permissions that only let one read: pages registered with one of them are reading pages,
#: except for those holding one of the entry's `worked_by` permissions.
READING_PERMS = frozenset(
    {
        Perm.ORG_VIEW,
        Perm.CATALOG_VIEW,
        Perm.CASE_VIEW,
        Perm.SUPERVISION_VIEW,
        Perm.COMPLAINT_VIEW,
        Perm.EVALUATION_VIEW,
        Perm.ROTATION_VIEW,
        Perm.COMMUNITY_VIEW,
    }
)


@dataclass(frozen=True)
class NavItem:
    section: str | Promise
    label: str | Promise
    url_name: str
    perm: str
    order: int = 100
    #: Group hint: those holding one of these work in the page (it is among their own
    #: sections); everyone else who may open it through a reading permission reads it.
    worked_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    order: int = 100


@dataclass
class MenuSection:
    title: str
    links: list[Link] = field(default_factory=list)


@dataclass
class Menu:
    work: list[MenuSection] = field(default_factory=list)
    reading: list[MenuSection] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.work or self.reading)


@dataclass(frozen=True)
class Crumb:
    label: str
    url: str = ""


_REGISTRY: list[NavItem] = []


def register(*items: NavItem, worked_by: tuple[str, ...] = ()) -> None:
    """Add menu entries; `worked_by` is the group hint for those of them that carry none."""
    for item in items:
        if worked_by and not item.worked_by:
            item = replace(item, worked_by=worked_by)
        if item not in _REGISTRY:
            _REGISTRY.append(item)


def _is_work(user, item: NavItem) -> bool:  # type: ignore[no-untyped-def]
    if item.perm not in READING_PERMS:
        return True
    return any(user_has_perm(user, perm) for perm in item.worked_by)


def menu_for(user) -> Menu:  # type: ignore[no-untyped-def]
    """The user's menu: work sections, then reading sections, in registration order; a page
    registered for several permissions shows once, among the work if any entry makes it so."""
    found: dict[str, tuple[NavItem, str, bool]] = {}  # url → (item, section, is_work)
    for item in _REGISTRY:
        if not user_has_perm(user, item.perm):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        is_work = _is_work(user, item)
        seen = found.get(url)
        if seen is None or (is_work and not seen[2]):
            found[url] = (item, str(item.section), is_work)
    menu = Menu()
    sections: dict[tuple[bool, str], MenuSection] = {}
    for url, (item, title, is_work) in found.items():
        key = (is_work, title)
        if key not in sections:
            sections[key] = MenuSection(title)
            (menu.work if is_work else menu.reading).append(sections[key])
        sections[key].links.append(Link(str(item.label), url, item.order))
    for section in [*menu.work, *menu.reading]:
        section.links.sort(key=lambda link: link.order)
    return menu


def current_link(menu: Menu, path: str) -> tuple[MenuSection, Link] | None:
    """The menu entry the page at `path` belongs to: the longest address that prefixes it."""
    best: tuple[MenuSection, Link] | None = None
    for section in [*menu.work, *menu.reading]:
        for link in section.links:
            if path.startswith(link.url) and (best is None or len(link.url) > len(best[1].url)):
                best = (section, link)
    return best


def breadcrumbs(menu: Menu, path: str, home_url: str, home_label: str) -> list[Crumb]:
    """Home › Section › Page for the page at `path` (the page itself without a link)."""
    crumbs = [Crumb(home_label, home_url if path != home_url else "")]
    found = current_link(menu, path)
    if found is not None and found[1].url != home_url:
        section, link = found
        crumbs.append(Crumb(section.title))
        crumbs.append(Crumb(link.label, link.url if link.url != path else ""))
    return crumbs
