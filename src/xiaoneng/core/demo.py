"""Demo data: a believable prefecture-level city (江州市, fictional) with its agencies, counties,
streets, communities and about 100 staff covering every role — brought in the way a city is
onboarded: as the two Excel workbooks, through `core.onboarding`'s imports (docs/onboarding.md).

`build()` creates the core tree and returns a DemoContext; every other context adds its own demo
data in `xiaoneng.<context>.demo.build(context)` (called in CONTEXT_ORDER by `xiaoneng demo`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth.hashers import make_password

from xiaoneng.core import onboarding, services
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.models import Level, Organization, OrganizationKind, Rank, User
from xiaoneng.core.onboarding import workbook_for
from xiaoneng.core.roles import ADMIN_ROLES, Role

DEMO_PASSWORD = "Demo@2026xn"  # noqa: S105  (printed for demo accounts; never in production)
DEMO_USERNAMES = [
    "clerk",
    "reviewer",
    "head",
    "coordinator",
    "supervisor",
    "handler",
    "evaluator",
    "hr",
    "street",
    "streethead",
    "community",
    "leader",
    "sysadmin",
    "secadmin",
    "auditadmin",
    "streetdept",
    "districtstaff",
    "civilaffairs",
    "resident",
    # the portal's applicants (a citizen and an enterprise), with cases of their own
    "citizen",
    "qiye",
    "jiandu",  # an efficiency monitor (enterprises/monitors/demo.py), no cases of their own
]
CONTEXT_ORDER = [
    "workdays",
    "catalog",
    "cases",
    "supervision",
    "complaints",
    "community",
    "evaluation",
    "disclosure",
    "enterprises",
    "projects",
    "hall",
    "portal",  # last: gives the hall's and enterprises' applicant accounts cases of their own
]

COUNTIES = [
    "江南区",
    "江北区",
    "城东区",
    "城西区",
    "高新区",
    "临江县",
    "青山县",
    "白沙县",
    "龙泉县",
    "安平县",
    "永和县",
    "石门县",
]
CITY_DEPARTMENTS = [
    "发展和改革委员会",
    "教育局",
    "科学技术局",
    "工业和信息化局",
    "公安局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源和规划局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化广电旅游局",
    "卫生健康委员会",
    "退役军人事务局",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "林业局",
    "体育局",
    "城市管理局",
    "行政审批局",
    "公共资源交易中心",
    "税务局",
    "消防救援支队",
    "气象局",
    "档案局",
    "地方金融监督管理局",
    "信访局",
    "粮食和物资储备局",
    "人民防空办公室",
    "机关事务管理局",
    "外事办公室",
    "住房公积金管理中心",
]
STREETS = {
    "江南区": ["滨江街道", "南湖街道", "望江街道"],
    "江北区": ["北门街道", "新村街道"],
    "临江县": ["临江镇", "沙河镇"],
}
COMMUNITIES = ["幸福社区", "和平社区", "春晖社区", "阳光社区", "翠竹社区", "东风社区"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玲建国志红晓东海燕鹏飞婷雪梅文博宇浩然子涵欣怡思远"


@dataclass
class DemoContext:
    city: Organization
    counties: list[Organization] = field(default_factory=list)
    departments: dict[str, Organization] = field(default_factory=dict)
    offices: dict[str, Organization] = field(default_factory=dict)
    streets: list[Organization] = field(default_factory=list)
    communities: list[Organization] = field(default_factory=list)
    accounts: list[tuple[str, str, str]] = field(default_factory=list)  # username, role, unit
    users: dict[str, User] = field(default_factory=dict)
    rng: random.Random = field(default_factory=lambda: random.Random(2026))  # noqa: S311
    staff_rows: list[dict[str, Any]] = field(default_factory=list)  # the staff workbook

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.sample(GIVEN, self.rng.choice([1, 2])))


def _org(
    rows: list[dict[str, Any]], name: str, kind: str, level: int, parent: str, **kw: Any
) -> str:
    """One line of the organization workbook; the unit is created by the import."""
    rows.append({"name": name, "kind": kind, "level": level, "parent": parent, **kw})
    return name


def _person(
    ctx: DemoContext,
    username: str,
    org: Organization,
    roles: list[str],
    post: str,
    rank: str = Rank.ORDINARY,
    since: date | None = None,
    listed: bool = False,
) -> None:
    """One line of the staff workbook (the administrators are created on their own)."""
    ctx.staff_rows.append(
        {
            "real_name": ctx.name(),
            "username": username,
            "unit": org.name,
            "roles": "、".join(roles),
            "rank": rank,
            "post": post,
            "post_since": since or date(ctx.rng.randint(2012, 2025), ctx.rng.randint(1, 12), 1),
            "phone": f"13{ctx.rng.randint(100000000, 999999999)}",
        }
    )
    if listed:
        ctx.accounts.append((username, ", ".join(str(Role(r).label) for r in roles), org.name))


def _import(importer: Any, columns: Any, rows: list[dict[str, Any]], title: str) -> None:
    """Through the onboarding import, as a city would (docs/onboarding.md): same checks."""
    report = importer(actor=None, data=workbook_for(columns, rows, title))
    if not report.ok:
        raise InvalidInput("; ".join(str(e) for e in report.errors[:5]), field="file")


def build() -> DemoContext:
    """The city's units and staff, written as the two onboarding workbooks and imported."""
    rng = random.Random(2026)  # noqa: S311  (demo data, reproducible)
    rows: list[dict[str, Any]] = []
    city = _org(
        rows,
        "江州市人民政府",
        OrganizationKind.GOVERNMENT,
        Level.CITY,
        "",
        short_name="江州市",
        credit_code="11330100002489548W",
        region_code="330100",
    )
    departments = {}
    for name in CITY_DEPARTMENTS:
        kind = OrganizationKind.CIVIL_AFFAIRS if name == "民政局" else OrganizationKind.DEPARTMENT
        departments[name] = _org(
            rows, f"江州市{name}", kind, Level.CITY, city, short_name=name, region_code="330100"
        )
    offices = {}
    for key, name, kind in [
        ("service_centre", "江州市行政服务中心", OrganizationKind.SERVICE_CENTRE),
        (
            "efficiency_office",
            "江州市机关效能建设领导小组办公室",
            OrganizationKind.EFFICIENCY_OFFICE,
        ),
        ("complaint_centre", "江州市机关效能投诉中心", OrganizationKind.COMPLAINT_CENTRE),
        ("evaluation_office", "江州市绩效评估办公室", OrganizationKind.EVALUATION_OFFICE),
        ("hr_office", "江州市委组织部干部科", OrganizationKind.HR_OFFICE),
    ]:
        offices[key] = _org(rows, name, kind, Level.CITY, city)
    counties, streets, communities = [], [], []
    for i, county in enumerate(COUNTIES):
        gov = _org(
            rows,
            f"{county}人民政府",
            OrganizationKind.GOVERNMENT,
            Level.COUNTY,
            city,
            short_name=county,
            region_code=f"3301{i + 2:02d}",
        )
        counties.append(gov)
        for dept in ["民政局", "市场监督管理局", "住房和城乡建设局"]:
            kind = (
                OrganizationKind.CIVIL_AFFAIRS if dept == "民政局" else OrganizationKind.DEPARTMENT
            )
            _org(rows, f"{county}{dept}", kind, Level.COUNTY, gov, short_name=dept)
        for street in STREETS.get(county, []):
            s = _org(
                rows,
                f"{county}{street}办事处",
                OrganizationKind.STREET_OFFICE,
                Level.TOWN,
                gov,
                short_name=street,
            )
            streets.append(s)
            _org(rows, f"{street}社区工作科", OrganizationKind.STREET_DEPARTMENT, Level.TOWN, s)
            _org(rows, f"{street}综合治理办", OrganizationKind.STREET_DEPARTMENT, Level.TOWN, s)
            for community in rng.sample(COMMUNITIES, 3):
                communities.append(
                    _org(
                        rows,
                        f"{street}{community}居民委员会",
                        OrganizationKind.COMMUNITY,
                        Level.VILLAGE,
                        s,
                        short_name=community,
                    )
                )
    _import(onboarding.organization_import, onboarding.ORG_COLUMNS, rows, "单位")
    units = {o.name: o for o in Organization.objects.filter(name__in=[r["name"] for r in rows])}
    ctx = DemoContext(
        city=units[city],
        counties=[units[n] for n in counties],
        departments={k: units[n] for k, n in departments.items()},
        offices={k: units[n] for k, n in offices.items()},
        streets=[units[n] for n in streets],
        communities=[units[n] for n in communities],
        rng=rng,
    )
    _people(ctx)
    administrators = [r for r in ctx.staff_rows if set(r["roles"].split("、")) & ADMIN_ROLES]
    staff = [r for r in ctx.staff_rows if r not in administrators]
    _import(onboarding.staff_import, onboarding.STAFF_COLUMNS, staff, "人员")
    for row in administrators:  # 三员分立: never by a file, one account at a time
        services.user_create(
            actor=None,
            username=row["username"],
            password=None,
            real_name=row["real_name"],
            organization=units[row["unit"]],
            roles=row["roles"].split("、"),
            post=row["post"],
            rank=row["rank"],
            post_since=row["post_since"],
            phone=row["phone"],
        )
    usernames = [r["username"] for r in ctx.staff_rows]
    ctx.users = {u.username: u for u in User.objects.filter(username__in=usernames)}
    # One hash for every demo account: hashing ~100 passwords one by one takes most of a minute.
    User.objects.filter(pk__in=[u.pk for u in ctx.users.values()]).update(
        password=make_password(DEMO_PASSWORD)
    )
    return ctx


def _people(ctx: DemoContext) -> None:
    centre = ctx.offices["service_centre"]
    # One named demo account per role, printed by `xiaoneng demo`.
    _person(ctx, "clerk", centre, [Role.WINDOW_CLERK], "综合受理窗口", listed=True)
    _person(
        ctx,
        "reviewer",
        ctx.departments["市场监督管理局"],
        [Role.REVIEWER],
        "审批科科员",
        listed=True,
    )
    _person(
        ctx,
        "head",
        ctx.departments["市场监督管理局"],
        [Role.DEPARTMENT_HEAD],
        "审批科科长",
        Rank.SECTION,
        listed=True,
    )
    _person(
        ctx,
        "coordinator",
        centre,
        [Role.CENTRE_COORDINATOR],
        "中心协调科",
        Rank.SECTION,
        listed=True,
    )
    _person(
        ctx,
        "supervisor",
        ctx.offices["efficiency_office"],
        [Role.EFFICIENCY_SUPERVISOR],
        "电子监察科",
        Rank.SECTION,
        listed=True,
    )
    _person(
        ctx,
        "handler",
        ctx.offices["complaint_centre"],
        [Role.COMPLAINT_HANDLER],
        "投诉受理科",
        listed=True,
    )
    _person(
        ctx,
        "evaluator",
        ctx.offices["evaluation_office"],
        [Role.EVALUATION_OFFICER],
        "考评科",
        listed=True,
    )
    _person(ctx, "hr", ctx.offices["hr_office"], [Role.HR_OFFICER], "干部科", listed=True)
    street = ctx.streets[0]
    _person(ctx, "street", street, [Role.STREET_OFFICE_STAFF], "社区工作科", listed=True)
    _person(
        ctx,
        "streethead",
        street,
        [Role.STREET_OFFICE_STAFF, Role.DEPARTMENT_HEAD],
        "街道办事处主任",
        Rank.DIVISION,
        listed=True,
    )
    _person(
        ctx, "community", ctx.communities[0], [Role.COMMUNITY_STAFF], "社区居委会主任", listed=True
    )
    _person(ctx, "leader", ctx.city, [Role.LEADER], "副市长", Rank.BUREAU, listed=True)
    _person(
        ctx,
        "sysadmin",
        ctx.offices["efficiency_office"],
        [Role.SYSTEM_ADMIN],
        "系统管理员",
        listed=True,
    )
    _person(
        ctx,
        "secadmin",
        ctx.offices["efficiency_office"],
        [Role.SECURITY_ADMIN],
        "安全管理员",
        listed=True,
    )
    _person(
        ctx,
        "auditadmin",
        ctx.offices["efficiency_office"],
        [Role.AUDIT_ADMIN],
        "审计管理员",
        listed=True,
    )
    # Everyone else: window clerks at the centre, reviewers and heads in departments, staff in
    # streets and communities — about 100 people in all.
    for i in range(1, 13):
        _person(ctx, f"clerk{i:02d}", centre, [Role.WINDOW_CLERK], f"{i:02d}号窗口")
    departments = list(ctx.departments.values())
    for i, dept in enumerate(departments[:30], start=1):
        _person(ctx, f"reviewer{i:02d}", dept, [Role.REVIEWER], "审批科科员")
        if i % 2:
            _person(ctx, f"head{i:02d}", dept, [Role.DEPARTMENT_HEAD], "审批科科长", Rank.SECTION)
    for i in range(1, 5):
        _person(
            ctx,
            f"supervisor{i:02d}",
            ctx.offices["efficiency_office"],
            [Role.EFFICIENCY_SUPERVISOR],
            "督查科",
        )
        _person(
            ctx,
            f"handler{i:02d}",
            ctx.offices["complaint_centre"],
            [Role.COMPLAINT_HANDLER],
            "投诉办理科",
        )
    for i, community in enumerate(ctx.communities[1:13], start=1):
        _person(ctx, f"community{i:02d}", community, [Role.COMMUNITY_STAFF], "社区专职工作者")
    for i, street in enumerate(ctx.streets[1:], start=1):
        _person(ctx, f"street{i:02d}", street, [Role.STREET_OFFICE_STAFF], "社区工作科")
