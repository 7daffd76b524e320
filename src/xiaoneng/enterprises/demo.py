"""Demo data of monitored enterprises: 12 enterprises with their contact leaders, 40 problems of
the year (most replied on time and rated, a few open, two overdue), visits and symposia.

One enterprise has a portal account, `qiye` (password DEMO_PASSWORD), to report and rate.
Special campaigns (campaigns/demo.py) and efficiency monitors and media reports
(monitors/demo.py) follow.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from xiaoneng.core.demo import DEMO_PASSWORD, DemoContext
from xiaoneng.core.models import Applicant, ApplicantKind, User, UserKind
from xiaoneng.enterprises import services
from xiaoneng.enterprises.campaigns import demo as campaigns_demo
from xiaoneng.enterprises.models import VisitKind
from xiaoneng.enterprises.monitors import demo as monitors_demo
from xiaoneng.workdays import add_workdays

ENTERPRISES = [
    ("江州精密机械有限公司", "91330100MA2B3C4D5E"),
    ("江州新能源汽车零部件有限公司", "91330100MA2B3C4D6C"),
    ("江州生物医药科技有限公司", "91330100MA2B3C4D7A"),
    ("江州智能装备制造有限公司", "91330100MA2B3C4D89"),
    ("江州绿色建材有限公司", "91330100MA2B3C4D97"),
    ("江州电子信息产业有限公司", "91330100MA2B3C4E01"),
    ("江州食品加工有限公司", "91330100MA2B3C4E1Y"),
    ("江州纺织服装有限公司", "91330100MA2B3C4E2W"),
    ("江州物流供应链有限公司", "91330100MA2B3C4E3U"),
    ("江州文化旅游发展有限公司", "91330100MA2B3C4E4S"),
    ("江州港口机械有限公司", "91330100MA2B3C4E5Q"),
    ("江州新材料科技有限公司", "91330100MA2B3C4E6N"),
]
TOPICS = [
    ("用地审批进度慢", "项目用地预审材料已提交两周，尚无答复。"),
    ("水电接入难", "新厂房供水、供电接入迟迟未办理。"),
    ("证照变更办理慢", "营业执照变更需多次往返窗口。"),
    ("涉企收费不清", "检测费用标准未公开，希望明确依据。"),
    ("招工用工难", "希望人社部门组织专场招聘。"),
]


def build(context: DemoContext) -> None:
    supervisor = context.users["supervisor"]
    reviewer = context.users["reviewer"]
    unit = reviewer.organization
    assert unit is not None
    today = timezone.localdate()
    account = User.objects.create(
        username="qiye",
        kind=UserKind.APPLICANT,
        real_name="江州精密机械有限公司",
        password=make_password(DEMO_PASSWORD),
        password_changed_at=timezone.now(),
    )
    enterprises = []
    for index, (name, code) in enumerate(ENTERPRISES):
        applicant, _created = Applicant.objects.get_or_create(
            kind=ApplicantKind.LEGAL_PERSON,
            id_number=code,
            defaults={"name": name, "account": account if index == 0 else None},
        )
        enterprises.append(
            services.enterprise_designate(
                actor=supervisor,
                applicant=applicant,
                contact_unit=unit,
                contact_leader=context.users.get("head"),
                is_key=index < 6,
                designated_on=today.replace(month=1, day=2),
            )
        )
    for number in range(40):
        reported_on = today - timedelta(days=3 + number * 4)
        if reported_on.year != today.year:
            reported_on = today - timedelta(days=1 + number % 3)
        title, description = TOPICS[number % len(TOPICS)]
        problem = services.problem_report(
            actor=supervisor,
            enterprise=enterprises[number % len(enterprises)],
            title=title,
            description=description,
            unit=unit,
            reported_on=reported_on,
        )
        if number < 4:  # open: two still in time, two overdue
            continue
        replied_on = add_workdays(reported_on, 3 + number % 5)
        if replied_on > today:
            continue
        services.problem_reply(
            actor=reviewer, problem=problem, reply="已协调办理，详见回复函。", replied_on=replied_on
        )
        problem.status = "rated"
        problem.satisfaction = "dissatisfied" if number % 13 == 0 else "satisfied"
        problem.rated_on = replied_on
        problem.save(update_fields=["status", "satisfaction", "rated_on"])
    for number in range(6):
        services.visit_record(
            actor=supervisor,
            kind=VisitKind.SYMPOSIUM if number % 2 else VisitKind.VISIT,
            held_on=today - timedelta(days=10 + 20 * number),
            unit=unit,
            enterprises=enterprises[number : number + 4],
            topic="政企座谈会" if number % 2 else "走访重点企业",
            problems_raised=2 + number,
        )
    campaigns_demo.build(context)
    monitors_demo.build(context)
