"""The one place that decides who may see or do what, on which organization.

A role acts within a scope of the organization tree (roles.ROLE_SCOPE): its own unit's subtree,
or — for the overseeing offices — the subtree of the government its agency belongs to.
Business apps call `user_may(user, perm, organization)` for actions and `scope_filter(...)` to
restrict a queryset; nothing else decides access.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from xiaoneng.core.models import Organization, OrganizationKind, User
from xiaoneng.core.roles import ROLE_PERMS, ROLE_SCOPE, Perm, Role, Scope

AnyUser = User | AnonymousUser


def government_of(organization: Organization) -> Organization:
    """The nearest government (or street office, or community) at or above an organization."""
    node: Organization | None = organization
    while node is not None and node.is_agency:
        node = node.parent
    return node or organization


def _scope_root(organization: Organization, scope: Scope) -> Organization:
    return government_of(organization) if scope == Scope.GOVERNMENT else organization


COMMUNITY_PERMS = frozenset(p for p in Perm if p.startswith("community."))


def _scope(role: str, perm: str, organization: Organization) -> Scope:
    """A role's reach (roles.ROLE_SCOPE), with two places that reach further by their function.

    The civil-affairs bureau is the competent authority for residents' committees
    (城市居民委员会组织法 Art. 2), so its community work covers its whole government.
    """
    if perm in COMMUNITY_PERMS and organization.kind == OrganizationKind.CIVIL_AFFAIRS:
        return Scope.GOVERNMENT
    # The administrative service centre hosts every department's windows ("one window"):
    # a clerk stationed there accepts applications for all departments of its government.
    if role == Role.WINDOW_CLERK and organization.kind == OrganizationKind.SERVICE_CENTRE:
        return Scope.GOVERNMENT
    return ROLE_SCOPE[role]


def scope_roots(user: AnyUser, perm: str) -> list[Organization]:
    """Roots of the subtrees where `user` holds `perm` (empty for anyone without it)."""
    if not user.is_authenticated or not isinstance(user, User) or user.organization is None:
        return []
    roots: dict[int, Organization] = {}
    for role in user.role_set:
        if perm in ROLE_PERMS.get(role, frozenset()):
            root = _scope_root(user.organization, _scope(role, perm, user.organization))
            roots[root.pk] = root
    # Drop roots inside other roots.
    paths = sorted(roots.values(), key=lambda o: len(o.path))
    kept: list[Organization] = []
    for org in paths:
        if not any(org.path.startswith(k.path) for k in kept):
            kept.append(org)
    return kept


def user_has_perm(user: AnyUser, perm: str) -> bool:
    """Whether any of the user's roles grants `perm` somewhere (used for navigation)."""
    if not user.is_authenticated or not isinstance(user, User):
        return False
    return any(perm in ROLE_PERMS.get(role, frozenset()) for role in user.role_set)


def user_may(user: AnyUser, perm: str, organization: Organization | None) -> bool:
    """May `user` exercise `perm` on an object belonging to `organization`?"""
    if organization is None:
        return user_has_perm(user, perm)
    return any(organization.path.startswith(root.path) for root in scope_roots(user, perm))


def scope_filter(queryset: QuerySet, user: AnyUser, perm: str, org_field: str) -> QuerySet:
    """Restrict `queryset` to objects whose `org_field` lies in the user's scope for `perm`.

    `org_field` is the lookup path to an Organization (e.g. "agency" or "case__agency").
    """
    roots = scope_roots(user, perm)
    if not roots:
        return queryset.none()
    condition = Q()
    for root in roots:
        condition |= Q(**{f"{org_field}__path__startswith": root.path})
    return queryset.filter(condition)


def organizations_visible(user: AnyUser, perm: str = "org.view") -> QuerySet[Organization]:
    """Organizations inside the user's scope for `perm`."""
    roots = scope_roots(user, perm)
    if not roots:
        return Organization.objects.none()
    condition = Q()
    for root in roots:
        condition |= Q(path__startswith=root.path)
    return Organization.objects.filter(condition)


def role_covers(user: User, role: str, organization: Organization) -> bool:
    """Does `user`'s `role` reach `organization` (its scope root is an ancestor-or-self)?"""
    if user.organization is None or role not in user.role_set:
        return False
    root = _scope_root(user.organization, _scope(role, "", user.organization))
    return organization.path.startswith(root.path)
