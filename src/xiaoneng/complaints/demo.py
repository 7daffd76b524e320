"""Demo data: a year of complaints, ratings and consultations for 江州市.

About 300 finished complaints of the past year are written in bulk (history, as an import
would leave it) with the seed's shape — closure rate near 99.7 %, most outcomes efficiency
warnings, visits counting visitors —, one unit surging last month and one person complained
about repeatedly, so the trend signals show. A dozen recent complaints go through the real
services and stop at every step of the lifecycle, so the queue, the unit's inbox and the
timeline have something to show.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from xiaoneng.complaints import services
from xiaoneng.complaints.deadlines import DEFAULT_LIMITS, due_date
from xiaoneng.complaints.models import (
    Category,
    Channel,
    Complaint,
    ComplaintEvent,
    Conclusion,
    Consultation,
    ConsultationStatus,
    Outcome,
    OutcomeKind,
    Rating,
    RatingChannel,
    RatingFollowUp,
    Satisfaction,
    deadline_kind_for,
)
from xiaoneng.complaints.services.common import hash_code
from xiaoneng.complaints.workflow import FollowUpStatus, Status
from xiaoneng.core.demo import DemoContext
from xiaoneng.workdays import add_workdays

CATEGORY_WEIGHTS = [
    (Category.EFFICIENCY, 35),
    (Category.ATTITUDE, 20),
    (Category.INACTION, 15),
    (Category.HELP_SUGGESTION, 10),
    (Category.CONSULTATION, 8),
    (Category.OTHER, 6),
    (Category.UNLAWFUL_FEES, 4),
    (Category.ABUSE, 2),
]
CHANNEL_WEIGHTS = [
    (Channel.PHONE, 35),
    (Channel.WEB, 30),
    (Channel.HOTLINE_12345, 20),
    (Channel.VISIT, 10),
    (Channel.LETTER, 3),
    (Channel.MAILBOX, 2),
]
BUSY_UNITS = [
    "市场监督管理局",
    "住房和城乡建设局",
    "人力资源和社会保障局",
    "自然资源和规划局",
    "公安局",
    "医疗保障局",
    "行政审批局",
    "城市管理局",
]
TITLES: dict[str, list[str]] = {
    Category.EFFICIENCY: ["营业执照办理超过承诺时限", "不动产登记迟迟未办结", "社保转移久拖不办"],
    Category.ATTITUDE: ["窗口人员态度生硬", "工作人员上班时间玩手机", "电话咨询被挂断"],
    Category.INACTION: ["多次反映问题无人处理", "推诿扯皮让群众来回跑", "首问负责制未落实"],
    Category.HELP_SUGGESTION: ["建议增加午间延时服务", "希望开通线上预约", "求助办理残疾人证"],
    Category.CONSULTATION: ["咨询公积金提取条件", "咨询户籍迁移材料", "咨询开办企业流程"],
    Category.OTHER: ["办事大厅停车难", "自助终端故障"],
    Category.UNLAWFUL_FEES: ["办证被要求额外缴费", "收取未公示的材料费"],
    Category.ABUSE: ["工作人员索要好处", "利用职权刁难申请人"],
}
OUTCOME_WEIGHTS = [
    (OutcomeKind.EFFICIENCY_WARNING, 147),
    (OutcomeKind.ADMONISHMENT, 19),
    (OutcomeKind.DISCIPLINE_REFERRAL, 1),
    (OutcomeKind.SANCTION, 1),
    (OutcomeKind.DISMISSAL, 1),
]


def _pick(ctx: DemoContext, weights: Sequence[tuple[str, int]]) -> str:
    return ctx.rng.choices([w[0] for w in weights], weights=[w[1] for w in weights])[0]


def _moment(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def build(context: DemoContext) -> None:
    today = timezone.localdate()
    handler = context.users.get("handler")
    if handler is None:
        return
    units = [context.departments[name] for name in BUSY_UNITS if name in context.departments]
    units += [d for d in context.departments.values() if d not in units][:20]
    _history(context, today, units)
    _live(context, today, handler, units)
    _ratings(context, today)
    _consultations(context, today)


def _history(ctx: DemoContext, today: date, units: list) -> None:  # type: ignore[type-arg]
    start = today - timedelta(days=365)
    last_month_start = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    surge_unit = units[2]
    complaints: list[Complaint] = []
    plans: list[tuple[str, str]] = []
    for index in range(300):
        received_on = start + timedelta(days=ctx.rng.randint(0, 330))
        unit = ctx.rng.choices(units, weights=[6, 5, 1, 4, 3, 3, 3, 2] + [1] * (len(units) - 8))[0]
        person = ""
        if index < 4:  # one person complained about repeatedly (trend signal)
            unit, person = units[0], "周涛"
            received_on = today - timedelta(days=40 + 60 * index)
        if index >= 292:  # a surge of one unit last month (trend signal)
            unit = surge_unit
            received_on = last_month_start + timedelta(days=ctx.rng.randint(0, 25))
        category = _pick(ctx, CATEGORY_WEIGHTS)
        channel = _pick(ctx, CHANNEL_WEIGHTS)
        limit = DEFAULT_LIMITS[deadline_kind_for(category)]
        due_on, provisional = due_date(received_on, limit)
        worked = ctx.rng.randint(1, limit + (3 if ctx.rng.random() < 0.05 else 0))
        closed_on = add_workdays(received_on, worked)
        is_open = closed_on >= today or index in (10, 11)
        complaint = Complaint(
            number=f"TS{received_on.year}H{index + 1:05d}",
            tracking_code_hash=hash_code(secrets.token_hex(4)),
            channel=channel,
            category=category,
            status=Status.TRANSFERRED if is_open else Status.CLOSED,
            is_anonymous=ctx.rng.random() < 0.15,
            complainant_name=ctx.name(),
            complainant_phone=f"139{ctx.rng.randint(10000000, 99999999)}",
            visitor_count=ctx.rng.choice([1, 1, 1, 2, 3]) if channel == Channel.VISIT else 0,
            unit=unit,
            person_name=person,
            title=ctx.rng.choice(TITLES[category]),
            description="（演示数据）" + ctx.rng.choice(TITLES[category]) + "，请核查处理。",
            received_at=_moment(received_on, 9),
            received_on=received_on,
            limit_workdays=limit,
            due_on=due_on,
            is_deadline_provisional=provisional,
            handling_mode="transferred",
            transferred_to=unit,
            unit_due_on=due_on,
            conclusion=""
            if is_open
            else ctx.rng.choice(
                [Conclusion.FOUNDED, Conclusion.PARTLY_FOUNDED, Conclusion.UNFOUNDED]
            ),
            reply="" if is_open else "经核查，已责成责任单位整改并向您反馈。",
            replied_on=None if is_open else closed_on,
            satisfaction="" if is_open else Satisfaction.SATISFIED,
            closed_at=None if is_open else _moment(closed_on, 16),
            closed_on=None if is_open else closed_on,
            is_imported=True,
        )
        if complaint.is_anonymous:
            complaint.complainant_name = complaint.complainant_phone = ""
        complaints.append(complaint)
        plans.append((complaint.number, complaint.status))
    Complaint.objects.bulk_create(complaints)
    saved = {c.number: c for c in Complaint.objects.filter(number__in=[p[0] for p in plans])}
    events: list[ComplaintEvent] = []
    outcomes: list[Outcome] = []
    for complaint in saved.values():
        events.append(
            ComplaintEvent(
                complaint=complaint,
                sequence=1,
                kind="registered",
                occurred_at=complaint.received_at,
                actor_name="投诉中心",
            )
        )
        events.append(
            ComplaintEvent(
                complaint=complaint,
                sequence=2,
                kind="transferred",
                occurred_at=complaint.received_at + timedelta(hours=2),
                actor_name="投诉中心",
            )
        )
        if complaint.status == Status.CLOSED:
            assert complaint.closed_at is not None and complaint.closed_on is not None
            events.append(
                ComplaintEvent(
                    complaint=complaint,
                    sequence=3,
                    kind="closed",
                    occurred_at=complaint.closed_at,
                    actor_name="投诉中心",
                )
            )
            if complaint.conclusion != Conclusion.UNFOUNDED and ctx.rng.random() < 0.55:
                outcomes.append(
                    Outcome(
                        complaint=complaint,
                        kind=_pick(ctx, OUTCOME_WEIGHTS),
                        person_name=complaint.person_name or ctx.name(),
                        decided_on=complaint.closed_on,
                        note="（演示数据）",
                    )
                )
    ComplaintEvent.objects.bulk_create(events)
    Outcome.objects.bulk_create(outcomes)


def _live(ctx: DemoContext, today: date, handler, units: list) -> None:  # type: ignore[no-untyped-def, type-arg]
    unit_staff = ctx.users.get("head")
    steps = [
        "registered",
        "registered",
        "accepted",
        "transferred",
        "transferred",
        "investigated",
        "concluded",
        "replied",
        "closed",
        "handling",
        "declined",
        "transferred",
    ]
    for index, stop in enumerate(steps):
        unit = (
            ctx.departments.get("市场监督管理局", units[0])
            if index % 2
            else units[index % len(units)]
        )
        received = today - timedelta(days=ctx.rng.randint(1, 25))
        category = _pick(ctx, CATEGORY_WEIGHTS)
        complaint = services.complaint_submit(
            actor=handler,
            channel=_pick(ctx, CHANNEL_WEIGHTS),
            category=category,
            unit=unit,
            title=ctx.rng.choice(TITLES[category]),
            description="（演示数据）申请人反映：" + ctx.rng.choice(TITLES[category]) + "。",
            complainant_name=ctx.name(),
            complainant_phone=f"137{ctx.rng.randint(10**7, 10**8 - 1)}",
            person_name=ctx.name() if index % 3 == 0 else "",
            at=_moment(received, 10),
        )
        if stop == "registered":
            continue
        if stop == "declined":
            services.complaint_decline(
                actor=handler,
                complaint=complaint,
                reason="涉法涉诉事项",
                referred_to="市信访局",
                at=_moment(received, 11),
            )
            continue
        complaint = services.complaint_accept(
            actor=handler, complaint=complaint, at=_moment(received, 11)
        )
        if stop == "accepted":
            continue
        if stop == "handling":
            services.complaint_handle_directly(
                actor=handler, complaint=complaint, at=_moment(received, 12)
            )
            continue
        complaint = services.complaint_transfer(
            actor=handler, complaint=complaint, at=_moment(received, 12)
        )
        if stop == "transferred":
            continue
        replier = (
            unit_staff
            if unit_staff and complaint.transferred_to == unit_staff.organization
            else handler
        )
        complaint = services.complaint_investigate(
            actor=replier,
            complaint=complaint,
            record="经调查，情况基本属实，已约谈相关人员。",
            at=_moment(received + timedelta(days=1), 15),
        )
        if stop == "investigated":
            continue
        complaint = services.complaint_conclude(
            actor=handler,
            complaint=complaint,
            conclusion=Conclusion.FOUNDED,
            at=_moment(received + timedelta(days=1), 16),
        )
        services.complaint_add_outcome(
            actor=handler,
            complaint=complaint,
            kind=OutcomeKind.ADMONISHMENT,
            person_name=ctx.name(),
            at=_moment(received + timedelta(days=1), 16),
        )
        if stop == "concluded":
            continue
        complaint = services.complaint_reply(
            actor=handler,
            complaint=complaint,
            text="经查属实，已对相关人员批评教育并督促整改。",
            at=_moment(received + timedelta(days=2), 10),
        )
        if stop == "replied":
            continue
        complaint = services.complaint_follow_up(
            actor=handler,
            complaint=complaint,
            satisfaction=Satisfaction.SATISFIED,
            at=_moment(received + timedelta(days=2), 11),
        )
        services.complaint_close(
            actor=handler, complaint=complaint, at=_moment(received + timedelta(days=2), 12)
        )


def _ratings(ctx: DemoContext, today: date) -> None:
    departments = list(ctx.departments.values())[:25]
    ratings = []
    for index in range(240):
        day = today - timedelta(days=ctx.rng.randint(0, 180))
        channel = ctx.rng.choice([RatingChannel.ONLINE, RatingChannel.ON_SITE])
        overall = ctx.rng.choices([1, 2, 3, 4, 5], weights=[70, 20, 6, 3, 1])[0]
        dims = (
            {"guide_accuracy": max(1, overall - 1), "convenience": overall, "usability": overall}
            if channel == RatingChannel.ONLINE
            else {"level": overall, "attitude": overall}
        )
        ratings.append(
            Rating(
                case_number=f"DEMO{day:%Y%m%d}{index:04d}",
                department=ctx.rng.choice(departments),
                window=f"{ctx.rng.randint(1, 12):02d}号窗口"
                if channel == RatingChannel.ON_SITE
                else "",
                channel=channel,
                overall=overall,
                efficiency=overall,
                **dims,
                rater_name=ctx.name(),
                rater_phone=f"136{ctx.rng.randint(10**7, 10**8 - 1)}",
                comment="" if overall < 4 else "等候时间太长，材料被退回两次。",
                rated_at=_moment(day, 14),
            )
        )
    Rating.objects.bulk_create(ratings)
    states = [
        FollowUpStatus.RECTIFIED,
        FollowUpStatus.EXPLAINED,
        FollowUpStatus.CALLED_BACK,
        FollowUpStatus.OPEN,
    ]
    follow_ups = []
    for index, rating in enumerate(
        Rating.objects.filter(overall__gte=4, case_number__startswith="DEMO")
    ):
        status = states[index % len(states)]
        opened = timezone.localdate(rating.rated_at)
        follow_ups.append(
            RatingFollowUp(
                rating=rating,
                status=status,
                opened_on=opened,
                called_back_on=None if status == FollowUpStatus.OPEN else opened,
                call_back_note="" if status == FollowUpStatus.OPEN else "已电话回访申请人",
                is_verified=None if status == FollowUpStatus.OPEN else True,
                rectify_due_on=add_workdays(opened, 5)
                if status == FollowUpStatus.RECTIFIED
                else None,
                rectification_note="已优化材料一次性告知"
                if status == FollowUpStatus.RECTIFIED
                else "",
                explanation="依法须提交原件，已向申请人解释"
                if status == FollowUpStatus.EXPLAINED
                else "",
                finished_on=opened
                if status in (FollowUpStatus.RECTIFIED, FollowUpStatus.EXPLAINED)
                else None,
            )
        )
    RatingFollowUp.objects.bulk_create(follow_ups)


QUESTIONS = [
    (
        "个体工商户登记",
        "个体工商户营业执照需要哪些材料？",
        "身份证原件和经营场所证明，可全程网办。",
    ),
    ("住房公积金提取", "租房提取公积金每年可以提几次？", "每年可提取一次，额度按本市规定执行。"),
    ("不动产登记", "二手房过户需要多长时间？", "资料齐全的，承诺3个工作日内办结。"),
    ("社会保障卡申领", "社保卡丢失怎么补办？", "可在窗口或线上挂失补办，即时制卡。"),
    ("食品经营许可", "食品经营许可证到期怎么延续？", "有效期届满30个工作日前提出延续申请。"),
]


def _consultations(ctx: DemoContext, today: date) -> None:
    department = ctx.departments.get("市场监督管理局") or next(iter(ctx.departments.values()))
    rows = []
    for index in range(40):
        item, question, answer = QUESTIONS[index % len(QUESTIONS)]
        asked = today - timedelta(days=ctx.rng.randint(0, 120))
        is_open = index >= 36
        rows.append(
            Consultation(
                number=f"ZX{asked.year}H{index + 1:05d}",
                department=department,
                item_name=item,
                question=question,
                asker_name=ctx.name(),
                is_publication_consented=index % 4 != 0,
                status=ConsultationStatus.OPEN if is_open else ConsultationStatus.ANSWERED,
                asked_at=_moment(asked, 9),
                due_on=add_workdays(asked, 2),
                answer="" if is_open else answer,
                answered_at=None if is_open else _moment(add_workdays(asked, 1), 15),
                is_published=not is_open and index % 4 != 0,
            )
        )
    Consultation.objects.bulk_create(rows)
