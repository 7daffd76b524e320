"""Demo publicity of the demo city (江州市, fictional): the seed's "省、市各类媒体共刊发稿件76篇"
as 76 media items published this year to date — the counts (report, cockpit) reproduce the
figure by counting these rows — two columns like the seed's (a daily's 效能纠风在线 and a TV
series), and one work bulletin a month issued by the efficiency office, plus a draft."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from xiaoneng.core.demo import DemoContext
from xiaoneng.disclosure.models import MediaTopic, OutletLevel
from xiaoneng.disclosure.publicity import services

SEED_ARTICLES = 76  # seed document 1: 省、市各类媒体共刊发稿件76篇

OUTLETS = [
    ("江东日报", OutletLevel.PROVINCIAL),
    ("江东电视台", OutletLevel.PROVINCIAL),
    ("东江新闻网", OutletLevel.PROVINCIAL),
    ("江州日报", OutletLevel.MUNICIPAL),
    ("江州电视台", OutletLevel.MUNICIPAL),
    ("江州人民广播电台", OutletLevel.MUNICIPAL),
    ("江州新闻网", OutletLevel.MUNICIPAL),
]
TOPICS = [
    (MediaTopic.EFFICIENCY, "机关效能建设"),
    (MediaTopic.ENVIRONMENT, "优化发展环境"),
    (MediaTopic.COMPLAINTS, "效能投诉查处"),
    (MediaTopic.SERVICE, "行政服务中心"),
    (MediaTopic.COMMUNITY, "社区减负"),
]
HEADLINES = [
    "{unit}推行承诺时限再压缩",
    "{unit}开展明察暗访 整治“庸懒散”",
    "“一次性告知”让群众少跑腿——{unit}见闻",
    "{unit}：窗口服务好差评结果公开",
    "效能投诉件件有回音 {unit}办结率保持高位",
    "人人都是发展环境——{unit}在行动",
]
BULLETIN_TITLES = [
    "全市机关效能建设工作部署会召开",
    "行政服务中心推行“即办事项不过夜”",
    "效能办开展第一季度明察暗访",
    "全市效能投诉受理办结情况",
    "重点项目联审联办工作推进会召开",
    "社区减负十项规定落实情况督查",
    "上半年机关效能建设工作综述",
    "涉企收费专项治理取得阶段成效",
    "第三季度办件时效情况通报",
    "民主评议政风行风工作启动",
    "优化发展环境满意度调查结果",
    "年度绩效评估工作安排",
]


def build(context: DemoContext) -> None:
    office = context.users.get("supervisor")
    if office is None:
        return
    unit = office.organization or context.city
    today = timezone.localdate()
    start = date(today.year, 1, 1)
    daily = services.column_open(
        actor=office,
        name="效能纠风在线",
        outlet="江州日报",
        description="集中报道各级各部门加强机关效能建设、优化发展环境的措施和经验做法。",
        started_on=start,
    )
    television = services.column_open(
        actor=office,
        name="人人都是发展环境、人人代表江州形象",
        outlet="江州电视台",
        description="专题节目。",
        started_on=start,
    )
    columns = {daily.outlet: daily, television.outlet: television}
    departments = list(context.departments.values()) or [context.city]
    span = (today - start).days
    for index in range(SEED_ARTICLES):
        outlet, level = OUTLETS[index % len(OUTLETS)]
        topic, _topic_name = TOPICS[index % len(TOPICS)]
        about = departments[index % len(departments)]
        services.media_item_record(
            actor=office,
            outlet=outlet,
            outlet_level=level,
            published_on=start + timedelta(days=span * index // SEED_ARTICLES),
            title=HEADLINES[index % len(HEADLINES)].format(unit=about.name),
            topic=topic,
            link=f"https://news.example.cn/{today.year}/{index + 1:03d}.html",
            column=columns.get(outlet) if index % 2 == 0 else None,
            unit=about,
        )
    for month in range(1, today.month + 1):
        issued_on = min(date(today.year, month, 20), today)
        bulletin = services.bulletin_draft(
            actor=office,
            unit=unit,
            title=BULLETIN_TITLES[(month - 1) % len(BULLETIN_TITLES)],
            body="本期简报刊发全市机关效能建设工作信息。\n各单位要对照先进经验，抓好落实。",
        )
        services.bulletin_issue(actor=office, bulletin=bulletin, issued_on=issued_on)
    services.bulletin_draft(
        actor=office,
        unit=unit,
        title="年终效能建设工作情况（待签发）",
        body="草稿：汇总全年机关效能建设工作情况。",
        is_public=False,
    )
