"""Every row of the complaint status table (workflow.py), through the services."""

from __future__ import annotations

import pytest

from tests.complaints.factories import make_complaint
from xiaoneng.complaints import services
from xiaoneng.complaints.models import ComplaintEvent, Conclusion, HandlingMode, Satisfaction
from xiaoneng.complaints.workflow import TRANSITIONS, Action, Status
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.models import AuditRecord
from xiaoneng.core.roles import Role

pytestmark = pytest.mark.django_db


def _do(action, complaint, handler):  # type: ignore[no-untyped-def]
    calls = {
        Action.ACCEPT: lambda: services.complaint_accept(actor=handler, complaint=complaint),
        Action.DECLINE: lambda: services.complaint_decline(
            actor=handler,
            complaint=complaint,
            reason="属于司法诉讼事项",
            referred_to="市中级人民法院",
        ),
        Action.HANDLE_DIRECTLY: lambda: services.complaint_handle_directly(
            actor=handler, complaint=complaint
        ),
        Action.TRANSFER: lambda: services.complaint_transfer(actor=handler, complaint=complaint),
        Action.INVESTIGATE: lambda: services.complaint_investigate(
            actor=handler, complaint=complaint, record="调取监控，情况属实"
        ),
        Action.CONCLUDE: lambda: services.complaint_conclude(
            actor=handler, complaint=complaint, conclusion=Conclusion.FOUNDED
        ),
        Action.REPLY: lambda: services.complaint_reply(
            actor=handler, complaint=complaint, text="经查属实，已责令整改。"
        ),
        Action.FOLLOW_UP: lambda: services.complaint_follow_up(
            actor=handler, complaint=complaint, satisfaction=Satisfaction.SATISFIED
        ),
        Action.CLOSE: lambda: services.complaint_close(actor=handler, complaint=complaint),
    }
    return calls[action]()


STATE_SETUP = {
    Status.REGISTERED: ("registered", None),
    Status.ACCEPTED: ("accepted", None),
    Status.HANDLING: ("accepted", Action.HANDLE_DIRECTLY),
    Status.TRANSFERRED: ("transferred", None),
    Status.INVESTIGATED: ("investigated", None),
    Status.CONCLUDED: ("concluded", None),
    Status.REPLIED: ("replied", None),
    Status.FOLLOWED_UP: ("followed_up", None),
}


def _in_state(status, handler, org_tree, **kwargs):  # type: ignore[no-untyped-def]
    state, extra = STATE_SETUP[status]
    complaint = make_complaint(handler=handler, unit=org_tree.department, state=state, **kwargs)
    if extra:
        complaint = _do(extra, complaint, handler)
    return complaint


@pytest.mark.parametrize(("start", "action"), list(TRANSITIONS))
def test_every_transition_row_moves_the_status(start, action, handler, org_tree):  # type: ignore[no-untyped-def]
    # closing straight after the reply is for anonymous complaints (nobody to visit)
    anonymous = (start, action) == (Status.REPLIED, Action.CLOSE)
    complaint = _in_state(start, handler, org_tree, is_anonymous=anonymous)
    before = complaint.events.count()
    result = _do(action, complaint, handler)
    complaint.refresh_from_db()
    assert complaint.status == TRANSITIONS[(start, action)]
    assert complaint.events.count() == before + 1
    assert AuditRecord.objects.filter(object_id=str(complaint.pk)).exists()
    assert result is not None


OUT_OF_ORDER = [
    (Status.REGISTERED, Action.TRANSFER),
    (Status.REGISTERED, Action.CONCLUDE),
    (Status.ACCEPTED, Action.REPLY),
    (Status.TRANSFERRED, Action.CLOSE),
    (Status.CONCLUDED, Action.ACCEPT),
    (Status.FOLLOWED_UP, Action.DECLINE),
]


@pytest.mark.parametrize(("start", "action"), OUT_OF_ORDER)
def test_steps_out_of_order_are_refused_with_the_status_field(start, action, handler, org_tree):  # type: ignore[no-untyped-def]
    complaint = _in_state(start, handler, org_tree)
    with pytest.raises(Conflict) as error:
        _do(action, complaint, handler)
    assert error.value.field == "status"
    complaint.refresh_from_db()
    assert complaint.status == start


def test_decline_records_reason_and_referral_and_finishes(handler, org_tree):  # type: ignore[no-untyped-def]
    complaint = make_complaint(handler=handler, unit=org_tree.department)
    complaint = services.complaint_decline(
        actor=handler, complaint=complaint, reason="涉法涉诉", referred_to="市信访局"
    )
    assert complaint.status == Status.DECLINED
    assert complaint.referred_to == "市信访局"
    assert complaint.closed_on is not None


def test_decline_without_referral_is_refused(handler, org_tree):  # type: ignore[no-untyped-def]
    complaint = make_complaint(handler=handler, unit=org_tree.department)
    with pytest.raises(InvalidInput) as error:
        services.complaint_decline(actor=handler, complaint=complaint, reason="x", referred_to="")
    assert error.value.field == "referred_to"


def test_transfer_sets_unit_deadline_and_unit_may_reply(handler, unit_head, org_tree):  # type: ignore[no-untyped-def]
    complaint = make_complaint(handler=handler, unit=org_tree.department, state="accepted")
    complaint = services.complaint_transfer(actor=handler, complaint=complaint)
    assert complaint.handling_mode == HandlingMode.TRANSFERRED
    assert complaint.transferred_to == org_tree.department
    assert complaint.unit_due_on <= complaint.due_on
    complaint = services.complaint_investigate(
        actor=unit_head, complaint=complaint, record="已约谈窗口人员"
    )
    assert complaint.status == Status.INVESTIGATED
    assert ComplaintEvent.objects.filter(complaint=complaint, kind="unit_replied").exists()


def test_other_unit_may_not_reply(handler, make_user, org_tree):  # type: ignore[no-untyped-def]
    complaint = make_complaint(handler=handler, unit=org_tree.department, state="transferred")
    outsider = make_user(Role.DEPARTMENT_HEAD, organization=org_tree.other_department)
    with pytest.raises(NotPermitted):
        services.complaint_investigate(actor=outsider, complaint=complaint, record="x")


def test_only_handlers_conclude(unit_head, handler, org_tree):  # type: ignore[no-untyped-def]
    complaint = make_complaint(handler=handler, unit=org_tree.department, state="investigated")
    with pytest.raises(NotPermitted):
        services.complaint_conclude(
            actor=unit_head, complaint=complaint, conclusion=Conclusion.FOUNDED
        )


def test_named_complaint_needs_follow_up_before_closing(handler, org_tree):  # type: ignore[no-untyped-def]
    complaint = make_complaint(handler=handler, unit=org_tree.department, state="replied")
    with pytest.raises(Conflict):
        services.complaint_close(actor=handler, complaint=complaint)


def test_anonymous_complaint_closes_after_reply(handler, org_tree):  # type: ignore[no-untyped-def]
    complaint = make_complaint(
        handler=handler, unit=org_tree.department, state="replied", is_anonymous=True
    )
    complaint = services.complaint_close(actor=handler, complaint=complaint)
    assert complaint.status == Status.CLOSED
    assert complaint.complainant_name == ""


def test_number_and_tracking_code_are_issued(handler, org_tree):  # type: ignore[no-untyped-def]
    complaint = make_complaint(handler=handler, unit=org_tree.department)
    assert complaint.number.startswith("TS")
    assert len(complaint.plain_tracking_code) == 8
    assert complaint.plain_tracking_code not in complaint.tracking_code_hash
