"""Delivery of e-mail and SMS from the outbox: by the task after commit, retried with back-off
on a temporary failure, failed for good on a permanent one — against a real local HTTP
gateway (conftest.sms_gateway) and Django's e-mail backends."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from xiaoneng.core.notifications import notify
from xiaoneng.core.roles import Role
from xiaoneng.notifications.delivery import RETRY_DELAYS, outbox_flush
from xiaoneng.notifications.kinds import Channel
from xiaoneng.notifications.models import DeliveryStatus, Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(org_tree, make_user):  # type: ignore[no-untyped-def]
    return make_user(
        Role.REVIEWER,
        organization=org_tree.department,
        email="reviewer@example.gov.cn",
        phone="13800138000",
    )


def _alert(reviewer, key: str = "k"):  # type: ignore[no-untyped-def]
    return notify(
        recipients=[reviewer], title="办件超期", body="请处理", link="/workbench/", dedupe_key=key
    )


def test_email_and_sms_are_sent_by_the_task_after_commit(
    reviewer, all_channels, sms_gateway, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _alert(reviewer)
        # inside the transaction: written to the outbox, nothing sent yet
        assert set(Message.objects.values_list("channel", "status")) == {
            (Channel.IN_SITE, DeliveryStatus.SENT),
            (Channel.EMAIL, DeliveryStatus.QUEUED),
            (Channel.SMS, DeliveryStatus.QUEUED),
        }
        assert mail.outbox == [] and sms_gateway.received == []
    for callback in callbacks:
        callback()
    assert set(Message.objects.values_list("channel", "status")) == {
        (Channel.IN_SITE, DeliveryStatus.SENT),
        (Channel.EMAIL, DeliveryStatus.SENT),
        (Channel.SMS, DeliveryStatus.SENT),
    }
    [email] = mail.outbox
    assert email.to == ["reviewer@example.gov.cn"] and "办件超期" in email.subject
    assert "https://zwfw.example.gov.cn/workbench/" in email.body  # absolute link outside
    assert sms_gateway.received == [
        {"phone": "13800138000", "text": "【政务服务效能平台】办件超期"}
    ]
    assert sms_gateway.headers[0]["Authorization"] == "Bearer test-token"


def test_gateway_failure_is_retried_with_back_off_then_sent(
    reviewer, all_channels, sms_gateway, django_capture_on_commit_callbacks
):
    sms_gateway.answers = [503, 502, 200]
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            _alert(reviewer)
        sms = Message.objects.get(channel=Channel.SMS)
        assert (sms.status, sms.attempts) == (DeliveryStatus.QUEUED, 1)
        assert "HTTP 503" in sms.last_error
        assert sms.next_attempt_at == start + timedelta(seconds=RETRY_DELAYS[0])
        assert outbox_flush() == 0  # not due yet: nothing sent early
        clock.shift(timedelta(seconds=RETRY_DELAYS[0]))
        assert outbox_flush() == 0  # second attempt: 502, pushed back by the next delay
        sms.refresh_from_db()
        assert (sms.status, sms.attempts) == (DeliveryStatus.QUEUED, 2)
        assert sms.next_attempt_at == timezone.now() + timedelta(seconds=RETRY_DELAYS[1])
        clock.shift(timedelta(seconds=RETRY_DELAYS[1]))
        assert outbox_flush() == 1
    sms.refresh_from_db()
    assert (sms.status, sms.attempts, sms.last_error) == (DeliveryStatus.SENT, 3, "")
    assert len(sms_gateway.received) == 3


def test_gateway_down_for_good_ends_failed_after_the_last_retry(
    reviewer, all_channels, sms_gateway, django_capture_on_commit_callbacks
):
    sms_gateway.answers = [500]
    with time_machine.travel(timezone.now(), tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            _alert(reviewer)
        for delay in RETRY_DELAYS:
            clock.shift(timedelta(seconds=delay))
            outbox_flush()
    sms = Message.objects.get(channel=Channel.SMS)
    assert (sms.status, sms.attempts) == (DeliveryStatus.FAILED, len(RETRY_DELAYS) + 1)
    assert "HTTP 500" in sms.last_error and sms.next_attempt_at is None
    assert len(sms_gateway.received) == len(RETRY_DELAYS) + 1


@pytest.mark.parametrize(
    ("status", "expected", "attempts"),
    [
        (400, DeliveryStatus.FAILED, 1),  # refused number: permanent
        (403, DeliveryStatus.FAILED, 1),
        (429, DeliveryStatus.QUEUED, 1),  # throttled: try again later
        (408, DeliveryStatus.QUEUED, 1),
        (503, DeliveryStatus.QUEUED, 1),
        (200, DeliveryStatus.SENT, 1),
    ],
)
def test_gateway_answer_decides_retry_or_failure(
    reviewer,
    all_channels,
    sms_gateway,
    django_capture_on_commit_callbacks,
    status,
    expected,
    attempts,
):
    sms_gateway.answers = [status]
    with django_capture_on_commit_callbacks(execute=True):
        _alert(reviewer)
    sms = Message.objects.get(channel=Channel.SMS)
    assert (sms.status, sms.attempts) == (expected, attempts)


def test_unreachable_mail_server_is_a_temporary_failure(
    reviewer, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_CHANNELS = ["in_site", "email"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    with django_capture_on_commit_callbacks(execute=True):
        _alert(reviewer)
    email = Message.objects.get(channel=Channel.EMAIL)
    assert (email.status, email.attempts) == (DeliveryStatus.QUEUED, 1)
    assert email.last_error.startswith("mail server")


def test_unreachable_gateway_is_a_temporary_failure(
    reviewer, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_CHANNELS = ["in_site", "sms"]
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/sms"  # discard port: connection refused
    with django_capture_on_commit_callbacks(execute=True):
        _alert(reviewer)
    sms = Message.objects.get(channel=Channel.SMS)
    assert sms.status == DeliveryStatus.QUEUED and "unreachable" in sms.last_error


def test_lost_enqueue_is_delivered_by_the_flush(reviewer, all_channels, sms_gateway):
    """The process died between commit and enqueue: the outbox row is still there."""
    _alert(reviewer)  # on_commit never runs inside the test transaction
    assert Message.objects.filter(status=DeliveryStatus.QUEUED).count() == 2
    assert outbox_flush() == 2
    assert len(mail.outbox) == 1 and len(sms_gateway.received) == 1


def test_a_claimed_message_is_not_sent_twice(reviewer, all_channels, sms_gateway):
    _alert(reviewer)
    sms = Message.objects.get(channel=Channel.SMS)
    Message.objects.filter(pk=sms.pk).update(
        status=DeliveryStatus.SENDING, claimed_at=timezone.now()
    )
    outbox_flush()
    assert sms_gateway.received == []  # another worker holds it
    with time_machine.travel(timezone.now() + timedelta(minutes=16), tick=False):
        outbox_flush()  # that worker died: the stale claim is taken back
    assert len(sms_gateway.received) == 1


def test_no_address_no_outbox_row(org_tree, make_user, all_channels):
    nobody = make_user(Role.REVIEWER, organization=org_tree.department, email="", phone="")
    _alert(nobody)
    assert list(Message.objects.values_list("channel", flat=True)) == [Channel.IN_SITE]
