"""The applicant hears of acceptance, the supplement notice, the decision and delivery — live
events only, never an imported history; statutory notices ignore opt-outs (行政许可法 Art. 32,
38, 44; notifications/kinds.py)."""

from __future__ import annotations

import pytest

from tests.cases.factories import ApplicantFactory, at, make_item
from xiaoneng.cases import services
from xiaoneng.cases.models import Case
from xiaoneng.cases.models import Channel as CaseChannel
from xiaoneng.cases.services._base import importing
from xiaoneng.cases.signals import case_event_recorded
from xiaoneng.core.models import Notification, UserKind
from xiaoneng.core.roles import Role
from xiaoneng.notifications.kinds import Channel, MessageKind
from xiaoneng.notifications.models import DeliveryStatus, Message, Preference

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(org_tree, make_user, settings):  # type: ignore[no-untyped-def]
    settings.NOTIFICATION_CHANNELS = ["in_site", "sms"]
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/sms"  # never reached: flush not called
    clerk = make_user(Role.WINDOW_CLERK, organization=org_tree.department)
    head = make_user(Role.DEPARTMENT_HEAD, organization=org_tree.department)
    account = make_user(organization=None, kind=UserKind.APPLICANT, phone="13900139000")
    applicant = ApplicantFactory(account=account, phone="13900139000", name="王小明")
    return {
        "clerk": clerk,
        "head": head,
        "applicant": applicant,
        "item": make_item(org_tree.department),
    }


def _submit(desk, when="2025-09-29"):  # type: ignore[no-untyped-def]
    return services.case_submit(
        actor=desk["clerk"],
        item_version=desk["item"],
        applicant=desk["applicant"],
        channel=CaseChannel.WINDOW,
        at=at(when),
    )


def _kinds(applicant):  # type: ignore[no-untyped-def]
    return list(
        Message.objects.filter(applicant=applicant)
        .order_by("id")
        .values_list("kind", "channel", "is_statutory")
    )


def test_acceptance_notice_in_site_and_sms_in_chinese(desk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = _submit(desk)
    assert _kinds(desk["applicant"]) == []  # receipt alone: no message
    with django_capture_on_commit_callbacks(execute=True):
        services.case_accept(actor=desk["clerk"], case=case, at=at("2025-09-29", 11))
    assert _kinds(desk["applicant"]) == [
        (MessageKind.CASE_ACCEPTED, Channel.IN_SITE, True),
        (MessageKind.CASE_ACCEPTED, Channel.SMS, True),
    ]
    inbox = Notification.objects.get(recipient=desk["applicant"].account)
    assert inbox.title == f"您的申请已受理（{case.number}）"
    assert (
        "王小明" in inbox.body
        and "2025-09-29" in inbox.body
        and inbox.link.endswith(f"/cases/mine/{case.number}/")
    )
    sms = Message.objects.get(applicant=desk["applicant"], channel=Channel.SMS)
    assert sms.address == "13900139000" and case.number in sms.body


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        # (service calls after submission, the kind of the last message) — Art. 32 (4)
        (["supplement"], MessageKind.SUPPLEMENT_REQUESTED),
        (["refuse"], MessageKind.CASE_REFUSED),  # Art. 32 (1)-(2)
        (["accept", "review", "approve"], MessageKind.CASE_DECIDED),  # Art. 38
        (["accept", "review", "deny"], MessageKind.CASE_DECIDED),  # Art. 38
        (["accept", "review", "approve", "deliver"], MessageKind.CASE_DELIVERED),  # Art. 44
    ],
)
def test_each_notice_reaches_the_applicant(
    desk, django_capture_on_commit_callbacks, steps, expected
):
    with django_capture_on_commit_callbacks(execute=True):
        case = _submit(desk)
    actions = {
        "supplement": lambda: services.case_request_supplement(
            actor=desk["clerk"], case=case, materials=["营业执照副本"], at=at("2025-09-29", 11)
        ),
        "refuse": lambda: services.case_refuse(
            actor=desk["clerk"],
            case=case,
            reason="不属于本机关职权范围",
            legal_basis="行政许可法第三十二条",
            at=at("2025-09-29", 11),
        ),
        "accept": lambda: services.case_accept(
            actor=desk["clerk"], case=case, at=at("2025-09-29", 11)
        ),
        "review": lambda: services.case_start_review(
            actor=desk["head"], case=case, at=at("2025-09-30")
        ),
        "approve": lambda: services.case_approve(
            actor=desk["head"], case=case, at=at("2025-09-30", 15)
        ),
        "deny": lambda: services.case_deny(
            actor=desk["head"],
            case=case,
            reason="条件不符",
            legal_basis="某条例第五条",
            remedies="可于六十日内申请行政复议",
            at=at("2025-09-30", 15),
        ),
        "deliver": lambda: services.case_deliver(
            actor=desk["clerk"], case=case, method="邮寄", at=at("2025-10-09")
        ),
    }
    for step in steps:
        with django_capture_on_commit_callbacks(execute=True):
            actions[step]()
    last = Message.objects.filter(applicant=desk["applicant"]).latest("id")
    assert last.kind == expected
    if expected == MessageKind.SUPPLEMENT_REQUESTED:
        assert "营业执照副本" in last.body
    if "deny" in steps:
        assert "可于六十日内申请行政复议" in last.notification.body


def test_statutory_notice_ignores_opt_out_informational_does_not(
    desk, django_capture_on_commit_callbacks
):
    Preference.objects.create(user=desk["applicant"].account, sms_opt_out=True)
    with django_capture_on_commit_callbacks(execute=True):
        case = _submit(desk)
    for step in (
        lambda: services.case_accept(actor=desk["clerk"], case=case, at=at("2025-09-29", 11)),
        lambda: services.case_start_review(actor=desk["head"], case=case, at=at("2025-09-30")),
        lambda: services.case_approve(actor=desk["head"], case=case, at=at("2025-09-30", 15)),
        lambda: services.case_deliver(actor=desk["clerk"], case=case, at=at("2025-10-09")),
    ):
        with django_capture_on_commit_callbacks(execute=True):
            step()
    sms = dict(
        Message.objects.filter(applicant=desk["applicant"], channel=Channel.SMS).values_list(
            "kind", "status"
        )
    )
    assert sms[MessageKind.CASE_ACCEPTED] != DeliveryStatus.SKIPPED
    assert sms[MessageKind.CASE_DECIDED] != DeliveryStatus.SKIPPED
    assert sms[MessageKind.CASE_DELIVERED] == DeliveryStatus.SKIPPED


def test_applicant_without_account_gets_sms_only(desk, django_capture_on_commit_callbacks):
    desk["applicant"] = ApplicantFactory(phone="13700137000")
    with django_capture_on_commit_callbacks(execute=True):
        case = _submit(desk)
    with django_capture_on_commit_callbacks(execute=True):
        services.case_accept(actor=desk["clerk"], case=case, at=at("2025-09-29", 11))
    [sms] = Message.objects.filter(applicant=desk["applicant"])
    assert (sms.channel, sms.recipient, sms.address) == (Channel.SMS, None, "13700137000")
    assert "/cases/track/" not in sms.body  # SMS text has no link; the e-mail would


def test_imported_history_notifies_no_one(desk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), importing():
        case = services.case_submit(
            actor=None,
            item_version=desk["item"],
            applicant=desk["applicant"],
            channel=CaseChannel.WINDOW,
            at=at("2024-03-01"),
        )
        services.case_accept(actor=None, case=case, at=at("2024-03-01", 11))
    assert not Message.objects.exists() and not Notification.objects.exists()


def test_the_same_event_twice_notifies_once(desk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = _submit(desk)
        services.case_accept(actor=desk["clerk"], case=case, at=at("2025-09-29", 11))
    event = case.events.latest("sequence")
    case_event_recorded.send(sender=Case, case=case, event=event)
    assert Message.objects.filter(applicant=desk["applicant"], channel=Channel.IN_SITE).count() == 1
