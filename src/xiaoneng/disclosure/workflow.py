"""Statuses of disclosure items and public topics, and the transitions the services allow."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ItemStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


ITEM_TRANSITIONS: dict[str, frozenset[str]] = {
    ItemStatus.PUBLISHED: frozenset({ItemStatus.WITHDRAWN}),
    ItemStatus.WITHDRAWN: frozenset({ItemStatus.PUBLISHED}),
}


class TopicStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    PICKED = "picked", _("Picked for supervision")
    DECLINED = "declined", _("Not picked")
    CONCLUDED = "concluded", _("Outcome published")


TOPIC_TRANSITIONS: dict[str, frozenset[str]] = {
    TopicStatus.PROPOSED: frozenset({TopicStatus.PICKED, TopicStatus.DECLINED}),
    TopicStatus.PICKED: frozenset({TopicStatus.CONCLUDED}),
    TopicStatus.DECLINED: frozenset(),
    TopicStatus.CONCLUDED: frozenset(),
}

# Topics the public may still support.
TOPIC_OPEN = frozenset({TopicStatus.PROPOSED, TopicStatus.PICKED})


class BulletinStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", pgettext_lazy("publicity", "Issued")


# A bulletin is numbered when issued, never before (a draft has no number, so the numbers of a
# year stay gapless); an issued bulletin is a document of record and does not change.
BULLETIN_TRANSITIONS: dict[str, frozenset[str]] = {
    BulletinStatus.DRAFT: frozenset({BulletinStatus.ISSUED}),
    BulletinStatus.ISSUED: frozenset(),
}
