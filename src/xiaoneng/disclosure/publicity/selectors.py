"""Reads of publicity: bulletins, media items, columns and the counts per period.

Who reads: the efficiency office (DISCLOSURE_PUBLISH) and whoever views supervision
(SUPERVISION_VIEW: leaders, the evaluation office, department heads for their own unit …);
bulletins within the reader's scope, drafts only for those who may issue them. Issued public
bulletins are on the portal for everyone (`bulletin_list_public`).

`media_counts(start=, end=, unit=)` is the one read the situation report and the cockpit use:
articles published in [start, end] — the seed's "省、市各类媒体共刊发稿件76篇" — by outlet level,
outlet, topic, column and month, and the bulletins issued in the period.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiaoneng.core.access import organizations_visible, user_has_perm
from xiaoneng.core.errors import NotFound, NotPermitted
from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Perm
from xiaoneng.disclosure.models import Bulletin, Column, MediaItem, MediaTopic, OutletLevel
from xiaoneng.disclosure.workflow import BulletinStatus

READ_PERMS = (Perm.DISCLOSURE_PUBLISH, Perm.SUPERVISION_VIEW)

# The cockpit's headline of this context (cockpit.selectors.METRICS), named where it is counted.
COCKPIT_SECTION = gettext_lazy("Publicity")
COCKPIT_LABEL = gettext_lazy("Articles in the media")


def may_read(user: User) -> bool:
    return any(user_has_perm(user, perm) for perm in READ_PERMS)


def may_record(user: User) -> bool:
    return user_has_perm(user, Perm.DISCLOSURE_PUBLISH)


def _require_reader(user: User) -> None:
    if not may_read(user):
        raise NotPermitted(_("You may not see the publicity records."))


def bulletin_list_for_user(*, user: User) -> QuerySet[Bulletin]:
    """Bulletins of units in the reader's scope; drafts only where the reader may issue."""
    _require_reader(user)
    issuable = organizations_visible(user, Perm.DISCLOSURE_PUBLISH)
    readable = Q(unit__in=issuable)
    for perm in READ_PERMS:
        readable |= Q(unit__in=organizations_visible(user, perm))
    return (
        Bulletin.objects.filter(readable)
        .filter(Q(status=BulletinStatus.ISSUED) | Q(unit__in=issuable))
        .select_related("unit")
    )


def bulletin_get_for_user(*, user: User, pk: int) -> Bulletin:
    bulletin = bulletin_list_for_user(user=user).filter(pk=pk).first()
    if bulletin is None:
        raise NotFound(_("No such bulletin."), field="bulletin")
    return bulletin


def bulletin_list_public() -> QuerySet[Bulletin]:
    return Bulletin.objects.filter(status=BulletinStatus.ISSUED, is_public=True).select_related(
        "unit"
    )


def bulletin_get_public(*, pk: int) -> Bulletin:
    bulletin = bulletin_list_public().filter(pk=pk).first()
    if bulletin is None:
        raise NotFound(_("No such bulletin."), field="bulletin")
    return bulletin


def media_item_list_for_user(
    *,
    user: User,
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[MediaItem]:
    _require_reader(user)
    items = MediaItem.objects.select_related("column", "unit")
    if start is not None:
        items = items.filter(published_on__gte=start)
    if end is not None:
        items = items.filter(published_on__lte=end)
    return items


def column_list_for_user(*, user: User) -> QuerySet[Column]:
    _require_reader(user)
    return Column.objects.annotate(item_count=Count("items"))


def column_get_for_user(*, user: User, pk: int) -> Column:
    column = column_list_for_user(user=user).filter(pk=pk).first()
    if column is None:
        raise NotFound(_("No such column."), field="column")
    return column


@dataclass(frozen=True)
class CountRow:
    key: str
    name: str
    count: int


@dataclass(frozen=True)
class MediaCounts:
    start: date
    end: date
    total: int
    bulletins: int
    by_level: list[CountRow] = field(default_factory=list)
    by_outlet: list[CountRow] = field(default_factory=list)
    by_topic: list[CountRow] = field(default_factory=list)
    by_column: list[CountRow] = field(default_factory=list)
    by_month: list[CountRow] = field(default_factory=list)


def _under(queryset: QuerySet, organization: Organization | None) -> QuerySet:  # type: ignore[type-arg]
    if organization is None:
        return queryset
    return queryset.filter(unit__path__startswith=organization.path)


def media_item_count(*, start: date, end: date, unit: Organization | None = None) -> int:
    """Articles published in [start, end] (about `unit` and the units under it, with one)."""
    return (
        _under(MediaItem.objects.all(), unit)
        .filter(published_on__gte=start, published_on__lte=end)
        .count()
    )


def bulletin_count(*, start: date, end: date, unit: Organization | None = None) -> int:
    """Bulletins issued in [start, end] (by `unit` and the units under it, with one)."""
    return (
        _under(Bulletin.objects.filter(status=BulletinStatus.ISSUED), unit)
        .filter(issued_on__gte=start, issued_on__lte=end)
        .count()
    )


def media_counts(*, start: date, end: date, unit: Organization | None = None) -> MediaCounts:
    """The period's articles by outlet level, outlet, topic, column and month (most first)."""
    items = _under(MediaItem.objects.all(), unit).filter(
        published_on__gte=start, published_on__lte=end
    )

    def grouped(name: str) -> list[tuple[object, int]]:
        return list(
            items.order_by()
            .values_list(name)
            .annotate(n=Count("pk"))
            .values_list(name, "n")
            .order_by("-n", name)
        )

    levels = dict(OutletLevel.choices)
    topics = dict(MediaTopic.choices)
    columns = dict(Column.objects.values_list("pk", "name"))
    months = (
        items.order_by()
        .annotate(month=TruncMonth("published_on"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
        .order_by("month")
    )
    return MediaCounts(
        start=start,
        end=end,
        total=items.count(),
        bulletins=bulletin_count(start=start, end=end, unit=unit),
        by_level=[
            CountRow(str(k), str(levels.get(str(k), k)), n) for k, n in grouped("outlet_level")
        ],
        by_outlet=[CountRow(str(k), str(k), n) for k, n in grouped("outlet")],
        by_topic=[CountRow(str(k), str(topics.get(str(k), k)), n) for k, n in grouped("topic")],
        by_column=[
            CountRow(str(k), str(columns.get(k, "")), n)  # type: ignore[call-overload]
            for k, n in grouped("column")
            if k is not None
        ],
        by_month=[CountRow(f"{m:%Y-%m}", f"{m:%Y-%m}", n) for m, n in months],
    )
