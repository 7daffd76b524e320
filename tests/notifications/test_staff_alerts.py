"""Staff are told when a case turns yellow (deadline near) and red (past the committed
deadline), in-site and by e-mail and SMS with the deadline templates; once per level."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from tests.supervision.factories import make_case, make_version
from xiaoneng.core.roles import Role
from xiaoneng.notifications.kinds import Channel, MessageKind
from xiaoneng.notifications.models import Message
from xiaoneng.supervision.sweep import supervise

pytestmark = pytest.mark.django_db
D = date.fromisoformat


def test_yellow_then_red_to_assignee_and_supervisor(
    org_tree, make_user, all_channels, sms_gateway, django_capture_on_commit_callbacks
):
    assignee = make_user(Role.REVIEWER, organization=org_tree.department, email="a@example.gov.cn")
    supervisor = make_user(
        Role.EFFICIENCY_SUPERVISOR,
        organization=org_tree.efficiency_office,
        email="s@example.gov.cn",
    )
    version = make_version(org_tree.department, committed=5, legal=20)
    case = make_case(version, accepted_on=D("2025-09-04"), assignee=assignee)
    with django_capture_on_commit_callbacks(execute=True):
        supervise(as_of=D("2025-09-09"))  # yellow
    yellow = Message.objects.filter(kind=MessageKind.DEADLINE_YELLOW)
    assert set(yellow.values_list("recipient", "channel")) == {
        (assignee.pk, Channel.IN_SITE),
        (assignee.pk, Channel.EMAIL),
        (assignee.pk, Channel.SMS),
        (supervisor.pk, Channel.IN_SITE),
        (supervisor.pk, Channel.EMAIL),
        (supervisor.pk, Channel.SMS),
    }
    in_site = yellow.get(recipient=assignee, channel=Channel.IN_SITE).notification
    assert in_site.title == f"办件 {case.number} 临近承诺时限（2025-09-11）"
    assert any(f"办件 {case.number} 临近承诺时限" in m.subject for m in mail.outbox)
    assert any("黄灯" in sms["text"] for sms in sms_gateway.received)
    with django_capture_on_commit_callbacks(execute=True):
        supervise(as_of=D("2025-09-09"))  # again: nothing new
        supervise(as_of=D("2025-09-12"))  # red
    assert yellow.count() == 6
    red = Message.objects.filter(kind=MessageKind.DEADLINE_RED, channel=Channel.SMS)
    assert red.count() == 2 and all("红灯" in m.body for m in red)
