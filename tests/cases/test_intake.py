"""Receiving applications: submit, accept, refuse, one-time notice, deemed acceptance
(行政许可法 Art. 32)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.cases.factories import at, make_item
from xiaoneng.cases import services
from xiaoneng.cases.models import Case, CaseEvent, Channel, RefusalFiling
from xiaoneng.cases.signals import case_event_recorded
from xiaoneng.cases.workflow import EventKind, Status
from xiaoneng.catalog.models import HandlingType
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.models import Notification

D = date.fromisoformat


def submit(desk, when: str = "2025-09-28", **kwargs) -> Case:  # type: ignore[no-untyped-def]
    return services.case_submit(
        actor=desk.clerk,
        item_version=kwargs.pop("item", desk.item),
        applicant=desk.applicant,
        channel=Channel.WINDOW,
        at=at(when),
        **kwargs,
    )


def test_submit_records_event_number_code_and_first_responder(desk) -> None:  # type: ignore[no-untyped-def]
    case = submit(desk)
    assert case.status == Status.SUBMITTED
    assert case.number.startswith("XN2025")
    assert len(case.verification_code) == 6
    assert case.first_responder == desk.clerk
    assert case.agency == desk.agency
    event = case.events.get()
    assert (event.sequence, event.kind) == (1, EventKind.SUBMITTED)
    assert event.payload["notice_due_on"] == "2025-10-11"


def test_accept_on_makeup_sunday_is_due_on_makeup_saturday(desk) -> None:  # type: ignore[no-untyped-def]
    """Accepted on the make-up Sunday 2025-09-28 with 5 WD → due 2025-10-11 (make-up Sat)."""
    case = submit(desk)
    services.case_accept(actor=desk.clerk, case=case, at=at("2025-09-28", 11))
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED
    assert case.accepted_on == D("2025-09-28")
    assert case.committed_due_on == D("2025-10-11")
    assert case.legal_due_on == D("2025-10-31")
    assert case.is_deadline_provisional is False


def test_immediate_item_is_due_on_the_day_of_acceptance(desk) -> None:  # type: ignore[no-untyped-def]
    """即办事项不过夜: immediate items are due the same day."""
    item = make_item(desk.agency, handling_type=HandlingType.IMMEDIATE)
    case = submit(desk, "2025-06-06", item=item)
    services.case_accept(actor=desk.clerk, case=case, at=at("2025-06-06", 11))
    assert case.committed_due_on == D("2025-06-06")


def test_provisional_flag_when_deadline_reaches_unannounced_year(desk) -> None:  # type: ignore[no-untyped-def]
    case = submit(desk, "2026-12-21")
    services.case_accept(actor=desk.clerk, case=case, at=at("2026-12-21", 11))
    assert case.legal_due_on.year == 2027
    assert case.is_deadline_provisional is True


def test_refuse_requires_reason_and_legal_basis(desk) -> None:  # type: ignore[no-untyped-def]
    case = submit(desk)
    with pytest.raises(InvalidInput) as error:
        services.case_refuse(
            actor=desk.clerk, case=case, reason=" ", legal_basis="x", at=at("2025-09-29")
        )
    assert error.value.field == "reason"
    with pytest.raises(InvalidInput) as error:
        services.case_refuse(
            actor=desk.clerk,
            case=case,
            reason="不属于本机关职权",
            legal_basis="",
            at=at("2025-09-29"),
        )
    assert error.value.field == "legal_basis"
    assert Case.objects.get(pk=case.pk).status == Status.SUBMITTED


def test_refusal_is_filed_with_the_supervisors(desk, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    case = submit(desk)
    services.case_refuse(
        actor=desk.clerk,
        case=case,
        reason="不属于本机关职权范围",
        legal_basis="《行政许可法》第三十二条第一款第二项",
        at=at("2025-09-29"),
    )
    assert case.status == Status.REFUSED
    filing = RefusalFiling.objects.get(case=case)
    assert filing.kind == EventKind.REFUSED
    assert filing.legal_basis.startswith("《行政许可法》")
    assert Notification.objects.filter(recipient=desk.supervisor).count() == 1


def test_second_supplement_notice_is_recorded_as_a_breach(desk) -> None:  # type: ignore[no-untyped-def]
    """One-time notice: every missing material in ONE notice (Art. 32 (4))."""
    case = submit(desk)
    services.case_request_supplement(
        actor=desk.clerk, case=case, materials=["营业执照", "章程"], at=at("2025-09-29")
    )
    first = case.events.get(kind=EventKind.SUPPLEMENT_REQUESTED)
    assert first.payload == {"materials": ["营业执照", "章程"]}
    services.case_supplement(actor=None, case=case, at=at("2025-09-30"))
    assert case.status == Status.SUBMITTED
    services.case_request_supplement(
        actor=desk.clerk, case=case, materials=["租赁合同"], at=at("2025-10-09")
    )
    second = case.events.filter(kind=EventKind.SUPPLEMENT_REQUESTED).last()
    assert second.payload["breach"] == "second_supplement_notice"
    assert case.status == Status.SUPPLEMENT_REQUESTED


def test_supplement_notice_needs_materials(desk) -> None:  # type: ignore[no-untyped-def]
    case = submit(desk)
    with pytest.raises(InvalidInput) as error:
        services.case_request_supplement(
            actor=desk.clerk, case=case, materials=["", " "], at=at("2025-09-29")
        )
    assert error.value.field == "materials"


@pytest.mark.parametrize(
    ("received", "as_of", "deemed"),
    [
        ("2025-09-30", "2025-10-14", False),  # notice still possible on the 5th WD
        ("2025-09-30", "2025-10-15", True),  # period over across National Day
        ("2025-06-02", "2025-06-10", True),
    ],
)
def test_sweep_deems_accepted_on_day_of_receipt(desk, received, as_of, deemed) -> None:  # type: ignore[no-untyped-def]
    """Art. 32: no notice within 5 WD → counts as accepted on the day it was received."""
    case = submit(desk, received)
    assert services.case_deem_accepted_overdue(as_of=D(as_of)) == int(deemed)
    case.refresh_from_db()
    if deemed:
        assert case.status == Status.ACCEPTED
        assert case.accepted_on == D(received)
        assert case.is_deemed_accepted
        event = case.events.get(kind=EventKind.DEEMED_ACCEPTED)
        assert "Art. 32" in event.reason
        assert event.payload["breach"] == "no_notice_within_5_workdays"
    else:
        assert case.status == Status.SUBMITTED


def test_late_supplement_notice_finds_the_case_deemed_accepted(desk) -> None:  # type: ignore[no-untyped-def]
    """Detection on the next action: the deemed acceptance is kept, the notice refused."""
    case = submit(desk, "2025-09-30")
    with pytest.raises(Conflict):
        services.case_request_supplement(
            actor=desk.clerk, case=case, materials=["章程"], at=at("2025-10-15")
        )
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED
    assert case.accepted_on == D("2025-09-30")


def test_late_accept_counts_from_receipt(desk) -> None:  # type: ignore[no-untyped-def]
    case = submit(desk, "2025-06-02")
    services.case_accept(actor=desk.clerk, case=case, at=at("2025-06-16"))
    assert case.accepted_on == D("2025-06-02")
    assert list(case.events.values_list("kind", flat=True)) == [
        EventKind.SUBMITTED,
        EventKind.DEEMED_ACCEPTED,
    ]


def test_accept_needs_permission_in_scope(desk) -> None:  # type: ignore[no-untyped-def]
    case = submit(desk)
    with pytest.raises(NotPermitted):
        services.case_accept(actor=desk.outsider, case=case, at=at("2025-09-29"))
    with pytest.raises(NotPermitted):
        services.case_accept(actor=desk.supervisor, case=case, at=at("2025-09-29"))


def test_accept_twice_is_a_conflict(desk) -> None:  # type: ignore[no-untyped-def]
    case = submit(desk)
    services.case_accept(actor=desk.clerk, case=case, at=at("2025-09-29"))
    with pytest.raises(Conflict) as error:
        services.case_accept(actor=desk.clerk, case=case, at=at("2025-09-29", 12))
    assert error.value.status_code == 409


def test_events_cannot_go_back_in_time(desk) -> None:  # type: ignore[no-untyped-def]
    case = submit(desk, "2025-09-29")
    with pytest.raises(InvalidInput) as error:
        services.case_accept(actor=desk.clerk, case=case, at=at("2025-09-28"))
    assert error.value.field == "occurred_at"


def test_signal_is_sent_after_commit(desk, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    received = []

    def receiver(sender, case, event, **kwargs):  # type: ignore[no-untyped-def]
        received.append((case.number, event.kind))

    case_event_recorded.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            case = submit(desk)
            assert received == []
        assert received == [(case.number, EventKind.SUBMITTED)]
    finally:
        case_event_recorded.disconnect(receiver)


def test_applicant_applies_online_only_for_themself(desk, make_user) -> None:  # type: ignore[no-untyped-def]
    from xiaoneng.core.models import UserKind

    account = make_user(organization=None, kind=UserKind.APPLICANT)
    desk.applicant.account = account
    desk.applicant.save()
    case = services.case_submit(
        actor=account,
        item_version=desk.item,
        applicant=desk.applicant,
        channel=Channel.WEB,
        at=at("2025-09-29"),
        is_green_channel=True,
    )
    assert case.first_responder is None
    assert case.is_green_channel is False
    with pytest.raises(InvalidInput) as error:
        services.case_submit(
            actor=account,
            item_version=desk.item,
            applicant=desk.applicant,
            channel=Channel.WINDOW,
            at=at("2025-09-29"),
        )
    assert error.value.field == "channel"
    assert CaseEvent.objects.filter(case=case).count() == 1
