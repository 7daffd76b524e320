"""Reads for organizations and people, always through the access rules."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from xiaoneng.core.access import (
    organizations_visible,
    role_covers,
    scope_filter,
    user_has_perm,
    user_may,
)
from xiaoneng.core.errors import NotFound
from xiaoneng.core.models import Organization, User, UserRole
from xiaoneng.core.roles import Perm


def organization_list(*, user: User) -> QuerySet[Organization]:
    visible = organizations_visible(user, Perm.ORG_VIEW)
    if not visible.exists():
        visible = organizations_visible(user, Perm.ORG_MANAGE)
    return visible.select_related("parent").order_by("path")


def organization_get(*, user: User, pk: int) -> Organization:
    org = Organization.objects.filter(pk=pk).select_related("parent").first()
    if org is None or not (
        user_may(user, Perm.ORG_VIEW, org) or user_may(user, Perm.ORG_MANAGE, org)
    ):
        raise NotFound(_("No such organization."))
    return org


def staff_list(*, user: User) -> QuerySet[User]:
    perm = Perm.ORG_VIEW if user_has_perm(user, Perm.ORG_VIEW) else Perm.USER_MANAGE
    return (
        scope_filter(User.objects.filter(kind="staff"), user, perm, "organization")
        .select_related("organization")
        .prefetch_related(Prefetch("roles", queryset=UserRole.objects.all()))
        .order_by("organization__path", "username")
    )


def staff_with_role(*, role: str, organization: Organization) -> list[User]:
    """Active staff holding `role` whose scope covers `organization` (e.g. its supervisors)."""
    ancestors = [int(pk) for pk in organization.path.strip("/").split("/") if pk]
    candidates = (
        User.objects.filter(is_active=True, roles__role=role)
        .filter(Q(organization_id__in=ancestors) | Q(organization__parent_id__in=ancestors))
        .select_related("organization__parent")
        .distinct()
    )
    return [u for u in candidates if role_covers(u, role, organization)]
