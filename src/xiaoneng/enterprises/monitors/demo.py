"""Demo data of efficiency monitors and the media: eight citizens appointed by the efficiency
office for a two-year term (one whose term has ended), their observations in every status (two
overdue at the unit), and four media reports, two of them followed up.

The monitor 林秀英 has a portal account, `jiandu` (password DEMO_PASSWORD), to submit observations.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from xiaoneng.core.demo import DEMO_PASSWORD, DemoContext
from xiaoneng.core.models import Applicant, ApplicantKind, User, UserKind
from xiaoneng.enterprises.monitors import services
from xiaoneng.workdays import add_workdays

MONITORS = [
    ("林秀英", "市人大代表"),
    ("黄建国", "市政协委员"),
    ("吴丽华", "企业代表"),
    ("郑志强", "社区居民代表"),
    ("何静", "新闻工作者"),
    ("罗文斌", "律师"),
    ("谢晓燕", "退休干部"),
    ("马俊", "个体工商户"),
]
OBSERVATIONS = [
    ("窗口工作人员上班时间玩手机", "不动产登记窗口工作人员上午10点在岗玩手机，群众排队等候。"),
    ("办事指南与实际要求不一致", "公积金提取指南未列明的材料，窗口要求补交。"),
    ("午间无人值守", "社保窗口中午12点至14点无人值守，未公示弹性工作时间。"),
    ("审批超时未告知", "施工许可申请已超过承诺时限，未收到延期告知。"),
]
MEDIA = [
    ("江州日报", "“效能纠风在线”：企业开办为何还要跑三趟？", "企业开办需多次往返窗口。"),
    ("江州广播电视台", "窗口“中梗阻”现象调查", "部分窗口存在推诿、拖延现象。"),
    ("江州新闻网", "老旧小区加装电梯审批难", "加装电梯审批环节多、周期长。"),
    ("江州晚报", "停车收费标准不公开", "部分停车场收费标准未公示。"),
]


def _resident_id(serial: int) -> str:
    body = f"3601021975{(serial % 12) + 1:02d}{(serial % 27) + 1:02d}{serial + 101:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(digit) * weight for digit, weight in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


def build(context: DemoContext) -> None:
    supervisor = context.users["supervisor"]
    reviewer = context.users["reviewer"]
    office = supervisor.organization
    assert office is not None and reviewer.organization is not None
    today = timezone.localdate()
    account = User.objects.create(
        username="jiandu",
        kind=UserKind.APPLICANT,
        real_name=MONITORS[0][0],
        password=make_password(DEMO_PASSWORD),
        password_changed_at=timezone.now(),
    )
    monitors = []
    for index, (name, affiliation) in enumerate(MONITORS):
        applicant, _created = Applicant.objects.get_or_create(
            kind=ApplicantKind.NATURAL_PERSON,
            id_number=_resident_id(index),
            defaults={"name": name, "account": account if index == 0 else None},
        )
        expired = index == len(MONITORS) - 1
        appointed_on = date(today.year - (3 if expired else 1), 1, 1)
        monitors.append(
            services.monitor_appoint(
                actor=supervisor,
                applicant=applicant,
                office=office,
                appointed_on=appointed_on,
                term_ends_on=date(appointed_on.year + 2, 12, 31) - timedelta(days=365 * expired),
                affiliation=affiliation,
            )
        )
    for number in range(12):
        title, description = OBSERVATIONS[number % len(OBSERVATIONS)]
        submitted_on = today - timedelta(days=4 + number * 9)
        observation = services.observation_submit(
            actor=account if number % 7 == 0 else supervisor,
            monitor=monitors[number % (len(monitors) - 1)],
            title=title,
            description=description,
            submitted_on=submitted_on,
        )
        if number == 0:  # awaiting the office
            continue
        if number == 1:
            services.observation_decline(
                actor=supervisor,
                observation=observation,
                reason="不属于机关效能监督范围，已告知向相关部门反映。",
            )
            continue
        services.observation_accept(actor=supervisor, observation=observation)
        forwarded_on = add_workdays(submitted_on, 1)
        services.observation_forward(
            actor=supervisor,
            observation=observation,
            unit=reviewer.organization,
            forwarded_on=forwarded_on,
        )
        if number in (2, 3, 4):  # 2 in time; 3 and 4 overdue when submitted long enough ago
            continue
        replied_on = add_workdays(forwarded_on, 3 + number % 6)
        services.observation_reply(
            actor=reviewer,
            observation=observation,
            reply="已核实并整改，相关人员已批评教育。",
            replied_on=replied_on,
        )
        if number % 3:
            services.observation_close(
                actor=supervisor, observation=observation, closed_on=replied_on
            )
    for number, (outlet, title, issue) in enumerate(MEDIA):
        report = services.media_report_record(
            actor=supervisor,
            office=office,
            outlet=outlet,
            published_on=today - timedelta(days=6 + number * 20),
            title=title,
            issue=issue,
            link=f"https://news.example.cn/jiangzhou/{today.year}/{number + 1:04d}.html",
        )
        if number < 2:
            observation = services.media_report_follow_up(
                actor=supervisor, report=report, followed_up_on=report.published_on
            )
            services.observation_forward(
                actor=supervisor,
                observation=observation,
                unit=reviewer.organization,
                forwarded_on=report.published_on,
            )
