"""Demo data for community burden reduction over the demo city's streets and communities.

Adds three accounts (password as every demo account): `streetdept` (a street department),
`districtstaff` (a district department head) and `civilaffairs` (the district civil-affairs
bureau's head), so that every step of admission and meeting approval can be tried; and the
portal account `resident`, a verified resident of the first community with forum topics, a
deliberation whose outcome is published and one still open (rule 8).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from xiaoneng.community.models import (
    AdmissionRequest,
    EntryKind,
    SignPlace,
    Violation,
    ViolationRule,
)
from xiaoneng.community.rules import CertificateType, ProhibitedCertificate, SignKind
from xiaoneng.community.services import certificates as certificate_services
from xiaoneng.community.services import compliance as compliance_services
from xiaoneng.community.services import inspections as inspection_services
from xiaoneng.community.services import meetings as meeting_services
from xiaoneng.community.services import records as record_services
from xiaoneng.community.services import registers as register_services
from xiaoneng.community.services import residents as resident_services
from xiaoneng.community.services import selfgov as selfgov_services
from xiaoneng.community.services import signs as sign_services
from xiaoneng.community.services import tasks as task_services
from xiaoneng.community.services.common import civil_affairs_bureau_of, county_of
from xiaoneng.core import services as core_services
from xiaoneng.core.demo import DEMO_PASSWORD, DemoContext
from xiaoneng.core.models import ApplicantKind, Organization, OrganizationKind, User
from xiaoneng.core.roles import Role

TASKS = [
    ("01", "社会治安综合治理协助", "综合治理", "《中华人民共和国城市居民委员会组织法》第三条"),
    ("02", "社区矫正协助", "司法", "《中华人民共和国社区矫正法》第十二条"),
    ("03", "信访维稳协助", "信访", "《信访工作条例》第十四条"),
    ("04", "公共卫生与爱国卫生", "卫生", "《中华人民共和国基本医疗卫生与健康促进法》第七十三条"),
    ("05", "计划生育服务", "卫生", "《中华人民共和国人口与计划生育法》第十二条"),
    ("06", "优抚救济", "退役军人", "《军人抚恤优待条例》第五条"),
    ("07", "养老服务", "民政", "《中华人民共和国老年人权益保障法》第三十七条"),
    ("08", "社区教育", "教育", "《中华人民共和国教育法》第四十八条"),
    ("09", "劳动就业服务", "人社", "《中华人民共和国就业促进法》第三十五条"),
    ("10", "社会保障协助", "人社", "《中华人民共和国社会保险法》第七十二条"),
    ("11", "社会救助协助", "民政", "《社会救助暂行办法》第五条"),
    ("12", "住房保障协助", "住建", "《公共租赁住房管理办法》第四条"),
    ("13", "文体建设", "文化", "《中华人民共和国公共文化服务保障法》第二十七条"),
    ("14", "残疾人、未成年人、流动人口权益保障", "民政", "《中华人民共和国残疾人保障法》第八条"),
]


def _account(
    username: str, organization: Organization, role: str, post: str, ctx: DemoContext
) -> User:
    user = core_services.user_create(
        actor=None,
        username=username,
        password=None,
        real_name=ctx.name(),
        organization=organization,
        roles=[role],
        post=post,
    )
    user.password = make_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    ctx.users[username] = user
    ctx.accounts.append((username, str(Role(role).label), organization.name))
    return user


def _present(organization: Organization | None) -> Organization:
    if organization is None:
        raise LookupError("the demo city lacks a unit the community demo needs")
    return organization


def build(context: DemoContext) -> None:
    ctx = context
    today = timezone.localdate()
    street = ctx.streets[0]
    communities = [c for c in ctx.communities if c.parent_id == street.pk]
    community, second = communities[0], communities[1]
    street_department = _present(
        street.children.filter(kind=OrganizationKind.STREET_DEPARTMENT).first()
    )
    county = _present(county_of(street))
    bureau = _present(civil_affairs_bureau_of(street))
    district_department = _present(county.children.filter(kind=OrganizationKind.DEPARTMENT).first())
    supervisor = ctx.users["supervisor"]
    street_staff, street_head = ctx.users["street"], ctx.users["streethead"]
    community_staff = ctx.users["community"]
    department_staff = _account(
        "streetdept", street_department, Role.STREET_OFFICE_STAFF, "科员", ctx
    )
    district_staff = _account(
        "districtstaff", district_department, Role.DEPARTMENT_HEAD, "科长", ctx
    )
    bureau_head = _account("civilaffairs", bureau, Role.DEPARTMENT_HEAD, "基层政权科科长", ctx)

    # Rule 1: the task list, version 1 then the current version 2.
    task_services.task_list_publish(
        actor=supervisor,
        published_on=date(today.year - 1, 1, 1),
        note="试行",
        tasks=[{"code": c, "name": n, "area": a, "legal_basis": b} for c, n, a, b in TASKS[:10]],
    )
    task_services.task_list_publish(
        actor=supervisor,
        published_on=date(today.year, 1, 1),
        note="修订",
        tasks=[{"code": c, "name": n, "area": a, "legal_basis": b} for c, n, a, b in TASKS],
    )

    # Rule 2: admission requests in each state, and a burden report.
    def admission(name: str, amount: str) -> AdmissionRequest:
        return task_services.admission_submit(
            actor=district_staff,
            department=district_department,
            communities=[community, second],
            task_name=name,
            legal_basis="《中华人民共和国城市居民委员会组织法》第三条",
            starts_on=today - timedelta(days=10),
            ends_on=today + timedelta(days=80),
            funding_amount=amount,
            funding_source="区财政专项经费",
            working_conditions="提供宣传资料、培训和工作经费",
        )

    approved = admission("既有住宅加装电梯意愿摸排", "8000")
    task_services.admission_decide(actor=street_staff, request=approved, approve=True)
    task_services.admission_decide(actor=bureau_head, request=approved, approve=True)
    admission("燃气安全入户宣传", "5000")
    refused = admission("辖区商户经营数据统计", "2000")
    task_services.admission_decide(
        actor=street_staff, request=refused, approve=False, reason="属于部门自身职责，不得转嫁社区"
    )
    task_services.burden_report(
        actor=community_staff,
        community=community,
        department=district_department,
        task_description="要求社区每周上报辖区门店消防检查台账",
        pushed_on=today - timedelta(days=12),
    )

    # Rule 5: four street meetings this month, a department's meeting approved by the head,
    # and a fifth one registered over quota (confirmed) and held → a violation.
    # a month whose first nine days are past, so that the fifth meeting can have been held
    first = today.replace(day=1)
    if today.day < 10:
        first = (first - timedelta(days=1)).replace(day=1)
    for day in range(4):
        meeting_services.meeting_register(
            actor=street_staff,
            organizer=street,
            held_on=first + timedelta(days=day),
            topic=f"街道工作部署会（{day + 1}）",
            communities=[community, second],
        )
    meeting_services.meeting_register(
        actor=street_staff,
        organizer=street,
        held_on=first,
        topic="社区书记周例会",
        communities=communities,
        is_routine=True,
    )
    requested = meeting_services.meeting_register(
        actor=department_staff,
        organizer=street_department,
        held_on=first + timedelta(days=6),
        topic="网格化工作培训",
        communities=[ctx.communities[2]],
    )
    meeting_services.meeting_approve(actor=street_head, meeting=requested, approve=True)
    over = meeting_services.meeting_register(
        actor=street_staff,
        organizer=street,
        held_on=first + timedelta(days=8),
        topic="创建迎检动员会",
        communities=[community],
        confirm_over_quota=True,
    )
    meeting_services.meeting_hold(actor=street_staff, meeting=over)
    for month in (2, 5):
        meeting_services.meeting_register(
            actor=district_staff,
            organizer=district_department,
            held_on=date(today.year, month, 10),
            topic="全区社区工作会议",
            communities=communities,
        )

    # Rule 6: a department inspecting a community directly (violation), street inspections,
    # and the combined evaluation.
    inspection_services.inspection_record(
        actor=community_staff,
        inspector=district_department,
        inspected=community,
        inspected_on=today - timedelta(days=5),
        subject="住房安全台账检查",
    )
    for days_ago in (1, 8):
        inspection_services.inspection_record(
            actor=street_staff,
            inspector=street,
            inspected=community,
            inspected_on=today - timedelta(days=days_ago),
            subject="社区工作督导",
        )
    inspection_services.evaluation_create(
        actor=street_staff,
        community=community,
        year=today.year,
        indicators=[
            {"name": "居民满意度测评", "kind": "resident_opinion", "weight": "60"},
            {"name": "为民服务实效", "kind": "service", "weight": "25"},
            {"name": "居民自治开展情况", "kind": "self_government", "weight": "15"},
        ],
    )

    # Rule 7: certificates issued and refused.
    for name, certificate_type, purpose in [
        ("王秀英", CertificateType.RESIDENCE, "子女入学"),
        ("李建国", CertificateType.OLD_AGE_ALLOWANCE, "申请高龄津贴"),
        ("张敏", CertificateType.VOLUNTEERING, "志愿服务时长认定"),
        ("刘洋", CertificateType.EMPLOYMENT_SUPPORT, "申请就业扶持"),
    ]:
        certificate_services.certificate_request(
            actor=community_staff,
            community=community,
            resident_name=name,
            requested_type=certificate_type,
            purpose=purpose,
            content="系本社区常住居民，情况属实",
        )
    certificate_services.certificate_request(
        actor=community_staff,
        community=community,
        resident_name="陈强",
        requested_type=ProhibitedCertificate.KINSHIP,
        purpose="办理继承",
    )
    certificate_services.certificate_request(
        actor=community_staff,
        community=community,
        resident_name="赵丽",
        requested_type=CertificateType.RESIDENCE,
        purpose="为亲属贷款提供担保",
    )

    # Rule 3: signs.
    for sign_kind, text in [
        (SignKind.PARTY_ORGANIZATION, "中共幸福社区委员会"),
        (SignKind.RESIDENTS_COMMITTEE, "幸福社区居民委员会"),
        (SignKind.SERVICE_STATION, "幸福社区服务站"),
        (SignKind.COMMUNITY_MARK, "中国社区"),
        (SignKind.OTHER, "某某创建工作站"),
    ]:
        sign_services.sign_record(
            actor=community_staff,
            community=community,
            place=SignPlace.OUTSIDE,
            kind=sign_kind,
            text=text,
        )
    sign_services.sign_record(
        actor=community_staff,
        community=community,
        place=SignPlace.INSIDE,
        room="多功能活动室",
        kind=SignKind.ROOM,
        text="居民活动室",
    )
    sign_services.sign_record(
        actor=community_staff,
        community=community,
        place=SignPlace.INSIDE,
        room="多功能活动室",
        kind=SignKind.OTHER,
        text="老年学校",
        requested_by="区老龄办",
    )

    # Rule 4: the work record book over two years.
    for days_ago, entry_kind, title in [
        (400, EntryKind.ACTIVITY, "重阳节敬老活动"),
        (380, EntryKind.MEETING, "居民代表会议"),
        (30, EntryKind.WORK, "低保家庭年度复核"),
        (12, EntryKind.ACTIVITY, "垃圾分类宣传"),
        (3, EntryKind.WORK, "独居老人走访"),
    ]:
        record_services.record_entry_create(
            actor=community_staff,
            community=community,
            entry_on=today - timedelta(days=days_ago),
            kind=entry_kind,
            title=title,
            text=f"{title}，已按计划完成并留存照片和文字说明。",
        )

    # Rules 8 and 9: a few entries in each register.
    registers: list[tuple[str, dict[str, Any]]] = [
        (
            "deliberations",
            {
                "kind": "deliberation",
                "held_on": today - timedelta(days=20),
                "topic": "老旧小区停车位划定",
                "participants": "居民代表21人、物业",
                "decision": "划定夜间共享车位60个",
            },
        ),
        (
            "hearings",
            {
                "held_on": today - timedelta(days=40),
                "subject": "物业服务费调整",
                "parties": "业主委员会、物业公司、居民代表",
                "outcome": "暂缓调整，先改进服务",
            },
        ),
        (
            "forum",
            {
                "title": "小区充电桩建设建议",
                "body": "希望增设电动自行车充电桩",
                "author_name": "3号楼居民",
            },
        ),
        (
            "building-groups",
            {
                "building": "5号楼",
                "leader_name": "周桂英",
                "member_count": 9,
                "rules": "楼道卫生轮值、邻里互助",
            },
        ),
        (
            "grid",
            {
                "staff": community_staff.pk,
                "area": "1—6号楼",
                "linked_units": "幸福小学、社区卫生服务站",
            },
        ),
        (
            "visits",
            {
                "visited_on": today - timedelta(days=2),
                "household": "7号楼2单元301",
                "visitor_name": community_staff.display_name,
                "notes": "独居老人，需助餐",
            },
        ),
        (
            "agency-services",
            {
                "handled_on": today - timedelta(days=4),
                "resident_name": "孙伟",
                "service": "代办居住证续签",
                "is_done": True,
            },
        ),
        (
            "pledges",
            {"published_on": date(today.year, 1, 2), "text": "群众来访马上办、一次告知、限时办结"},
        ),
        (
            "duty",
            {
                "duty_on": today,
                "kind": "staggered",
                "staff_name": "李静",
                "hours": "12:00—14:00，17:30—20:00",
            },
        ),
    ]
    # Rules 4 and 6: ledgers, reports and evaluations demanded — one approved and one refused
    # through the admission flow, one evaluation demanded without approval (a violation).
    registers += [
        (
            "ledgers",
            {
                "department": district_department.pk,
                "kind": "ledger",
                "title": "既有住宅加装电梯意愿摸排台账",
                "demanded_on": today - timedelta(days=9),
                "approval": "approved",
                "admission": approved.pk,
            },
        ),
        (
            "ledgers",
            {
                "department": district_department.pk,
                "kind": "report",
                "title": "辖区商户经营数据统计报表",
                "demanded_on": today - timedelta(days=8),
                "approval": "refused",
                "admission": refused.pk,
            },
        ),
        (
            "evaluation-activities",
            {
                "department": district_department.pk,
                "title": "“最美楼道”评比",
                "requested_on": today - timedelta(days=5),
                "approval": "not_asked",
            },
        ),
    ]
    for key, data in registers:
        register_services.register_entry_create(
            actor=community_staff, register=key, community=community, data=data
        )

    _self_government(ctx, community, community_staff, today)

    # Rule 10: the burden report's violation held to account.
    violation = Violation.objects.filter(rule=ViolationRule.UNADMITTED_TASK).first()
    if violation is not None:
        compliance_services.accountability_open(
            actor=supervisor,
            violation=violation,
            instruction="停止向社区派发台账任务，书面说明整改情况",
        )


#: Resident IDs with valid GB 11643 check characters for the demo's portal residents.
RESIDENT_IDS = ("360102198809152049", "36010219920423103X")


def _portal_account(username: str, name: str, id_number: str, ctx: DemoContext) -> User:
    applicant = core_services.applicant_register(
        kind=ApplicantKind.NATURAL_PERSON,
        name=name,
        id_number=id_number,
        phone="13900000000",
        username=username,
        password=DEMO_PASSWORD,
    )
    assert applicant.account is not None
    ctx.users[username] = applicant.account
    ctx.accounts.append((username, "居民", "—"))
    return applicant.account


def _self_government(ctx: DemoContext, community: Organization, staff: User, today: date) -> None:
    """Rule 8 on the portal: a verified resident's topics, a staff reply, a deliberation with
    its outcome published, an open one with support, a hearing, disclosures; a second
    resident's application waiting to be verified."""
    resident = _portal_account("resident", "王秀兰", RESIDENT_IDS[0], ctx)
    membership = resident_services.membership_apply(
        actor=resident, community=community, address="幸福路1号2栋301", display_name="2栋王阿姨"
    )
    resident_services.membership_decide(actor=staff, membership=membership, verified=True)
    waiting = _portal_account("resident02", "刘志强", RESIDENT_IDS[1], ctx)
    resident_services.membership_apply(
        actor=waiting, community=community, address="幸福路3号5栋102", display_name="5栋小刘"
    )
    lift = resident_services.forum_topic_post(
        actor=resident,
        community=community,
        title="2栋加装电梯",
        body="2栋住着不少七八十岁的老人，上下楼很困难，建议议一议加装电梯和费用分摊。",
    )
    selfgov_services.forum_reply_add(
        actor=staff,
        topic=lift,
        body="已收到，居委会将组织2栋居民议事协商。",
        author_name="幸福社区居委会",
    )
    decided = resident_services.forum_topic_to_deliberation(
        actor=staff, topic=lift, held_on=today - timedelta(days=6), participants="2栋居民代表18人"
    )
    resident_services.deliberation_support(actor=resident, deliberation=decided)
    resident_services.deliberation_outcome_publish(
        actor=staff,
        deliberation=decided,
        decision="同意加装电梯；一楼住户不分摊，二楼以上按楼层系数分摊，居民自筹部分申请旧改补助。",
    )
    dogs = resident_services.forum_topic_post(
        actor=resident,
        community=community,
        title="文明养犬公约",
        body="小区里遛狗不牵绳的情况较多，建议制定文明养犬公约。",
    )
    open_deliberation = resident_services.forum_topic_to_deliberation(
        actor=staff, topic=dogs, held_on=today + timedelta(days=7)
    )
    resident_services.deliberation_support(actor=resident, deliberation=open_deliberation)
    resident_services.forum_topic_post(
        actor=resident,
        community=community,
        title="周末开放社区活动室",
        body="希望周末也能开放活动室，方便孩子们写作业、老人下棋。",
    )
    register_services.register_entry_create(
        actor=staff,
        register="hearings",
        community=community,
        data={
            "held_on": today + timedelta(days=14),
            "subject": "小区停车收费方案",
            "parties": "业主委员会、物业公司、居民代表",
            "outcome": "听证后公布",
        },
    )
    for kind, title, text in [
        (
            "finances",
            "上季度社区公益金收支",
            "收入12,000元（区级拨付）；支出9,860元：敬老活动3,200元，楼道照明维修6,660元。",
        ),
        (
            "services",
            "社区服务时间",
            "工作日8:30—17:30，错时服务12:00—14:00、17:30—20:00；节假日轮休值班。",
        ),
    ]:
        register_services.register_entry_create(
            actor=staff,
            register="disclosures",
            community=community,
            data={"kind": kind, "title": title, "text": text, "published_on": today},
        )
