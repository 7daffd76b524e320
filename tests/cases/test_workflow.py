"""Every row of the transition table (cases/workflow.py), allowed and refused."""

from __future__ import annotations

import pytest

from xiaoneng.cases.workflow import (
    TRANSITIONS,
    EventKind,
    Status,
    allowed_events,
    is_allowed,
    transition_target,
)
from xiaoneng.core.errors import Conflict

S = Status
E = EventKind
CLOCK = {S.ACCEPTED, S.IN_REVIEW}
BEFORE_DECISION = {S.SUBMITTED, S.SUPPLEMENT_REQUESTED, S.ACCEPTED, S.IN_REVIEW}

# (event, statuses it may occur in, target status or None = unchanged)
TABLE = [
    (E.SUBMITTED, set(), S.SUBMITTED),
    (E.SUPPLEMENT_REQUESTED, {S.SUBMITTED}, S.SUPPLEMENT_REQUESTED),
    (E.SUPPLEMENTED, {S.SUPPLEMENT_REQUESTED}, S.SUBMITTED),
    (E.ACCEPTED, {S.SUBMITTED}, S.ACCEPTED),
    (E.DEEMED_ACCEPTED, {S.SUBMITTED}, S.ACCEPTED),
    (E.REFUSED, {S.SUBMITTED, S.SUPPLEMENT_REQUESTED}, S.REFUSED),
    (E.REVIEW_STARTED, {S.ACCEPTED}, S.IN_REVIEW),
    (E.STEP_FINISHED, {S.IN_REVIEW}, None),
    (E.SPECIAL_PROCEDURE_STARTED, CLOCK, None),
    (E.SPECIAL_PROCEDURE_ENDED, CLOCK, None),
    (E.EXTENDED, CLOCK, None),
    (E.OPINIONS_REQUESTED, CLOCK, None),
    (E.OPINION_GIVEN, CLOCK, None),
    (E.MEETING_RECORDED, CLOCK, None),
    (E.FORWARDED, CLOCK, None),
    (E.FORWARD_REPLIED, CLOCK, None),
    (E.APPROVED, CLOCK, S.APPROVED),
    (E.DENIED, CLOCK, S.DENIED),
    (E.DELIVERED, {S.APPROVED, S.DENIED}, S.DELIVERED),
    (E.CLOSED, {S.DELIVERED}, S.CLOSED),
    (E.WITHDRAWN, BEFORE_DECISION, S.WITHDRAWN),
    (E.TERMINATED, BEFORE_DECISION, S.TERMINATED),
]


def test_table_covers_every_event_kind() -> None:
    assert {row[0] for row in TABLE} == set(EventKind.values) == set(TRANSITIONS)


@pytest.mark.parametrize(("kind", "sources", "target"), TABLE)
def test_transition_row(kind: str, sources: set[str], target: str | None) -> None:
    for status in Status.values:
        if status in sources:
            assert is_allowed(status, kind)
            assert transition_target(status, kind) == (target or status)
        else:
            assert not is_allowed(status, kind)
            with pytest.raises(Conflict) as error:
                transition_target(status, kind)
            assert error.value.status_code == 409
            assert error.value.field == "status"


def test_final_statuses_allow_nothing() -> None:
    for status in (S.REFUSED, S.CLOSED, S.WITHDRAWN, S.TERMINATED):
        assert allowed_events(status) == []


def test_allowed_events_of_submitted() -> None:
    assert set(allowed_events(S.SUBMITTED)) == {
        E.SUPPLEMENT_REQUESTED,
        E.ACCEPTED,
        E.DEEMED_ACCEPTED,
        E.REFUSED,
        E.WITHDRAWN,
        E.TERMINATED,
    }
