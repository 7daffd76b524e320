"""Online forum replies and moderation (rule 8: 探索"网上论坛""楼宇自治"等新的自治方式)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from xiaoneng.community.models import ForumReply, ForumTopic
from xiaoneng.community.services.common import clean_text, require
from xiaoneng.community.services.residents import resident_membership
from xiaoneng.core.access import user_may
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.models import User
from xiaoneng.core.roles import Perm


def forum_reply_add(
    *, actor: User, topic: ForumTopic, body: str, author_name: str = ""
) -> ForumReply:
    """A reply by a verified resident of the topic's community (under their own account and
    forum name) or by community staff typing one in (under the author name they give)."""
    is_staff = user_may(actor, Perm.COMMUNITY_RECORD, topic.community)
    if is_staff:
        name = clean_text(author_name, field="author_name", max_length=60)
    else:
        name = resident_membership(account=actor, community=topic.community).display_name
    if topic.is_hidden:
        raise InvalidInput(_("This topic has been hidden by a moderator."), field="topic")
    with transaction.atomic():
        reply = ForumReply.objects.create(
            topic=topic,
            body=clean_text(body, field="body", max_length=5000),
            author_name=name,
            is_by_resident=not is_staff,
            recorded_by=actor,
        )
        audit(actor=actor, action="community.forum.reply", obj=reply)
    return reply


def forum_moderate(
    *, actor: User, topic: ForumTopic, hide: bool, note: str = "", reply: ForumReply | None = None
) -> ForumTopic:
    """Hide (or show again) a topic or one of its replies; hiding needs a note."""
    require(actor, (Perm.COMMUNITY_RECORD,), topic.community)
    if hide:
        note = clean_text(note, field="note", max_length=200)
    with transaction.atomic():
        if reply is not None:
            if reply.topic_id != topic.pk:
                raise InvalidInput(_("The reply belongs to another topic."), field="reply")
            reply.is_hidden = hide
            reply.moderation_note = note
            reply.save(update_fields=["is_hidden", "moderation_note"])
        else:
            topic.is_hidden = hide
            topic.moderation_note = note
            topic.save(update_fields=["is_hidden", "moderation_note"])
        audit(
            actor=actor,
            action="community.forum.moderate",
            obj=reply or topic,
            detail={"hide": hide, "note": note},
        )
    return topic
