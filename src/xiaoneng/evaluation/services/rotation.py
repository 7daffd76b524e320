"""Staff rotation: post history, policy, plans and executed rotations.

Rule (DOMAIN.md §4, seed document 1): staff who have held the same post for 5 years or more
rotate. The 5-year mark of a post taken on D is D's anniversary 5 years on (a post taken on
29 February reaches it on 28 February of a common year); on that day the person is due, the day
before not yet. Years and exempt posts are configurable per government (`RotationPolicy`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from xiaoneng.core.access import government_of, user_may
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import InvalidInput, NotPermitted
from xiaoneng.core.models import Organization, User, UserKind
from xiaoneng.core.roles import Perm
from xiaoneng.evaluation.models import (
    PostHolding,
    Rotation,
    RotationPlan,
    RotationPlanEntry,
    RotationPolicy,
)

DEFAULT_YEARS = 5


def anniversary(start: date, years: int) -> date:
    """`start` moved `years` years on; 29 February falls back to 28 February."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


@dataclass(frozen=True)
class Policy:
    years: int
    exempt_posts: frozenset[str]


def policy_for(organization: Organization) -> Policy:
    stored = RotationPolicy.objects.filter(government=government_of(organization)).first()
    if stored is None:
        return Policy(DEFAULT_YEARS, frozenset())
    return Policy(stored.years, frozenset(p.strip() for p in stored.exempt_posts if p.strip()))


def is_due(holding_started_on: date, on: date, years: int) -> bool:
    """Has the post been held `years` years or more on `on`?"""
    return anniversary(holding_started_on, years) <= on


def _check(actor: User, perm: str, organization: Organization) -> None:
    if not user_may(actor, perm, organization):
        raise NotPermitted(_("You may not manage staff rotation here."))


def rotation_policy_set(
    *, actor: User, government: Organization, years: int, exempt_posts: list[str]
) -> RotationPolicy:
    _check(actor, Perm.ROTATION_MANAGE, government)
    if not 1 <= years <= 20:
        raise InvalidInput(_("Years in post must be between 1 and 20."), field="years")
    with transaction.atomic():
        policy, _created = RotationPolicy.objects.update_or_create(
            government=government_of(government),
            defaults={
                "years": years,
                "exempt_posts": sorted({p.strip() for p in exempt_posts if p.strip()}),
            },
        )
        audit(
            actor=actor,
            action="rotation.policy.set",
            obj=policy,
            detail={"years": years, "exempt_posts": policy.exempt_posts},
        )
    return policy


def post_history_seed(*, actor: User, root: Organization) -> int:
    """Open a post holding from User.post / post_since for staff who have no history yet."""
    _check(actor, Perm.ROTATION_MANAGE, root)
    people = (
        User.objects.filter(
            kind=UserKind.STAFF,
            organization__path__startswith=root.path,
            post_since__isnull=False,
            is_active=True,
        )
        .exclude(post="")
        .exclude(post_holdings__isnull=False)
    )
    holdings = [
        PostHolding(
            person=p,
            unit_id=p.organization_id,  # type: ignore[misc]
            post=p.post,
            rank=p.rank,
            started_on=p.post_since,  # type: ignore[misc]
        )
        for p in people
    ]
    with transaction.atomic():
        PostHolding.objects.bulk_create(holdings)
        audit(
            actor=actor, action="rotation.history.seed", obj=root, detail={"created": len(holdings)}
        )
    return len(holdings)


def post_holding_record(
    *,
    actor: User,
    person: User,
    unit: Organization,
    post: str,
    rank: str,
    started_on: date,
    ended_on: date | None = None,
) -> PostHolding:
    """Add a stretch of post history; stretches of one person never overlap."""
    _check(actor, Perm.ROTATION_MANAGE, unit)
    if not post.strip():
        raise InvalidInput(_("Name the post."), field="post")
    if ended_on is not None and ended_on < started_on:
        raise InvalidInput(_("The end comes before the start."), field="ended_on")
    far = date(9999, 12, 31)
    for other in person.post_holdings.all():
        if other.started_on <= (ended_on or far) and started_on <= (other.ended_on or far):
            raise InvalidInput(
                _("This overlaps %(post)s from %(start)s.")
                % {"post": other.post, "start": other.started_on},
                field="started_on",
            )
    with transaction.atomic():
        holding = PostHolding.objects.create(
            person=person,
            unit=unit,
            post=post.strip(),
            rank=rank,
            started_on=started_on,
            ended_on=ended_on,
        )
        audit(actor=actor, action="rotation.history.record", obj=holding)
    return holding


def rotation_plan_create(
    *, actor: User, title: str, year: int, owner: Organization, entries: list[dict]
) -> RotationPlan:
    """A plan: who moves to which unit and post, and when. Each person appears once."""
    _check(actor, Perm.ROTATION_MANAGE, owner)
    if not title.strip():
        raise InvalidInput(_("Give the plan a title."), field="title")
    people = [e["person"].pk for e in entries]
    if len(set(people)) != len(people):
        raise InvalidInput(_("A person appears twice in the plan."), field="entries")
    with transaction.atomic():
        plan = RotationPlan.objects.create(
            title=title.strip(), year=year, owner=owner, created_by=actor
        )
        for entry in entries:
            if not str(entry.get("to_post", "")).strip():
                raise InvalidInput(
                    _("Name the new post for %(person)s.") % {"person": entry["person"]},
                    field="entries",
                )
            RotationPlanEntry.objects.create(
                plan=plan,
                person=entry["person"],
                to_unit=entry["to_unit"],
                to_post=entry["to_post"].strip(),
                planned_on=entry["planned_on"],
            )
        audit(
            actor=actor, action="rotation.plan.create", obj=plan, detail={"entries": len(entries)}
        )
    return plan


def rotation_execute(
    *,
    actor: User,
    person: User,
    to_unit: Organization,
    to_post: str,
    rotated_on: date,
    plan_entry: RotationPlanEntry | None = None,
) -> Rotation:
    """Record a rotation: the current post ends the day before, the new one starts that day.

    The person's current post, unit and start date on the staff record follow the rotation.
    """
    current = person.post_holdings.filter(ended_on__isnull=True).order_by("-started_on").first()
    from_unit = current.unit if current else person.organization
    if from_unit is None:
        raise InvalidInput(_("The person belongs to no unit."), field="person")
    _check(actor, Perm.ROTATION_MANAGE, from_unit)
    _check(actor, Perm.ROTATION_MANAGE, to_unit)
    if not to_post.strip():
        raise InvalidInput(_("Name the new post."), field="to_post")
    if current and rotated_on <= current.started_on:
        raise InvalidInput(
            _("The rotation date must come after the current post began (%(date)s).")
            % {"date": current.started_on},
            field="rotated_on",
        )
    if current and current.unit_id == to_unit.pk and current.post == to_post.strip():
        raise InvalidInput(_("The new post is the current post."), field="to_post")
    with transaction.atomic():
        from_post = current.post if current else person.post
        if current:
            current.ended_on = rotated_on - timedelta(days=1)
            current.save(update_fields=["ended_on"])
        PostHolding.objects.create(
            person=person,
            unit=to_unit,
            post=to_post.strip(),
            rank=person.rank,
            started_on=rotated_on,
        )
        rotation = Rotation.objects.create(
            person=person,
            from_unit=from_unit,
            from_post=from_post,
            to_unit=to_unit,
            to_post=to_post.strip(),
            rank=person.rank,
            rotated_on=rotated_on,
            plan_entry=plan_entry,
            recorded_by=actor,
        )
        person.post, person.post_since, person.organization = to_post.strip(), rotated_on, to_unit
        person.save(update_fields=["post", "post_since", "organization"])
        audit(
            actor=actor,
            action="rotation.execute",
            obj=rotation,
            detail={
                "person": person.pk,
                "from": [from_unit.pk, from_post],
                "to": [to_unit.pk, to_post.strip()],
            },
        )
    return rotation
