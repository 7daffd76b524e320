"""Use cases: the system administrator's templates, a user's opt-outs, reading messages."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.core.access import user_has_perm
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import InvalidInput, NotPermitted
from xiaoneng.core.models import User
from xiaoneng.core.roles import Perm
from xiaoneng.notifications.kinds import Channel, MessageKind
from xiaoneng.notifications.models import MessageTemplate, Preference
from xiaoneng.notifications.rendering import template_validate

#: Who edits the wording of messages and reads the delivery log: the system administrator.
TEMPLATE_PERM = Perm.REFERENCE_MANAGE


def _require_template_editor(actor: User) -> None:
    if not user_has_perm(actor, TEMPLATE_PERM):
        raise NotPermitted(_("Only the system administrator edits message templates."))


def _checked(kind: str, channel: str) -> None:
    if kind not in MessageKind.values:
        raise InvalidInput(_("Unknown message kind."), field="kind")
    if channel not in Channel.values:
        raise InvalidInput(_("Unknown channel."), field="channel")


@transaction.atomic
def template_save(
    *, actor: User, kind: str, channel: str, subject: str, body: str
) -> MessageTemplate:
    """Save the wording of one kind on one channel; every placeholder must be the kind's own."""
    _require_template_editor(actor)
    _checked(kind, channel)
    subject = "" if channel == Channel.SMS else subject.strip()
    template_validate(kind=kind, channel=channel, subject=subject, body=body)
    template, _created = MessageTemplate.objects.update_or_create(
        kind=kind,
        channel=channel,
        defaults={"subject": subject, "body": body, "updated_by": actor},
    )
    audit(
        actor=actor,
        action="notifications.template_save",
        obj=template,
        detail={"kind": kind, "channel": channel},
    )
    return template


@transaction.atomic
def template_reset(*, actor: User, kind: str, channel: str) -> None:
    """Drop the administrator's wording: the shipped default applies again."""
    _require_template_editor(actor)
    _checked(kind, channel)
    MessageTemplate.objects.filter(kind=kind, channel=channel).delete()
    audit(
        actor=actor,
        action="notifications.template_reset",
        object_type="notifications.messagetemplate",
        object_id=f"{kind}:{channel}",
        detail={"kind": kind, "channel": channel},
    )


@transaction.atomic
def preference_update(*, actor: User, email_opt_out: bool, sms_opt_out: bool) -> Preference:
    """A user's opt-outs of informational e-mail and SMS; statutory notices still go out."""
    preference, _created = Preference.objects.update_or_create(
        user=actor, defaults={"email_opt_out": email_opt_out, "sms_opt_out": sms_opt_out}
    )
    audit(
        actor=actor,
        action="notifications.preference_update",
        obj=preference,
        detail={"email_opt_out": email_opt_out, "sms_opt_out": sms_opt_out},
    )
    return preference


def notifications_mark_read(*, actor: User, ids: list[int] | None = None) -> int:
    """Mark the user's own unread messages read (all, or those of `ids`); return how many."""
    unread = actor.notifications.filter(read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
