"""Service ratings (好差评) and the follow-up of bad ratings.

国办发〔2019〕51号 and GB/T 39046-2020 A.8: grades 1 非常满意 … 5 非常不满意; 4–5 are bad
ratings. Every bad rating opens a follow-up: call-back and verification, then rectification by a
deadline (default 5 working days, local rules) or an explanation. A handler who finds the rating
false may appeal; an efficiency supervisor decides, and an upheld appeal excludes the rating
from the figures.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from xiaoneng.cases.models import Case
from xiaoneng.complaints.deadlines import RECTIFICATION_WORKDAYS
from xiaoneng.complaints.models import (
    ON_SITE_DIMENSIONS,
    ONLINE_DIMENSIONS,
    Rating,
    RatingChannel,
    RatingFollowUp,
)
from xiaoneng.complaints.services.common import (
    check_flood,
    check_phone,
    local_day,
    now_or,
    require,
    require_text,
)
from xiaoneng.complaints.workflow import FOLLOW_UP_DONE, FollowUpAction, follow_up_next
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound
from xiaoneng.core.models import User
from xiaoneng.core.notifications import notify
from xiaoneng.core.roles import Perm, Role
from xiaoneng.core.selectors import staff_with_role
from xiaoneng.hall.models import Window
from xiaoneng.workdays import add_workdays

ALL_DIMENSIONS = frozenset(ONLINE_DIMENSIONS) | frozenset(ON_SITE_DIMENSIONS)


def _score(value: Any, field: str) -> int:
    if isinstance(value, bool):
        raise InvalidInput(_("Give a grade from 1 to 5."), field=field)
    try:
        score = int(value)
    except (TypeError, ValueError):
        raise InvalidInput(_("Give a grade from 1 to 5."), field=field) from None
    if not 1 <= score <= 5 or str(value).strip() not in {str(score), f"{score}.0"}:
        raise InvalidInput(_("Give a grade from 1 to 5."), field=field)
    return score


@transaction.atomic
def rating_submit(
    *,
    case_number: str,
    channel: str,
    overall: Any,
    dimensions: dict[str, Any] | None = None,
    window: str = "",
    comment: str = "",
    rater_name: str = "",
    rater_phone: str = "",
    source_ip: str = "",
    at: datetime | None = None,
    hall_window: Window | None = None,
    clerk: User | None = None,
) -> Rating:
    """Rate one case, once. Online ratings score efficiency, accuracy of the guide, convenience
    and usability; on-site ratings efficiency, level and attitude (DOMAIN.md §3).

    The number must name a case the system holds; the rated department is that case's
    implementing agency, never one the rater chooses (a rating counts in that agency's figures).
    A rating given at a hall window's counter carries that window and the clerk who served.
    """
    at = now_or(at)
    check_flood(Rating, source_ip=source_ip, time_field="rated_at", at=at)
    case_number = require_text(case_number, field="case_number", max_length=40)
    case = Case.objects.filter(number=case_number).select_related("agency").first()
    if case is None:
        raise NotFound(_("No case with this number."), field="case_number")
    department = case.agency
    if channel not in RatingChannel.values:
        raise InvalidInput(_("Choose online or on site."), field="channel")
    if Rating.objects.filter(case_number=case_number).exists():
        raise Conflict(_("This case has already been rated."), field="case_number")
    allowed = ONLINE_DIMENSIONS if channel == RatingChannel.ONLINE else ON_SITE_DIMENSIONS
    scores: dict[str, int] = {}
    for name, value in (dimensions or {}).items():
        if name not in allowed:
            raise InvalidInput(_("This dimension does not apply to this channel."), field=name)
        if value not in (None, ""):
            scores[name] = _score(value, name)
    rating = Rating.objects.create(
        case=case,
        case_number=case_number,
        department=department,
        window=require_text(window, field="window", max_length=60, required=False),
        hall_window=hall_window,
        clerk=clerk,
        channel=channel,
        overall=_score(overall, "overall"),
        **scores,
        comment=require_text(comment, field="comment", max_length=2000, required=False),
        rater_name=require_text(rater_name, field="rater_name", max_length=60, required=False),
        rater_phone=check_phone(rater_phone, field="rater_phone", required=False),
        rated_at=at,
        submitted_ip=source_ip,
    )
    if rating.is_bad:
        RatingFollowUp.objects.create(rating=rating, opened_on=local_day(at))
        heads = staff_with_role(role=Role.DEPARTMENT_HEAD, organization=department)
        notify(
            recipients=heads,
            level="warning",
            title=_("Bad rating for case %(number)s") % {"number": case_number},
            body=rating.comment[:200],
            link="/workbench/complaints/ratings/",
            dedupe_key=f"rating.bad.{rating.pk}",
        )
    audit(actor=None, action="rating.submit", obj=rating, detail={"overall": rating.overall})
    return rating


def _follow_up(rating: Rating, action: str) -> RatingFollowUp:
    follow_up = RatingFollowUp.objects.select_for_update().filter(rating=rating).first()
    if follow_up is None:
        raise Conflict(_("Only bad ratings are followed up."), field="rating")
    target = follow_up_next(follow_up.status, action)
    if target is None:
        raise Conflict(
            _("This step is not possible while the follow-up is “%(status)s”.")
            % {"status": follow_up.get_status_display()},
            field="status",
        )
    follow_up.status = target
    if target in FOLLOW_UP_DONE:
        follow_up.finished_on = local_day(now_or(None))
    return follow_up


@transaction.atomic
def rating_call_back(
    *,
    actor: User,
    rating: Rating,
    note: str,
    is_verified: bool,
    verification_note: str = "",
    at: datetime | None = None,
) -> RatingFollowUp:
    """Call the rater back (every named bad rating) and verify what happened."""
    require(actor, Perm.RATING_FOLLOW_UP, rating.department)
    follow_up = _follow_up(rating, FollowUpAction.CALL_BACK)
    follow_up.called_back_on = local_day(now_or(at))
    follow_up.call_back_note = require_text(note, field="note", max_length=2000)
    follow_up.is_verified = bool(is_verified)
    follow_up.verification_note = require_text(
        verification_note, field="verification_note", max_length=2000, required=False
    )
    follow_up.save()
    audit(actor=actor, action="rating.call_back", obj=rating)
    return follow_up


@transaction.atomic
def rating_order_rectification(
    *, actor: User, rating: Rating, due_on: date | None = None, at: datetime | None = None
) -> RatingFollowUp:
    """Order rectification by a deadline: 5 working days from today unless given."""
    require(actor, Perm.RATING_FOLLOW_UP, rating.department)
    today = local_day(now_or(at))
    follow_up = _follow_up(rating, FollowUpAction.ORDER_RECTIFICATION)
    if due_on is not None and due_on < today:
        raise InvalidInput(_("The deadline cannot be in the past."), field="due_on")
    follow_up.rectify_due_on = due_on or add_workdays(today, RECTIFICATION_WORKDAYS)
    follow_up.save()
    audit(actor=actor, action="rating.order_rectification", obj=rating)
    return follow_up


@transaction.atomic
def rating_rectify(
    *, actor: User, rating: Rating, note: str, at: datetime | None = None
) -> RatingFollowUp:
    require(actor, Perm.RATING_FOLLOW_UP, rating.department)
    follow_up = _follow_up(rating, FollowUpAction.RECTIFY)
    follow_up.rectification_note = require_text(note, field="note", max_length=2000)
    follow_up.finished_on = local_day(now_or(at))
    follow_up.save()
    audit(actor=actor, action="rating.rectify", obj=rating)
    return follow_up


@transaction.atomic
def rating_explain(
    *, actor: User, rating: Rating, explanation: str, at: datetime | None = None
) -> RatingFollowUp:
    """Explain instead of rectifying (e.g. the law does not allow what was asked)."""
    require(actor, Perm.RATING_FOLLOW_UP, rating.department)
    follow_up = _follow_up(rating, FollowUpAction.EXPLAIN)
    follow_up.explanation = require_text(explanation, field="explanation", max_length=2000)
    follow_up.finished_on = local_day(now_or(at))
    follow_up.save()
    audit(actor=actor, action="rating.explain", obj=rating)
    return follow_up


@transaction.atomic
def rating_appeal(*, actor: User, rating: Rating, reason: str) -> RatingFollowUp:
    """The handler appeals a false rating (恶意差评) to the efficiency supervisor."""
    require(actor, Perm.RATING_FOLLOW_UP, rating.department)
    follow_up = _follow_up(rating, FollowUpAction.APPEAL)
    follow_up.appeal_reason = require_text(reason, field="reason", max_length=2000)
    follow_up.save()
    notify(
        recipients=staff_with_role(role=Role.EFFICIENCY_SUPERVISOR, organization=rating.department),
        title=_("Appeal against rating of case %(number)s") % {"number": rating.case_number},
        body=follow_up.appeal_reason[:200],
        link="/workbench/complaints/ratings/",
        dedupe_key=f"rating.appeal.{rating.pk}",
    )
    audit(actor=actor, action="rating.appeal", obj=rating)
    return follow_up


@transaction.atomic
def rating_decide_appeal(
    *, actor: User, rating: Rating, is_upheld: bool, note: str, at: datetime | None = None
) -> RatingFollowUp:
    """The supervisor (supervision.act) decides; upheld excludes the rating from the figures."""
    require(actor, Perm.SUPERVISION_ACT, rating.department)
    action = FollowUpAction.UPHOLD_APPEAL if is_upheld else FollowUpAction.REJECT_APPEAL
    follow_up = _follow_up(rating, action)
    follow_up.appeal_decision_note = require_text(note, field="note", max_length=2000)
    if is_upheld:
        follow_up.finished_on = local_day(now_or(at))
        rating.is_excluded = True
        rating.save(update_fields=["is_excluded"])
    follow_up.save()
    audit(
        actor=actor,
        action="rating.decide_appeal",
        obj=rating,
        detail={"is_upheld": bool(is_upheld)},
    )
    return follow_up
