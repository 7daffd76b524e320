"""notify(): one in-site message per recipient and key, logged; written in the caller's
transaction (a rollback sends nothing); existing callers' title/body alerts still work."""

from __future__ import annotations

import pytest
from django.db import transaction

from xiaoneng.core.models import Notification
from xiaoneng.core.notifications import notify
from xiaoneng.core.roles import Role
from xiaoneng.notifications.kinds import Channel
from xiaoneng.notifications.models import DeliveryStatus, Message

pytestmark = pytest.mark.django_db


def test_alert_is_written_once_per_recipient_and_key(org_tree, make_user):
    reviewer = make_user(Role.REVIEWER, organization=org_tree.department)
    first = notify(recipients=[reviewer, reviewer], title="T", body="B", dedupe_key="k")
    again = notify(recipients=[reviewer], title="T", body="B", dedupe_key="k")
    assert [n.title for n in first] == ["T"] and again == []
    assert Notification.objects.filter(recipient=reviewer).count() == 1
    logged = Message.objects.get(recipient=reviewer)
    assert (logged.channel, logged.status, logged.notification) == (
        Channel.IN_SITE,
        DeliveryStatus.SENT,
        first[0],
    )


def test_rolled_back_caller_leaves_no_message(org_tree, make_user):
    reviewer = make_user(Role.REVIEWER, organization=org_tree.department)
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(recipients=[reviewer], title="T", dedupe_key="k")
        raise RuntimeError
    assert not Notification.objects.exists() and not Message.objects.exists()
