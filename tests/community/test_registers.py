"""Rules 8 and 9: self-government and service registers, forum moderation."""

from __future__ import annotations

import pytest

from xiaoneng.community import selectors
from xiaoneng.community.models import Deliberation, DutyShift, ForumTopic, GridArea
from xiaoneng.community.services import registers as register_services
from xiaoneng.community.services import selfgov as selfgov_services
from xiaoneng.core.errors import InvalidInput, NotFound, NotPermitted

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("register", "data", "model"),
    [
        (
            "deliberations",
            {
                "kind": "deliberation",
                "held_on": "2026-03-01",
                "topic": "加装电梯",
                "participants": "居民代表15人",
                "decision": "同意加装",
            },
            Deliberation,
        ),
        (
            "duty",
            {
                "duty_on": "2026-03-01",
                "kind": "staggered",
                "staff_name": "李静",
                "hours": "12:00–14:00",
            },
            DutyShift,
        ),
        ("forum", {"title": "停车难", "body": "晚上车位不足", "author_name": "居民甲"}, ForumTopic),
    ],
)
def test_register_entries_are_created_for_the_community(cm, register, data, model):
    entry = register_services.register_entry_create(
        actor=cm.community_staff, register=register, community=cm.community, data=data
    )
    assert model.objects.get(pk=entry.pk).community == cm.community
    assert list(selectors.register_list(user=cm.community_staff, model=model)) == [entry]
    assert not selectors.register_list(user=cm.other_community_staff, model=model).exists()


def test_bad_register_input_names_every_field(cm):
    with pytest.raises(InvalidInput) as caught:
        register_services.register_entry_create(
            actor=cm.community_staff,
            register="duty",
            community=cm.community,
            data={"duty_on": "not a date", "kind": "nap", "staff_name": "", "hours": "x"},
        )
    fields = {f for f, _m in caught.value.errors}
    assert fields == {"duty_on", "kind", "staff_name"}


def test_grid_area_staff_must_belong_to_the_community(cm):
    with pytest.raises(InvalidInput) as caught:
        register_services.register_entry_create(
            actor=cm.community_staff,
            register="grid",
            community=cm.community,
            data={"staff": cm.other_community_staff.pk, "area": "1-3号楼"},
        )
    assert caught.value.field == "staff"
    entry = register_services.register_entry_create(
        actor=cm.community_staff,
        register="grid",
        community=cm.community,
        data={"staff": cm.community_staff.pk, "area": "1-3号楼", "linked_units": "幸福小学"},
    )
    assert isinstance(entry, GridArea)


def test_unknown_register_and_foreign_community(cm):
    with pytest.raises(NotFound):
        register_services.register_entry_create(
            actor=cm.community_staff, register="nope", community=cm.community, data={}
        )
    with pytest.raises(NotPermitted):
        register_services.register_entry_create(
            actor=cm.other_community_staff,
            register="pledges",
            community=cm.community,
            data={"published_on": "2026-03-01", "text": "马上办"},
        )


def test_forum_replies_and_moderation(cm):
    topic = register_services.register_entry_create(
        actor=cm.community_staff,
        register="forum",
        community=cm.community,
        data={"title": "停车难", "body": "车位不足", "author_name": "居民甲"},
    )
    reply = selfgov_services.forum_reply_add(
        actor=cm.community_staff, topic=topic, body="建议错峰停车", author_name="居民乙"
    )
    selfgov_services.forum_moderate(
        actor=cm.community_staff, topic=topic, reply=reply, hide=True, note="广告"
    )
    reply.refresh_from_db()
    assert reply.is_hidden
    with pytest.raises(InvalidInput):
        selfgov_services.forum_moderate(actor=cm.community_staff, topic=topic, hide=True)
    selfgov_services.forum_moderate(
        actor=cm.community_staff, topic=topic, hide=True, note="人身攻击"
    )
    with pytest.raises(InvalidInput):
        selfgov_services.forum_reply_add(
            actor=cm.community_staff, topic=topic, body="x", author_name="y"
        )
