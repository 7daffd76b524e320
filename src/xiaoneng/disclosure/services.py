"""Use cases of public disclosure. The efficiency office (DISCLOSURE_PUBLISH) publishes the
monthly figures and the catalogue and decides topics; the public proposes and supports topics
without signing in (no captcha: rate-limited per session and address, and validated)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date, timedelta
from typing import IO

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.complaints.attachments import check_attachments
from xiaoneng.core.access import user_has_perm, user_may
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.models import Organization, User
from xiaoneng.core.numbering import number_next
from xiaoneng.core.roles import Perm
from xiaoneng.disclosure.models import (
    Attachment,
    Category,
    DisclosureItem,
    FigureSnapshot,
    Topic,
    TopicSupport,
)
from xiaoneng.disclosure.selectors import department_figures
from xiaoneng.disclosure.workflow import (
    ITEM_TRANSITIONS,
    TOPIC_OPEN,
    TOPIC_TRANSITIONS,
    ItemStatus,
    TopicStatus,
)
from xiaoneng.evaluation.models import TaskSource
from xiaoneng.evaluation.services.tasks import task_create

# Topics one person (session or account) may propose a day, and one address.
TOPICS_PER_PERSON_A_DAY = 3
TOPICS_PER_ADDRESS_A_DAY = 20


def person_key(raw: str) -> str:
    """A stable, non-reversible key for a session key or account id."""
    return hashlib.sha256(f"disclosure:{raw}".encode()).hexdigest()


def _require_publisher(actor: User) -> None:
    if not user_has_perm(actor, Perm.DISCLOSURE_PUBLISH):
        raise NotPermitted(_("Only the efficiency office publishes disclosure."))


def snapshot_publish(*, actor: User, month: date) -> FigureSnapshot:
    """Publish (or re-publish) the figures of `month` per department."""
    _require_publisher(actor)
    start = month.replace(day=1)
    next_month = (start + timedelta(days=32)).replace(day=1)
    end = next_month - timedelta(days=1)
    if start > timezone.localdate():
        raise InvalidInput(_("A month in the future has no figures yet."), field="month")
    figures = department_figures(start=start, end=min(end, timezone.localdate()))
    with transaction.atomic():
        snapshot, _created = FigureSnapshot.objects.update_or_create(
            month=start,
            defaults={"figures": figures, "published_at": timezone.now(), "published_by": actor},
        )
        audit(
            actor=actor,
            action="disclosure.figures_publish",
            obj=snapshot,
            detail={"month": f"{start:%Y-%m}"},
        )
    return snapshot


def item_publish(
    *,
    actor: User,
    title: str,
    category: str,
    unit: Organization,
    body: str = "",
    published_on: date | None = None,
    files: Sequence[IO[bytes]] = (),
) -> DisclosureItem:
    _require_publisher(actor)
    if not title.strip():
        raise InvalidInput(_("Give the item a title."), field="title")
    if category not in Category.values:
        raise InvalidInput(_("Choose a category."), field="category")
    checked = check_attachments(list(files))
    with transaction.atomic():
        item = DisclosureItem.objects.create(
            title=title.strip()[:200],
            category=category,
            unit=unit,
            body=body.strip(),
            published_on=published_on or timezone.localdate(),
            created_by=actor,
        )
        for f in checked:
            attachment = Attachment(
                item=item,
                name=f.name,
                content_type=f.content_type,
                size=len(f.content),
                sha256=f.sha256,
            )
            attachment.file.save(f.name, ContentFile(f.content), save=False)
            attachment.save()
        audit(actor=actor, action="disclosure.item_publish", obj=item, detail={"title": item.title})
    return item


def _item_move(item: DisclosureItem, target: str) -> None:
    if target not in ITEM_TRANSITIONS[item.status]:
        raise Conflict(_("The item is already %(s)s.") % {"s": item.get_status_display()})


def item_withdraw(*, actor: User, item: DisclosureItem, reason: str) -> DisclosureItem:
    _require_publisher(actor)
    if not reason.strip():
        raise InvalidInput(_("State why the item is withdrawn."), field="reason")
    _item_move(item, ItemStatus.WITHDRAWN)
    with transaction.atomic():
        item.status = ItemStatus.WITHDRAWN
        item.withdrawn_reason = reason.strip()[:200]
        item.save(update_fields=["status", "withdrawn_reason"])
        audit(actor=actor, action="disclosure.item_withdraw", obj=item, detail={"reason": reason})
    return item


def topic_propose(
    *,
    title: str,
    description: str,
    proposer: str,
    unit: Organization | None = None,
    ip: str = "",
) -> Topic:
    """A member of the public proposes a topic (点题). `proposer` is the session key or account."""
    title, description = title.strip(), description.strip()
    if not 4 <= len(title) <= 120:
        raise InvalidInput(_("The title has 4 to 120 characters."), field="title")
    if not 10 <= len(description) <= 2000:
        raise InvalidInput(_("Describe the topic in 10 to 2,000 characters."), field="description")
    key = person_key(proposer)
    since = timezone.now() - timedelta(days=1)
    if Topic.objects.filter(proposer_key=key, created_at__gte=since).count() >= (
        TOPICS_PER_PERSON_A_DAY
    ) or (
        ip
        and Topic.objects.filter(submitted_ip=ip, created_at__gte=since).count()
        >= TOPICS_PER_ADDRESS_A_DAY
    ):
        raise InvalidInput(_("Too many topics proposed today; please try tomorrow."), field="title")
    with transaction.atomic():
        topic = Topic.objects.create(
            number=number_next(
                key="disclosure.topic", year=timezone.localdate().year, prefix="DT", width=4
            ),
            title=title,
            description=description,
            unit=unit,
            proposer_key=key,
            submitted_ip=ip,
        )
        audit(
            actor=None,
            action="disclosure.topic_propose",
            obj=topic,
            detail={"number": topic.number},
            actor_name="public",
        )
    return topic


def topic_support(*, topic: Topic, supporter: str) -> Topic:
    """One support per person (session or account); supporting twice is refused."""
    if topic.status not in TOPIC_OPEN:
        raise Conflict(_("This topic no longer takes support."))
    try:
        with transaction.atomic():
            TopicSupport.objects.create(topic=topic, supporter_key=person_key(supporter))
            Topic.objects.filter(pk=topic.pk).update(support_count=F("support_count") + 1)
    except IntegrityError as exc:
        raise Conflict(_("You already support this topic.")) from exc
    topic.refresh_from_db(fields=["support_count"])
    return topic


def _topic_move(topic: Topic, target: str) -> None:
    if target not in TOPIC_TRANSITIONS[topic.status]:
        raise Conflict(_("The topic is %(s)s.") % {"s": topic.get_status_display()})


def topic_pick(
    *, actor: User, topic: Topic, owner: Organization, lead_unit: Organization, deadline: date
) -> Topic:
    """Turn the topic into a supervision task (the supervision context's task_create)."""
    _require_publisher(actor)
    if not user_may(actor, Perm.TASK_MANAGE, owner):
        raise NotPermitted(_("Only the supervising office may do this."))
    _topic_move(topic, TopicStatus.PICKED)
    with transaction.atomic():
        task = task_create(
            actor=actor,
            title=topic.title,
            source=TaskSource.HOT_ISSUE,
            goal=topic.description,
            deadline=deadline,
            owner=owner,
            lead_unit=lead_unit,
        )
        topic.status, topic.task = TopicStatus.PICKED, task
        topic.save(update_fields=["status", "task"])
        audit(actor=actor, action="disclosure.topic_pick", obj=topic, detail={"task": task.number})
    return topic


def topic_decline(*, actor: User, topic: Topic, note: str) -> Topic:
    _require_publisher(actor)
    if not note.strip():
        raise InvalidInput(_("Tell the public why the topic is not picked."), field="note")
    _topic_move(topic, TopicStatus.DECLINED)
    with transaction.atomic():
        topic.status, topic.decision_note = TopicStatus.DECLINED, note.strip()[:500]
        topic.save(update_fields=["status", "decision_note"])
        audit(actor=actor, action="disclosure.topic_decline", obj=topic)
    return topic


def topic_outcome_publish(*, actor: User, topic: Topic, outcome: str) -> Topic:
    _require_publisher(actor)
    if not outcome.strip():
        raise InvalidInput(_("Write the outcome to publish."), field="outcome")
    _topic_move(topic, TopicStatus.CONCLUDED)
    with transaction.atomic():
        topic.status, topic.outcome = TopicStatus.CONCLUDED, outcome.strip()
        topic.outcome_published_at = timezone.now()
        topic.save(update_fields=["status", "outcome", "outcome_published_at"])
        audit(actor=actor, action="disclosure.topic_outcome", obj=topic)
    return topic
