"""The accountable unit's documents and the leader's admonishment, until the supervisor accepts."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from tests.supervision.factories import flag_unit
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.roles import Role
from xiaoneng.supervision.models import DeliverableKind
from xiaoneng.supervision.services import (
    accountability_record_admonishment,
    accountability_review,
    accountability_submit,
)
from xiaoneng.supervision.workflow import (
    DELIVERABLE_TRANSITIONS,
    AccountabilityStatus,
    DeliverableStatus,
    deliverable_may_move,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel("2026-11-20 10:00 +0800", tick=False):
        yield


@pytest.fixture
def flagged(personas, org_tree, make_user):
    staff = [make_user(Role.REVIEWER, organization=org_tree.department) for _ in range(3)]
    return flag_unit(supervisor=personas[Role.EFFICIENCY_SUPERVISOR], staff=staff)


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        ("owed", "submitted", True),
        ("returned", "submitted", True),
        ("submitted", "accepted", True),
        ("submitted", "returned", True),
        ("owed", "accepted", False),
        ("accepted", "submitted", False),
        ("accepted", "returned", False),
    ],
)
def test_deliverable_transition_table(current, target, allowed):
    assert deliverable_may_move(current, target) is allowed
    assert ((current, target) in DELIVERABLE_TRANSITIONS) is allowed


def test_unit_submits_supervisor_returns_then_accepts_and_closes(flagged, personas):
    head, supervisor = personas[Role.DEPARTMENT_HEAD], personas[Role.EFFICIENCY_SUPERVISOR]
    for kind in DeliverableKind.values:
        accountability_submit(actor=head, accountability=flagged, kind=kind, text="检查……")
    returned = accountability_review(
        actor=supervisor,
        accountability=flagged,
        kind=DeliverableKind.RECTIFICATION_PLAN,
        is_accepted=False,
        comment="措施不具体",
    )
    assert returned.status == DeliverableStatus.RETURNED
    accountability_submit(
        actor=head,
        accountability=flagged,
        kind=DeliverableKind.RECTIFICATION_PLAN,
        text="整改方案第二稿",
    )
    for kind in DeliverableKind.values:
        accountability_review(actor=supervisor, accountability=flagged, kind=kind, is_accepted=True)
    flagged.refresh_from_db()
    assert flagged.status == AccountabilityStatus.OPEN  # the admonishment is still due
    closed = accountability_record_admonishment(
        actor=supervisor, accountability=flagged, leader="王局长", admonished_on=date(2026, 11, 2)
    )
    assert closed.status == AccountabilityStatus.CLOSED
    assert closed.closed_at is not None


def test_out_of_order_and_foreign_actions_are_refused(flagged, personas):
    head, supervisor = personas[Role.DEPARTMENT_HEAD], personas[Role.EFFICIENCY_SUPERVISOR]
    with pytest.raises(Conflict):
        accountability_review(
            actor=supervisor,
            accountability=flagged,
            kind=DeliverableKind.SELF_EXAMINATION,
            is_accepted=True,
        )
    with pytest.raises(NotPermitted):
        accountability_submit(
            actor=supervisor,
            accountability=flagged,
            kind=DeliverableKind.SELF_EXAMINATION,
            text="x",
        )
    with pytest.raises(NotPermitted):
        accountability_review(
            actor=head,
            accountability=flagged,
            kind=DeliverableKind.SELF_EXAMINATION,
            is_accepted=True,
        )
    with pytest.raises(InvalidInput) as error:
        accountability_submit(actor=head, accountability=flagged, kind="poem", text="x")
    assert error.value.field == "kind"
    with pytest.raises(InvalidInput) as error:
        accountability_record_admonishment(
            actor=supervisor, accountability=flagged, leader="", admonished_on=date(2026, 11, 2)
        )
    assert error.value.field == "leader"
