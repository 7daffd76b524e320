"""Life events (生活事件): the portal's "what is happening in your life" entry to the catalog.

People think "we are having a baby", not "出生医学证明补发 at the health commission". A life
event is a fixed entry of this table, whose words are matched against the active items' names
and keywords (`catalog.selectors.items_for_life_event`): an item belongs to the event when its
name or keywords contain one of the words. The table is code, not data, because it is short and
the same in every city; a city tunes the matching by the items' keywords (`item_set_keywords`),
which the staff already maintain, without a migration.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class LifeEvent:
    slug: str
    label: str | Promise
    words: tuple[str, ...]


LIFE_EVENTS: tuple[LifeEvent, ...] = (
    LifeEvent("birth", _("Having a baby"), ("生育", "出生", "新生儿")),
    LifeEvent("school", _("Starting school"), ("入学", "学籍")),
    LifeEvent("work", _("Finding work"), ("就业", "失业", "社会保障卡")),
    LifeEvent("marriage", _("Getting married"), ("结婚", "婚姻")),
    LifeEvent("business", _("Starting a business"), ("个体工商户", "营业执照", "开办企业")),
    LifeEvent("home", _("Buying a home"), ("不动产", "购房", "公积金")),
    LifeEvent("moving", _("Moving and residence"), ("户口", "身份证", "居住证")),
    LifeEvent("health", _("Medical care"), ("就医", "医保")),
    LifeEvent("hardship", _("Hardship and assistance"), ("救助", "低保", "最低生活保障")),
    LifeEvent("retirement", _("Retiring"), ("退休", "养老金")),
)

_BY_SLUG = {event.slug: event for event in LIFE_EVENTS}


def life_event_get(slug: str) -> LifeEvent | None:
    return _BY_SLUG.get(slug or "")
