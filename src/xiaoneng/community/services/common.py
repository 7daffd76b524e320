"""Helpers shared by the community services: organization shapes and permission checks."""

from __future__ import annotations

from django.utils.translation import gettext as _

from xiaoneng.core.access import user_may
from xiaoneng.core.errors import InvalidInput, NotPermitted
from xiaoneng.core.models import Organization, OrganizationKind, User


def require(actor: User, perms: tuple[str, ...], organization: Organization | None) -> None:
    """NotPermitted unless `actor` holds one of `perms` on `organization`."""
    if not any(user_may(actor, perm, organization) for perm in perms):
        raise NotPermitted(
            _("You may not do this for %(unit)s.") % {"unit": organization or _("this unit")}
        )


def street_of(organization: Organization) -> Organization | None:
    """The street office at or above `organization` (a community or a street department)."""
    node: Organization | None = organization
    while node is not None and node.kind != OrganizationKind.STREET_OFFICE:
        node = node.parent
    return node


def county_of(organization: Organization) -> Organization | None:
    """The district (county) government at or above `organization`."""
    node: Organization | None = organization
    while node is not None and not (node.kind == OrganizationKind.GOVERNMENT and node.level == 4):
        node = node.parent
    return node


def civil_affairs_bureau_of(street: Organization) -> Organization | None:
    """The district civil-affairs bureau over a street office (kind civil_affairs, under the
    street's county government)."""
    county = county_of(street)
    if county is None:
        return None
    return county.children.filter(kind=OrganizationKind.CIVIL_AFFAIRS).first()


def require_community(
    organization: Organization | None, *, field: str = "community"
) -> Organization:
    if organization is None or organization.kind != OrganizationKind.COMMUNITY:
        raise InvalidInput(_("Choose a community."), field=field)
    return organization


def clean_text(
    value: str | None, *, field: str, required: bool = True, max_length: int | None = None
) -> str:
    text = (value or "").strip()
    if required and not text:
        raise InvalidInput(_("This field is required."), field=field)
    if max_length is not None and len(text) > max_length:
        raise InvalidInput(_("At most %(n)s characters.") % {"n": max_length}, field=field)
    return text
