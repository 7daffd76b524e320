"""Reads for organizations and people, always through the access rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.core.access import (
    organizations_visible,
    role_covers,
    scope_filter,
    user_has_perm,
    user_may,
)
from xiaoneng.core.errors import NotFound
from xiaoneng.core.models import Organization, SignedInSession, User, UserRole
from xiaoneng.core.roles import Perm
from xiaoneng.core.sessions import device_of


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


@dataclass(frozen=True)
class OpenSession:
    """One of an account's open sessions as its holder sees it (never its key)."""

    id: int
    device: str
    user_agent: str
    ip: str
    signed_in_at: datetime
    last_activity_at: datetime | None
    is_current: bool


def sessions_of(*, user: User, current_session_key: str | None) -> list[OpenSession]:
    """The account's open sessions, the most recent sign-in first; the last activity is the
    idle-timeout's clock kept in the session (core/middleware.py)."""
    records = (
        SignedInSession.objects.filter(user=user, session__expire_date__gt=timezone.now())
        .select_related("session")
        .order_by("-signed_in_at", "-pk")
    )
    sessions = []
    for record in records:
        last = record.session.get_decoded().get("last_activity")
        sessions.append(
            OpenSession(
                id=record.pk,
                device=device_of(record.user_agent),
                user_agent=record.user_agent,
                ip=record.ip,
                signed_in_at=record.signed_in_at,
                last_activity_at=(
                    datetime.fromtimestamp(float(last), tz=UTC) if last is not None else None
                ),
                is_current=record.session_id == current_session_key,
            )
        )
    return sessions


#: The permissions whose scope a dashboard's unit filter follows (the type-ahead's ``perm``).
LOOKUP_PERMS: tuple[str, ...] = (
    Perm.SUPERVISION_VIEW,
    Perm.COMPLAINT_VIEW,
    Perm.COMMUNITY_VIEW,
    Perm.ORG_VIEW,
    Perm.HALL_MANAGE,
)
LOOKUP_LIMIT = 20


def organization_lookup(*, user: User, perm: str, query: str) -> QuerySet[Organization]:
    """Organizations in ``user``'s scope for ``perm`` whose name or short name contains
    ``query`` (all of them for an empty query), tree order, at most LOOKUP_LIMIT.

    A unit-scoped user gets only their own subtree: the same rows the dashboard's unit filter
    accepts, so that the type-ahead never offers a unit the filter would refuse.
    """
    visible = organizations_visible(user, perm).filter(is_active=True)
    query = query.strip()
    if query:
        visible = visible.filter(Q(name__icontains=query) | Q(short_name__icontains=query))
    return visible.select_related("parent").order_by("path")[:LOOKUP_LIMIT]
