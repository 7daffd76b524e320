"""Demo data of public disclosure: last month's and this month's figures published, a few
catalogue items and public topics (one picked into a supervision task, one concluded); the
publicity of the year (publicity/demo.py)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from xiaoneng.core.demo import DemoContext
from xiaoneng.disclosure import services
from xiaoneng.disclosure.models import Category
from xiaoneng.disclosure.publicity import demo as publicity_demo

ITEMS = [
    (Category.RULES, "机关效能建设十项制度", "首问负责制、限时办结制、责任追究制等十项制度全文。"),
    (
        Category.CIRCULARS,
        "关于上月效能督查情况的通报",
        "全市办件按时办结率、红黄牌预警及处理情况。",
    ),
    (
        Category.RATINGS,
        "政务服务“好差评”结果公示",
        "各部门好差评结果及差评整改情况，依据国办发〔2019〕51号公开。",
    ),
    (Category.NOTICES, "关于开展明察暗访的公告", "效能办将不定期对各窗口单位开展明察暗访。"),
]

TOPICS = [
    ("不动产登记窗口排队时间长", "上午九点以后取号要排一个多小时，建议督查窗口开放数量。", 12),
    ("社保窗口午间无人值守", "中午十二点到一点半窗口无人，群众只能等待，建议实行错时延时服务。", 7),
    (
        "企业开办材料重复提交",
        "同一份营业执照复印件在三个窗口各交一次，建议督查一次告知落实情况。",
        4,
    ),
]


def build(context: DemoContext) -> None:
    office = context.users.get("supervisor")
    if office is None:
        return
    today = timezone.localdate()
    this_month = today.replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    services.snapshot_publish(actor=office, month=last_month)
    services.snapshot_publish(actor=office, month=this_month)
    unit = office.organization or context.city
    for index, (category, title, body) in enumerate(ITEMS):
        services.item_publish(
            actor=office,
            title=title,
            category=category,
            unit=unit,
            body=body,
            published_on=today - timedelta(days=7 * index),
        )
    topics = []
    for index, (title, description, supporters) in enumerate(TOPICS):
        topic = services.topic_propose(
            title=title, description=description, proposer=f"demo-proposer-{index}"
        )
        for n in range(supporters):
            services.topic_support(topic=topic, supporter=f"demo-supporter-{index}-{n}")
        topics.append(topic)
    lead = next(iter(context.departments.values()), context.city)
    picked = services.topic_pick(
        actor=office,
        topic=topics[0],
        owner=unit,
        lead_unit=lead,
        deadline=today + timedelta(days=30),
    )
    services.topic_outcome_publish(
        actor=office,
        topic=picked,
        outcome="已督促增开两个窗口，并推行预约取号，平均等候时间降至20分钟以内。",
    )
    services.topic_pick(
        actor=office,
        topic=topics[1],
        owner=unit,
        lead_unit=lead,
        deadline=today + timedelta(days=30),
    )
    publicity_demo.build(context)
