"""Reads of the service catalog, always through the access rules.

The public (anyone, signed in or not) sees active items only. Staff holding `Perm.CATALOG_VIEW`
also see the suspended and cancelled items of their scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from xiaoneng.catalog.life_events import LifeEvent
from xiaoneng.catalog.models import (
    CoDepartment,
    ItemMaterial,
    ItemStatus,
    ProcessStep,
    ServiceItem,
    ServiceItemVersion,
)
from xiaoneng.catalog.search import is_initials_query
from xiaoneng.core.access import AnyUser, scope_filter, user_may
from xiaoneng.core.errors import NotFound
from xiaoneng.core.models import Organization
from xiaoneng.core.public_cache import audit_stamp
from xiaoneng.core.roles import Perm

#: What the public catalog shows comes from these objects: the items (created, revised,
#: published, suspended, cancelled — each change audited on the item) and the organizations
#: (their names and places in the tree).
PUBLIC_CATALOG_SOURCES = ("catalog.serviceitem", "core.organization")


def public_catalog_stamp() -> int:
    """Moves whenever the public catalog may have changed (core/public_cache.py)."""
    return audit_stamp(PUBLIC_CATALOG_SOURCES)


def _with_details(queryset: QuerySet[ServiceItem]) -> QuerySet[ServiceItem]:
    return queryset.select_related("agency", "current_version")


def item_list_public() -> QuerySet[ServiceItem]:
    """Active items, as the public service guide shows them."""
    return _with_details(ServiceItem.objects.filter(status=ItemStatus.ACTIVE))


def item_list_for_user(*, user: AnyUser) -> QuerySet[ServiceItem]:
    """Active items everywhere, plus every item (any status) in the user's catalog scope."""
    in_scope = scope_filter(ServiceItem.objects.all(), user, Perm.CATALOG_VIEW, "agency")
    visible = ServiceItem.objects.filter(Q(status=ItemStatus.ACTIVE) | Q(pk__in=in_scope))
    return _with_details(visible)


def item_list_managed(*, user: AnyUser) -> QuerySet[ServiceItem]:
    """Items the user may edit (CATALOG_MANAGE scope)."""
    return _with_details(
        scope_filter(ServiceItem.objects.all(), user, Perm.CATALOG_MANAGE, "agency")
    )


def item_search(
    queryset: QuerySet[ServiceItem],
    *,
    query: str = "",
    agency: int | None = None,
    status: str = "",
    handling_type: str = "",
    item_type: str = "",
    is_online: bool | None = None,
) -> QuerySet[ServiceItem]:
    """Items matching every word of `query` (at most five) in the name, a code (basic or
    implementation), the agency's name, the keywords, or — for a word of Latin letters such as
    "yyzz" — the pinyin initials of the name and keywords (营业执照). One query."""
    query = (query or "").strip()
    if query:
        for word in query.split()[:5]:
            match = (
                Q(name__icontains=word)
                | Q(basic_code__icontains=word.upper())
                | Q(implementation_code__icontains=word.upper())
                | Q(agency__name__icontains=word)
                | Q(agency__short_name__icontains=word)
                | Q(keywords__icontains=word)
            )
            if is_initials_query(word):
                match |= Q(search_initials__icontains=word.lower())
            queryset = queryset.filter(match)
    if agency:
        queryset = queryset.filter(agency_id=agency)
    if status:
        queryset = queryset.filter(status=status)
    if handling_type:
        queryset = queryset.filter(current_version__handling_type=handling_type)
    if item_type:
        queryset = queryset.filter(current_version__item_type=item_type)
    if is_online is not None:
        queryset = queryset.filter(current_version__is_online=is_online)
    return queryset


def items_for_life_event(
    queryset: QuerySet[ServiceItem], *, event: LifeEvent
) -> QuerySet[ServiceItem]:
    """Items of `queryset` whose name or keywords contain one of the life event's words."""
    match = Q()
    for word in event.words:
        match |= Q(name__icontains=word) | Q(keywords__icontains=word)
    return queryset.filter(match)


def departments_with_items() -> QuerySet[Organization]:
    """Implementing agencies that have active items, with `active_items` (their number), for
    the portal's entry by department; ordered by the organization tree."""
    return (
        Organization.objects.filter(service_items__status=ItemStatus.ACTIVE)
        .annotate(
            active_items=Count("service_items", filter=Q(service_items__status=ItemStatus.ACTIVE))
        )
        .order_by("path")
    )


def _version_prefetch() -> list[Prefetch]:
    return [
        Prefetch("materials", queryset=ItemMaterial.objects.order_by("order", "id")),
        Prefetch("steps", queryset=ProcessStep.objects.order_by("order", "id")),
        Prefetch("co_departments", queryset=CoDepartment.objects.select_related("organization")),
    ]


def item_get(*, user: AnyUser, implementation_code: str) -> ServiceItem:
    """One item the user may see (active for anyone; any status within the staff scope)."""
    item = (
        ServiceItem.objects.filter(implementation_code=(implementation_code or "").upper())
        .select_related("agency")
        .prefetch_related(
            Prefetch(
                "current_version",
                queryset=ServiceItemVersion.objects.prefetch_related(*_version_prefetch()),
            )
        )
        .first()
    )
    if item is None or not (
        item.is_active
        or user_may(user, Perm.CATALOG_VIEW, item.agency)
        or user_may(user, Perm.CATALOG_MANAGE, item.agency)
    ):
        raise NotFound(_("No such service item."))
    return item


def item_versions(*, item: ServiceItem) -> QuerySet[ServiceItemVersion]:
    return item.versions.select_related("created_by").order_by("-version")


def version_get(*, user: AnyUser, implementation_code: str, version: int) -> ServiceItemVersion:
    """One version of an item the user may see in full (staff of its scope)."""
    item = item_get(user=user, implementation_code=implementation_code)
    found = (
        ServiceItemVersion.objects.filter(item=item, version=version)
        .prefetch_related(*_version_prefetch())
        .first()
    )
    if found is None:
        raise NotFound(_("No such version."))
    if found.pk != item.current_version_id and not user_may(user, Perm.CATALOG_VIEW, item.agency):
        raise NotFound(_("No such version."))
    return found


def version_with_details(version: ServiceItemVersion) -> ServiceItemVersion:
    """The same version with its materials, steps and co-departments prefetched."""
    return ServiceItemVersion.objects.prefetch_related(*_version_prefetch()).get(pk=version.pk)


@dataclass(frozen=True)
class Compression:
    """Σ committed ÷ Σ legal working days over items with a legal limit (lower is faster)."""

    items: int
    committed_days: int
    legal_days: int

    @property
    def ratio(self) -> Decimal | None:
        if not self.legal_days:
            return None
        return (Decimal(self.committed_days) / Decimal(self.legal_days)).quantize(Decimal("0.001"))

    @property
    def cut(self) -> Decimal | None:
        """The share of the legal limit cut away (the seed: two thirds or more)."""
        ratio = self.ratio
        return None if ratio is None else Decimal(1) - ratio


def compression_overall(queryset: QuerySet[ServiceItem]) -> Compression:
    """Overall compression of the current versions of `queryset` (items with legal > 0)."""
    rows = queryset.filter(current_version__legal_limit_days__gt=0).aggregate(
        committed=Sum("current_version__committed_limit_days"),
        legal=Sum("current_version__legal_limit_days"),
    )
    count = queryset.filter(current_version__legal_limit_days__gt=0).count()
    return Compression(count, rows["committed"] or 0, rows["legal"] or 0)
