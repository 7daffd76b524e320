"""core.notifications.notify: the entry point every context calls. With the notifications
context installed it goes through the outbox; core on its own writes the in-site message only."""

from __future__ import annotations

import pytest

from xiaoneng.core import notifications
from xiaoneng.core.models import Notification
from xiaoneng.core.notifications import notify
from xiaoneng.core.roles import Role
from xiaoneng.notifications.models import Message
from xiaoneng.notifications.outbox import dispatch

pytestmark = pytest.mark.django_db


def test_the_notifications_context_is_the_dispatcher():
    assert notifications._dispatcher is dispatch


def test_core_alone_writes_the_in_site_message_once(org_tree, make_user):
    reviewer = make_user(Role.REVIEWER, organization=org_tree.department)
    notifications.set_dispatcher(None)
    try:
        assert len(notify(recipients=[reviewer], title="T", dedupe_key="k")) == 1
        assert notify(recipients=[reviewer], title="T", dedupe_key="k") == []
    finally:
        notifications.set_dispatcher(dispatch)
    assert Notification.objects.filter(recipient=reviewer).count() == 1
    assert not Message.objects.exists()


def test_existing_callers_keyword_arguments_still_work(org_tree, make_user):
    """Every caller in src passes recipients, title, body, link, level and dedupe_key."""
    reviewer = make_user(Role.REVIEWER, organization=org_tree.department)
    [created] = notify(
        recipients=[reviewer],
        title="退件报备",
        body="理由",
        link="/workbench/cases/X/",
        level="warning",
        dedupe_key="cases.refusal_filing:1",
    )
    assert (created.title, created.body, created.link, created.level) == (
        "退件报备",
        "理由",
        "/workbench/cases/X/",
        "warning",
    )
