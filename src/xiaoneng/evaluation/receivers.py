"""Post history kept from core's staff changes (transfers, imports, edits, offboarding).

Rotation reads `PostHolding`, never the user row (DOMAIN.md §4: five years in one post), so a
transfer or an import that moved someone must close the old holding and open the new one, and
an offboarded person's holding ends. Rules, for each announced state:

- no open holding: one is opened when the state names a post and its start date;
- an open holding in the same unit and post: a correction (rank, start date) in place;
- another unit or post from a later date: the open one ends the day before, a new one opens;
  from the same date or earlier it is a correction of the open one, in place;
- left the service: the open holding ends that day.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from xiaoneng.core.staff_lifecycle import PostState, staff_posts_changed
from xiaoneng.evaluation.models import PostHolding

_CHUNK = 900  # ids per IN (…) list, within SQLite's variable limit


def keep_post_history(*, states: list[PostState], **_kwargs: Any) -> None:
    open_holdings: dict[int, PostHolding] = {}
    user_ids = [s.user_id for s in states]
    for start in range(0, len(user_ids), _CHUNK):
        for holding in PostHolding.objects.filter(
            person_id__in=user_ids[start : start + _CHUNK], ended_on__isnull=True
        ).order_by("started_on"):
            open_holdings[holding.person_id] = holding  # the latest open one
    new: list[PostHolding] = []
    changed: list[PostHolding] = []
    for state in states:
        current = open_holdings.get(state.user_id)
        if state.left_on is not None:
            if current is not None:
                current.ended_on = max(state.left_on, current.started_on)
                changed.append(current)
            continue
        if state.unit_id is None or not state.post or state.since is None:
            continue
        opened = PostHolding(
            person_id=state.user_id,
            unit_id=state.unit_id,
            post=state.post,
            rank=state.rank,
            started_on=state.since,
        )
        if current is None:
            new.append(opened)
            continue
        moved = (current.unit_id, current.post) != (state.unit_id, state.post)
        if moved and state.since > current.started_on:
            current.ended_on = state.since - timedelta(days=1)
            changed.append(current)
            new.append(opened)
        else:
            current.unit_id, current.post = state.unit_id, state.post
            current.rank, current.started_on = state.rank, state.since
            changed.append(current)
    PostHolding.objects.bulk_update(
        changed, ["unit", "post", "rank", "started_on", "ended_on"], batch_size=500
    )
    PostHolding.objects.bulk_create(new, batch_size=1000)


staff_posts_changed.connect(keep_post_history, dispatch_uid="evaluation.keep_post_history")
