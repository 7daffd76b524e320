"""Reads: a user's own messages, the delivery log, the templates with their defaults."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from xiaoneng.core.access import user_has_perm
from xiaoneng.core.errors import NotFound, NotPermitted
from xiaoneng.core.models import Notification, User
from xiaoneng.notifications.defaults import DEFAULT_TEMPLATES
from xiaoneng.notifications.kinds import PLACEHOLDERS, Channel, MessageKind, is_statutory
from xiaoneng.notifications.models import Message, MessageTemplate, Preference
from xiaoneng.notifications.services import TEMPLATE_PERM


def notification_list(*, user: User) -> QuerySet[Notification]:
    """The user's own in-site messages, newest first (nobody else's, whatever their role)."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def message_log(
    *, user: User, status: str = "", channel: str = "", kind: str = ""
) -> QuerySet[Message]:
    """Every message with its delivery status, for the system administrator."""
    if not user_has_perm(user, TEMPLATE_PERM):
        raise NotPermitted(_("Only the system administrator reads the delivery log."))
    messages = Message.objects.select_related("recipient", "applicant").order_by(
        "-created_at", "-id"
    )
    if status:
        messages = messages.filter(status=status)
    if channel:
        messages = messages.filter(channel=channel)
    if kind:
        messages = messages.filter(kind=kind)
    return messages


@dataclass(frozen=True)
class TemplateRow:
    kind: str
    channel: str
    subject: str
    body: str
    is_default: bool
    is_statutory: bool
    placeholders: tuple[str, ...]
    updated_at: object = None

    @property
    def kind_label(self) -> str:
        return str(MessageKind(self.kind).label)

    @property
    def channel_label(self) -> str:
        return str(Channel(self.channel).label)


def template_list(*, user: User) -> list[TemplateRow]:
    """Every kind × channel with the wording in force (the administrator's, else the default)."""
    if not user_has_perm(user, TEMPLATE_PERM):
        raise NotPermitted(_("Only the system administrator edits message templates."))
    saved = {(t.kind, t.channel): t for t in MessageTemplate.objects.all()}
    rows = []
    for kind in MessageKind.values:
        for channel in Channel.values:
            own = saved.get((kind, channel))
            subject, body = (own.subject, own.body) if own else DEFAULT_TEMPLATES[(kind, channel)]
            rows.append(
                TemplateRow(
                    kind=kind,
                    channel=channel,
                    subject=subject,
                    body=body,
                    is_default=own is None,
                    is_statutory=is_statutory(kind),
                    placeholders=PLACEHOLDERS[kind],
                    updated_at=own.updated_at if own else None,
                )
            )
    return rows


def template_get(*, user: User, kind: str, channel: str) -> TemplateRow:
    for row in template_list(user=user):
        if (row.kind, row.channel) == (kind, channel):
            return row
    raise NotFound(_("No such template."))


def preference_of(*, user: User) -> Preference:
    """The user's opt-outs (unsaved defaults when never set)."""
    return Preference.objects.filter(user=user).first() or Preference(user=user)
