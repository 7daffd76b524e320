"""Demo data of special campaigns, shaped on the seed's enterprise fee clean-up (企业税外费用负担
专项清理整治): 25 investigation and clean-up teams, 360 enterprises investigated, the linked 2026
enterprise survey (1,044 questionnaires issued, 896 returned — evaluation's demo), 43 symposia
and special meetings, and 24 findings (16 unreasonable charges, most refunded and rectified, two
overdue); a smaller 四乱两难 campaign beside it. The figures are counted from these rows."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from xiaoneng.core.demo import DemoContext
from xiaoneng.enterprises.campaigns import services
from xiaoneng.enterprises.models import CampaignKind, FindingKind, MeetingKind
from xiaoneng.evaluation.models import Survey
from xiaoneng.workdays import add_workdays

SURVEY_TITLE = "2026年度企业对机关效能满意度问卷调查"
TEAM_UNITS = ["财政局", "发展和改革委员会", "市场监督管理局", "税务局", "自然资源局"]
FINDINGS = [
    (FindingKind.UNREASONABLE_CHARGE, "超标准收取检验检测费", Decimal("12800.00")),
    (FindingKind.UNREASONABLE_CHARGE, "强制企业参加有偿培训", Decimal("6500.00")),
    (FindingKind.UNREASONABLE_CHARGE, "重复收取环境评估咨询费", Decimal("23000.00")),
    (FindingKind.UNREASONABLE_CHARGE, "自立项目收取行业会费", Decimal("4200.00")),
    (FindingKind.SERVICE_EFFICIENCY, "审批窗口要求企业重复提交材料", Decimal(0)),
    (FindingKind.DISCIPLINE, "工作人员向企业推销指定产品", Decimal(0)),
]


def _units(context: DemoContext) -> list:  # type: ignore[type-arg]
    named = [context.departments[n] for n in TEAM_UNITS if n in context.departments]
    return named or list(context.departments.values())[:5]


def build(context: DemoContext) -> None:
    supervisor = context.users["supervisor"]
    reviewer = context.users["reviewer"]
    office = supervisor.organization
    assert office is not None and reviewer.organization is not None
    today = timezone.localdate()
    start = date(today.year, 3, 1)
    units = _units(context)
    campaign = services.campaign_create(
        actor=supervisor,
        title=f"{today.year}年企业税外费用负担专项清理整治",
        kind=CampaignKind.FEE_CLEANUP,
        lead_unit=office,
        started_on=start,
        ends_on=date(today.year, 11, 30),
        description="市效能办会同财政、物价等部门组成调查和清理整治小组，调查企业税费负担及"
        "行政机关、公共服务单位为企业服务效能情况，清理规范涉企收费。",
        survey=Survey.objects.filter(title=SURVEY_TITLE).first(),
    )
    teams = [
        services.campaign_team_add(
            actor=supervisor,
            campaign=campaign,
            name=f"第{number + 1}调查和清理整治小组",
            leading_unit=units[number % len(units)],
            members="\n".join(context.name() for _ in range(3)),
        )
        for number in range(25)
    ]
    # The survey's named respondents are the enterprises investigated (江州001号企业 …).
    enterprises = [
        services.campaign_enterprise_add(
            actor=supervisor,
            campaign=campaign,
            name=f"江州{number:03d}号企业",
            investigated_on=start + timedelta(days=number % 200),
            team=teams[number % len(teams)],
        )
        for number in range(1, 361)
    ]
    for number in range(43):
        is_symposium = number < 31
        services.campaign_meeting_record(
            actor=supervisor,
            campaign=campaign,
            kind=MeetingKind.SYMPOSIUM if is_symposium else MeetingKind.SPECIAL_MEETING,
            held_on=start + timedelta(days=5 + number * 5),
            topic="企业税费负担座谈会" if is_symposium else "涉企收费清理整治专题会",
            participants=12 + number % 9,
            team=teams[number % len(teams)],
        )
    for number in range(24):
        kind, description, amount = FINDINGS[number % len(FINDINGS)]
        found_on = min(today, start + timedelta(days=20 + number * 11))
        finding = services.finding_record(
            actor=supervisor,
            campaign=campaign,
            kind=kind,
            description=description,
            unit=reviewer.organization,
            found_on=found_on,
            amount_charged=amount,
            enterprise=enterprises[number * 13],
        )
        if number >= 20:  # open: two in time, two overdue
            continue
        rectified_on = add_workdays(found_on, 5 + number % 8)
        if rectified_on > today:
            continue
        services.finding_rectify(
            actor=reviewer,
            finding=finding,
            rectification="已停止收费并清退多收款项，建立收费公示制度。",
            amount_refunded=amount if number % 5 else amount / 2,
            rectified_on=rectified_on,
        )
    _environment_campaign(context, office, units)


def _environment_campaign(context: DemoContext, office, units) -> None:  # type: ignore[no-untyped-def]
    supervisor = context.users["supervisor"]
    today = timezone.localdate()
    campaign = services.campaign_create(
        actor=supervisor,
        title="“四乱两难”和行政不作为、乱作为专项整治",
        kind=CampaignKind.ENVIRONMENT,
        lead_unit=office,
        started_on=date(today.year, 5, 1),
        description="整治乱收费、乱罚款、乱检查、乱摊派和门难进、事难办。",
    )
    for number in range(3):
        services.campaign_team_add(
            actor=supervisor,
            campaign=campaign,
            name=f"第{number + 1}督查组",
            leading_unit=units[number % len(units)],
            members="\n".join(context.name() for _ in range(4)),
        )
    services.campaign_meeting_record(
        actor=supervisor,
        campaign=campaign,
        kind=MeetingKind.SYMPOSIUM,
        held_on=date(today.year, 5, 20),
        topic="优化发展环境企业座谈会",
        participants=20,
    )
