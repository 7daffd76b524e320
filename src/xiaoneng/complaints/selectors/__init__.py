"""Reads of the complaints context, always through core.access (STYLE.md rule 2).

A named complainant's identity is seen only by complaint handlers of the unit's government
(`complaint.handle`); everyone else — the unit the complaint was transferred to, leaders,
supervisors — sees it masked, and the public tracking page never shows it.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from xiaoneng.complaints.models import (
    Complaint,
    Consultation,
    ConsultationStatus,
    Rating,
    RatingFollowUp,
)
from xiaoneng.complaints.selectors.stats import rate
from xiaoneng.complaints.services.common import hash_code
from xiaoneng.complaints.workflow import FINISHED_STATUSES, FOLLOW_UP_DONE, FollowUpStatus
from xiaoneng.core.access import scope_filter, user_may
from xiaoneng.core.errors import InvalidInput, NotFound
from xiaoneng.core.masking import mask_name, mask_phone
from xiaoneng.core.models import User
from xiaoneng.core.roles import Perm


def complaint_list_for_user(*, user: User) -> QuerySet[Complaint]:
    """Complaints about units in the user's complaint.view scope, plus those transferred to
    a unit where the user may reply."""
    viewable = scope_filter(Complaint.objects.all(), user, Perm.COMPLAINT_VIEW, "unit")
    replyable = scope_filter(Complaint.objects.all(), user, Perm.COMPLAINT_REPLY, "transferred_to")
    return Complaint.objects.filter(
        Q(pk__in=viewable.values("pk")) | Q(pk__in=replyable.values("pk"))
    ).select_related("unit", "transferred_to")


def complaint_queue(*, user: User) -> QuerySet[Complaint]:
    """The centre's open complaints, earliest deadline first (index status, due_on)."""
    return (
        scope_filter(
            Complaint.objects.exclude(status__in=FINISHED_STATUSES),
            user,
            Perm.COMPLAINT_HANDLE,
            "unit",
        )
        .select_related("unit", "transferred_to")
        .order_by("due_on", "received_at")
    )


#: The queue's deadline filters (`?due=`): past the deadline, or due from today to Sunday.
DUE_WINDOWS = ("overdue", "week")


def due_window(queryset: QuerySet[Complaint], window: str, today: date) -> QuerySet[Complaint]:
    """Complaints of the queue by deadline: "overdue" (due before today) or "week" (due from
    today to the Sunday of this week); an unknown window is refused."""
    if window == "overdue":
        return queryset.filter(due_on__lt=today)
    if window == "week":
        return queryset.filter(due_on__range=(today, today + timedelta(days=6 - today.weekday())))
    raise InvalidInput(_("Unknown deadline filter: choose overdue or week."), field="due")


def complaint_unit_inbox(*, user: User) -> QuerySet[Complaint]:
    """Complaints transferred to the user's unit (complaint.reply), awaiting its reply first."""
    return (
        scope_filter(
            Complaint.objects.filter(transferred_to__isnull=False),
            user,
            Perm.COMPLAINT_REPLY,
            "transferred_to",
        )
        .select_related("unit", "transferred_to")
        .order_by("-status", "unit_due_on")
    )


def complaint_get_for_user(*, user: User, number: str) -> Complaint:
    complaint = complaint_list_for_user(user=user).filter(number=number).first()
    if complaint is None:
        raise NotFound(_("No such complaint."), field="number")
    return complaint


def complaint_track(*, number: str, code: str) -> Complaint:
    """The public look-up by number plus tracking code; either wrong → the same not-found."""
    complaint = Complaint.objects.filter(number=(number or "").strip()).first()
    if complaint is None or not hmac.compare_digest(
        complaint.tracking_code_hash, hash_code(code or "")
    ):
        raise NotFound(_("No complaint matches this number and code."), field="code")
    return complaint


def may_see_identity(user: User, complaint: Complaint) -> bool:
    return user_may(user, Perm.COMPLAINT_HANDLE, complaint.unit)


@dataclass(frozen=True)
class Complainant:
    name: str
    phone: str
    is_masked: bool


def complainant_for(user: User | None, complaint: Complaint) -> Complainant:
    if complaint.is_anonymous:
        return Complainant(name=_("Anonymous"), phone="", is_masked=False)
    if user is not None and may_see_identity(user, complaint):
        return Complainant(complaint.complainant_name, complaint.complainant_phone, False)
    return Complainant(
        mask_name(complaint.complainant_name), mask_phone(complaint.complainant_phone), True
    )


def rating_list_for_user(*, user: User) -> QuerySet[Rating]:
    return (
        scope_filter(Rating.objects.all(), user, Perm.RATING_FOLLOW_UP, "department")
        .select_related("department", "follow_up")
        .order_by("-rated_at")
    )


def rating_follow_ups_open(*, user: User) -> QuerySet[RatingFollowUp]:
    return (
        scope_filter(
            RatingFollowUp.objects.exclude(status__in=FOLLOW_UP_DONE),
            user,
            Perm.RATING_FOLLOW_UP,
            "rating__department",
        )
        .select_related("rating__department")
        .order_by("opened_on")
    )


def rating_get_for_user(*, user: User, pk: int) -> Rating:
    rating = rating_list_for_user(user=user).filter(pk=pk).first()
    if rating is None:
        raise NotFound(_("No such rating."), field="rating")
    return rating


@dataclass
class RatingFigures:
    department: str
    window: str
    ratings: int
    satisfied: int
    bad: int
    bad_rectified: int

    @property
    def satisfaction_rate(self) -> Decimal | None:
        return rate(self.satisfied, self.ratings)

    @property
    def rectification_rate(self) -> Decimal | None:
        return rate(self.bad_rectified, self.bad)


def rating_public_figures(*, by_window: bool = False) -> list[RatingFigures]:
    """Published figures per department (and window): ratings, satisfaction rate (grades 1–3 ÷
    all), bad ratings (4–5) and those rectified or explained. Ratings excluded after an upheld
    appeal count nowhere."""
    keys = ["department__name", "window"] if by_window else ["department__name"]
    done = [FollowUpStatus.RECTIFIED, FollowUpStatus.EXPLAINED]
    rows = (
        Rating.objects.filter(is_excluded=False)
        .values(*keys)
        .annotate(
            ratings=Count("pk"),
            satisfied=Count("pk", filter=Q(overall__lte=3)),
            bad=Count("pk", filter=Q(overall__gte=4)),
            bad_rectified=Count("pk", filter=Q(overall__gte=4, follow_up__status__in=done)),
        )
        .order_by(*keys)
    )
    return [
        RatingFigures(
            department=row["department__name"],
            window=row.get("window", ""),
            ratings=row["ratings"],
            satisfied=row["satisfied"],
            bad=row["bad"],
            bad_rectified=row["bad_rectified"],
        )
        for row in rows
    ]


def consultation_list_for_user(*, user: User) -> QuerySet[Consultation]:
    return (
        scope_filter(Consultation.objects.all(), user, Perm.CONSULTATION_ANSWER, "department")
        .select_related("department")
        .order_by("status", "due_on")
    )


def consultation_get_for_user(*, user: User, number: str) -> Consultation:
    consultation = consultation_list_for_user(user=user).filter(number=number).first()
    if consultation is None:
        raise NotFound(_("No such question."), field="number")
    return consultation


def consultation_published(
    *, query: str = "", department_id: int | None = None
) -> QuerySet[Consultation]:
    """Published question-and-answer pairs, newest first; `query` searches both texts."""
    published = Consultation.objects.filter(is_published=True, status=ConsultationStatus.ANSWERED)
    words = [word for word in (query or "").split() if word][:5]
    for word in words:
        published = published.filter(
            Q(question__icontains=word) | Q(answer__icontains=word) | Q(item_name__icontains=word)
        )
    if department_id:
        published = published.filter(department_id=department_id)
    return published.select_related("department").order_by("-answered_at")
