"""Outcomes of founded complaints; an efficiency warning is created in supervision."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.complaints.factories import make_complaint
from xiaoneng.complaints import services
from xiaoneng.complaints.models import Conclusion, OutcomeKind
from xiaoneng.complaints.selectors import complainant_for
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.models import AuditRecord, Notification
from xiaoneng.core.roles import ROLE_PERMS, Perm, Role
from xiaoneng.supervision.models import EfficiencyWarning

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(make_user, org_tree):  # type: ignore[no-untyped-def]
    return make_user(Role.REVIEWER, organization=org_tree.department, real_name="周涛")


def test_warning_outcome_creates_the_supervision_warning(make_user, org_tree, clerk):  # type: ignore[no-untyped-def]
    actor = make_user(
        Role.COMPLAINT_HANDLER, Role.EFFICIENCY_SUPERVISOR, organization=org_tree.complaint_centre
    )
    complaint = make_complaint(
        handler=actor, unit=org_tree.department, state="concluded", person=clerk
    )
    outcome = services.complaint_add_outcome(
        actor=actor, complaint=complaint, kind=OutcomeKind.EFFICIENCY_WARNING, person=clerk
    )
    warning = EfficiencyWarning.objects.get(source_ref=complaint.number)
    assert warning.person == clerk
    assert outcome.supervision_ref == warning.number


@pytest.fixture
def without_warning_right(monkeypatch):  # type: ignore[no-untyped-def]
    """A city that keeps warnings with the efficiency office alone: the centre loses the right."""
    perms = ROLE_PERMS[Role.COMPLAINT_HANDLER] - {Perm.WARNING_ISSUE}
    monkeypatch.setitem(ROLE_PERMS, Role.COMPLAINT_HANDLER, perms)


def test_the_complaint_centre_issues_the_warning_when_it_decides_it(handler, org_tree, clerk):  # type: ignore[no-untyped-def]
    complaint = make_complaint(handler=handler, unit=org_tree.department, state="concluded")
    outcome = services.complaint_add_outcome(
        actor=handler, complaint=complaint, kind=OutcomeKind.EFFICIENCY_WARNING, person=clerk
    )
    warning = EfficiencyWarning.objects.get(source_ref=complaint.number)
    assert (warning.person, outcome.supervision_ref) == (clerk, warning.number)


def test_handler_without_warning_right_keeps_outcome_and_alerts_supervisors(
    handler, personas, org_tree, clerk, without_warning_right
):  # type: ignore[no-untyped-def]
    complaint = make_complaint(handler=handler, unit=org_tree.department, state="concluded")
    outcome = services.complaint_add_outcome(
        actor=handler, complaint=complaint, kind=OutcomeKind.EFFICIENCY_WARNING, person=clerk
    )
    assert outcome.person_name == "周涛"
    assert outcome.supervision_ref == ""
    supervisor = personas[Role.EFFICIENCY_SUPERVISOR]
    assert Notification.objects.filter(
        recipient=supervisor, title__contains=complaint.number
    ).exists()


def test_unfounded_complaint_has_no_outcome(handler, org_tree):  # type: ignore[no-untyped-def]
    complaint = make_complaint(
        handler=handler,
        unit=org_tree.department,
        state="concluded",
        conclusion=Conclusion.UNFOUNDED,
    )
    with pytest.raises(Conflict):
        services.complaint_add_outcome(
            actor=handler, complaint=complaint, kind=OutcomeKind.ADMONISHMENT, person_name="某"
        )


def test_outcome_before_conclusion_is_refused(handler, org_tree):  # type: ignore[no-untyped-def]
    complaint = make_complaint(handler=handler, unit=org_tree.department, state="investigated")
    with pytest.raises(Conflict) as error:
        services.complaint_add_outcome(
            actor=handler, complaint=complaint, kind=OutcomeKind.ADMONISHMENT, person_name="某"
        )
    assert error.value.field == "status"


def test_unknown_outcome_kind_is_refused(handler, org_tree):  # type: ignore[no-untyped-def]
    complaint = make_complaint(handler=handler, unit=org_tree.department, state="concluded")
    with pytest.raises(InvalidInput) as error:
        services.complaint_add_outcome(actor=handler, complaint=complaint, kind="fine")
    assert error.value.field == "kind"


def test_identity_is_seen_only_by_handlers(handler, unit_head, personas, org_tree):  # type: ignore[no-untyped-def]
    complaint = make_complaint(
        handler=handler,
        unit=org_tree.department,
        state="transferred",
        complainant_name="王小明",
        complainant_phone="13912345678",
    )
    assert complainant_for(handler, complaint).name == "王小明"
    for viewer in (unit_head, personas[Role.LEADER], None):
        shown = complainant_for(viewer, complaint)
        assert shown.is_masked and shown.name == "王**" and shown.phone == "139****5678"


def test_supervisor_issues_the_pending_warning_from_the_complaint_page(
    handler, personas, org_tree, clerk, without_warning_right
):  # type: ignore[no-untyped-def]
    complaint = make_complaint(handler=handler, unit=org_tree.department, state="concluded")
    handler_client = Client()
    handler_client.force_login(handler)
    handler_client.post(
        f"/workbench/complaints/{complaint.number}/outcome/",
        {"outcome-kind": OutcomeKind.EFFICIENCY_WARNING, "outcome-person": clerk.pk},
    )
    outcome = complaint.outcomes.get()
    assert outcome.person == clerk and outcome.supervision_ref == ""
    supervisor = Client()
    supervisor.force_login(personas[Role.EFFICIENCY_SUPERVISOR])
    page = supervisor.get(f"/workbench/complaints/{complaint.number}/").content.decode()
    assert f"/outcomes/{outcome.pk}/warning/" in page
    supervisor.post(f"/workbench/complaints/{complaint.number}/outcomes/{outcome.pk}/warning/")
    outcome.refresh_from_db()
    warning = EfficiencyWarning.objects.get(source_ref=complaint.number)
    assert outcome.supervision_ref == warning.number and warning.person == clerk
    # once only
    with pytest.raises(Conflict):
        services.complaint_outcome_issue_warning(
            actor=personas[Role.EFFICIENCY_SUPERVISOR], outcome=outcome
        )


def test_unmasked_identity_views_are_audited(handler, unit_head, org_tree):  # type: ignore[no-untyped-def]
    complaint = make_complaint(handler=handler, unit=org_tree.department, state="transferred")
    for user, expected in ((handler, 1), (unit_head, 1)):
        client = Client()
        client.force_login(user)
        client.get(f"/workbench/complaints/{complaint.number}/")
        seen = AuditRecord.objects.filter(
            action="personal_data.unmask", object_id=str(complaint.pk)
        )
        assert seen.count() == expected
