"""Demo data of the evaluation context (江州市, fictional), shaped on seed document 1:

- the city departments' indicator system (5 first-level indicators with a believable subset of
  second and third levels, live figures where the system knows the answer) and a county system;
- a published 2025 round scoring ten departments by self-assessment, the supervising leader and
  functional departments, and a 2026 round open for scoring;
- the 2026 enterprise satisfaction survey: 1,044 questionnaires issued, 896 returned, with
  answers over the five province-wide dimensions; a smaller 2025 survey to compare with, and the
  fee-burden questionnaire;
- post history from the staff records and the 2025 rotation: 192 rotated (102 section level,
  90 ordinary) across 42 units;
- 22 supervision tasks (one implementation plan split into tasks), 12 reports to leaders,
  10 circulars and 6 rectification notices; 25 inspection visits with 140+ findings.

Bulk answers and extra staff are written with bulk_create to keep `xiaoneng demo` fast; every
other record goes through the services, as a clerk's input would.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from xiaoneng.core.demo import DemoContext
from xiaoneng.core.errors import DomainError
from xiaoneng.core.models import Organization, Rank, User, UserKind
from xiaoneng.evaluation import office_demo
from xiaoneng.evaluation.models import (
    Answer,
    AnswerChannel,
    DocumentKind,
    FindingKind,
    Handling,
    Question,
    RespondentKind,
    ScorerRole,
    ScoringMethod,
    SurveyInvitation,
    TaskSource,
    UnitKind,
    VisitMode,
)
from xiaoneng.evaluation.scoring import NodeSpec
from xiaoneng.evaluation.services import inspections, rotation, rounds, surveys, tasks
from xiaoneng.evaluation.services.indicators import system_create, system_save_tree
from xiaoneng.evaluation.workflow import SurveyStatus, TaskStatus

D = Decimal
Q, QL, DE, B, L = (
    ScoringMethod.QUANTITATIVE,
    ScoringMethod.QUALITATIVE,
    ScoringMethod.DEDUCTION,
    ScoringMethod.BONUS,
    ScoringMethod.LIVE_FIGURE,
)


def _n(code: str, name: str, weight: str, method: str = "", **kw: object) -> NodeSpec:
    parent = code.rsplit(".", 1)[0] if "." in code else None
    return NodeSpec(code=code, name=name, weight=D(weight), parent_code=parent, method=method, **kw)  # type: ignore[arg-type]


CITY_TREE = [
    _n("1", "职能工作目标", "40"),
    _n("1.1", "年度重点工作任务", "20"),
    _n("1.1.1", "重点项目推进完成率", "10", Q, target=D("100"), description="实际完成率÷目标"),
    _n("1.1.2", "市委市政府交办事项办理", "10", QL),
    _n("1.2", "业务工作指标", "20"),
    _n("1.2.1", "主要业务指标完成情况", "12", Q, target=D("100")),
    _n("1.2.2", "工作创新与特色亮点", "8", QL),
    _n("2", "机关效能建设", "25"),
    _n("2.1", "行政审批效率", "15"),
    _n("2.1.1", "办件按时办结率", "8", L, figure_code="on_time_rate", target=D("98")),
    _n("2.1.2", "承诺时限压缩", "4", Q, target=D("50"), description="承诺时限比法定时限压缩百分比"),
    _n("2.1.3", "网上审批事项比例", "3", Q, target=D("80")),
    _n("2.2", "效能监督", "10"),
    _n("2.2.1", "效能告诫", "4", L, figure_code="efficiency_warnings", per_event=D("1")),
    _n("2.2.2", "效能投诉办结率", "3", L, figure_code="complaint_closure_rate", target=D("99")),
    _n("2.2.3", "明察暗访发现问题", "3", DE, per_event=D("0.5")),
    _n("3", "依法行政", "15"),
    _n("3.1", "行政执法规范", "8"),
    _n("3.1.1", "执法案卷评查", "5", QL),
    _n("3.1.2", "行政复议诉讼被纠错", "3", DE, per_event=D("1")),
    _n("3.2", "政务公开", "7", QL),
    _n("4", "党风廉政与作风建设", "10"),
    _n("4.1", "党风廉政责任制落实", "6", QL),
    _n("4.2", "违纪违规问题", "4", DE, per_event=D("2")),
    _n("5", "社会评价", "10"),
    _n("5.1", "服务对象满意度", "6", L, figure_code="satisfaction", target=D("95")),
    _n("5.2", "企业问卷满意度指数", "4", L, figure_code="survey_index", target=D("90")),
    _n("6", "创新加分", "3", B, per_event=D("1"), description="获省级以上表彰，每项加1分"),
]
# Bonus first-level "6" sits outside the sums (100 = 40 + 25 + 15 + 10 + 10).

# 2025: before the system held the data, the same indicators were reported on paper and keyed in
# (live figures become quantitative targets or deductions per event); 2026 reads them live.
CITY_TREE_2025 = [
    NodeSpec(**{**n.__dict__, "method": Q if n.per_event is None else DE, "figure_code": ""})
    if n.method == L
    else n
    for n in CITY_TREE
]

COUNTY_TREE = [
    _n("1", "经济发展", "30", Q, target=D("100")),
    _n("2", "社会事业与民生", "20", QL),
    _n("3", "政府效能建设", "20"),
    _n("3.1", "办件按时办结率", "10", L, figure_code="on_time_rate", target=D("98")),
    _n("3.2", "效能投诉办结率", "10", L, figure_code="complaint_closure_rate", target=D("99")),
    _n("4", "依法行政", "15", QL),
    _n("5", "实地核查", "15", QL),
]

EVALUATED = [
    "教育局",
    "工业和信息化局",
    "民政局",
    "财政局",
    "人力资源和社会保障局",
    "住房和城乡建设局",
    "交通运输局",
    "市场监督管理局",
]
FUNCTIONAL = {"1": "发展和改革委员会", "3": "司法局", "4": "审计局"}


def _score_inputs(leaf, strength: float, ctx: DemoContext) -> dict:  # type: ignore[no-untyped-def]
    rng = ctx.rng
    method = leaf.method
    if method == Q:
        share = min(1.05, 0.62 + 0.4 * strength + rng.uniform(-0.05, 0.04))
        return {"actual": D(str(round(float(leaf.target) * share, 1)))}
    if method == QL:
        return {"grade": rng.choices("ABCD", weights=[4 * strength + 1, 3, 2 - strength, 0.3])[0]}
    if method == DE:
        return {"events": rng.choices([0, 1, 2, 3], weights=[5 * strength + 1, 2, 1, 0.5])[0]}
    return {"events": rng.choice([0, 0, 1, 2])}


def _build_indicators(ctx: DemoContext, officer: User):  # type: ignore[no-untyped-def]
    city = system_create(
        actor=officer,
        name="江州市市直部门绩效评估指标体系",
        year=2025,
        unit_kind=UnitKind.CITY_DEPARTMENT,
        owner=ctx.city,
    )
    system_save_tree(actor=officer, system=city, nodes=CITY_TREE_2025)
    county = system_create(
        actor=officer,
        name="江州市县区政府绩效评估指标体系",
        year=2025,
        unit_kind=UnitKind.COUNTY_GOVERNMENT,
        owner=ctx.city,
    )
    system_save_tree(actor=officer, system=county, nodes=COUNTY_TREE)
    city_2026 = system_create(
        actor=officer,
        name="江州市市直部门绩效评估指标体系",
        year=2026,
        unit_kind=UnitKind.CITY_DEPARTMENT,
        owner=ctx.city,
    )
    system_save_tree(actor=officer, system=city_2026, nodes=CITY_TREE)
    return city, city_2026


def _build_rounds(ctx: DemoContext, officer: User, city, city_2026) -> None:  # type: ignore[no-untyped-def]
    units = [ctx.departments[n] for n in EVALUATED]
    shares: dict[str, Decimal] = {
        ScorerRole.SELF_ASSESSMENT: D(20),
        ScorerRole.SUPERVISING_LEADER: D(30),
        ScorerRole.FUNCTIONAL_DEPARTMENT: D(50),
    }
    past = rounds.round_create(
        actor=officer,
        name="2025年度市直部门绩效评估",
        system=city,
        units=units,
        score_deadline=date(2026, 1, 20),
        shares=shares,
    )
    for code, department in FUNCTIONAL.items():
        rounds.round_assign(
            actor=officer,
            evaluation_round=past,
            indicator=city.indicators.get(code=code),
            department=ctx.departments[department],
        )
    rounds.round_open(actor=officer, evaluation_round=past)
    leaves = [i for i in city.indicators.select_related("parent") if i.method and i.method != L]
    functional = {leaf.pk for leaf in leaves if rounds.assigned_department(past, leaf)}
    for unit in units:
        strength = ctx.rng.uniform(0.1, 1.0)
        for leaf in leaves:
            roles = [ScorerRole.SELF_ASSESSMENT, ScorerRole.SUPERVISING_LEADER]
            if leaf.pk in functional:
                roles.append(ScorerRole.FUNCTIONAL_DEPARTMENT)
            for role in roles:
                lift = 0.15 if role == ScorerRole.SELF_ASSESSMENT else 0.0
                rounds.score_enter(
                    actor=officer,
                    evaluation_round=past,
                    unit=unit,
                    indicator=leaf,
                    scorer_role=role,
                    evidence="年度工作台账",
                    today=date(2026, 1, 15),
                    **_score_inputs(leaf, min(1.0, strength + lift), ctx),
                )
    rounds.round_close_scoring(actor=officer, evaluation_round=past, today=date(2026, 1, 26))
    rounds.round_publish(actor=officer, evaluation_round=past)

    current = rounds.round_create(
        actor=officer,
        name="2026年度市直部门绩效评估",
        system=city_2026,
        units=units,
        shares=shares,
        score_deadline=date(2027, 1, 20),
    )
    for code, department in FUNCTIONAL.items():
        rounds.round_assign(
            actor=officer,
            evaluation_round=current,
            indicator=city_2026.indicators.get(code=code),
            department=ctx.departments[department],
        )
    rounds.round_open(actor=officer, evaluation_round=current)
    head = ctx.users.get("head")
    if head is not None:  # the market regulator has begun its self-assessment
        for leaf in city_2026.indicators.filter(code__in=["1.1.1", "1.1.2", "1.2.1", "3.2"]):
            rounds.score_enter(
                actor=head,
                evaluation_round=current,
                unit=ctx.departments["市场监督管理局"],
                indicator=leaf,
                scorer_role=ScorerRole.SELF_ASSESSMENT,
                evidence="自评材料",
                **_score_inputs(leaf, 0.8, ctx),
            )


def _answer_in_bulk(ctx: DemoContext, survey, issued: int, returned: int, level: float) -> None:  # type: ignore[no-untyped-def]
    """Issue copies and store answers directly: ~9,000 answers through the service are slow."""
    names = [f"江州{n:03d}号企业" for n in range(1, 361)]
    returned_at = timezone.now()
    copies = [
        SurveyInvitation(
            survey=survey,
            token=secrets.token_urlsafe(24),
            issued_on=survey.period_start,
            respondent_kind=RespondentKind.ENTERPRISE
            if n < len(names)
            else RespondentKind.ANONYMOUS,
            respondent_name=names[n] if n < len(names) else "",
            returned_at=returned_at if n < returned else None,
            channel=(AnswerChannel.PAPER if n % 3 == 0 else AnswerChannel.ONLINE)
            if n < returned
            else "",
        )
        for n in range(issued)
    ]
    SurveyInvitation.objects.bulk_create(copies, batch_size=1000)
    questions = list(Question.objects.filter(section__survey=survey))
    answers = []
    for invitation in copies[:returned]:
        for question in questions:
            low, high = int(question.minimum), int(question.maximum)
            if question.kind == "likert":
                value = min(high, max(low, round(ctx.rng.gauss(1 + 4 * level, 0.8))))
            else:
                value = min(high, max(low, round(ctx.rng.gauss(3, 2))))
            answers.append(Answer(invitation=invitation, question=question, value=value))
    Answer.objects.bulk_create(answers, batch_size=5000)


def _build_surveys(ctx: DemoContext, officer: User) -> None:
    market = ctx.departments["市场监督管理局"]
    previous = surveys.survey_create(
        actor=officer,
        title="2025年度企业对机关效能满意度问卷调查",
        owner=ctx.city,
        period_start=date(2025, 6, 1),
        period_end=date(2025, 11, 30),
        template="province_satisfaction",
    )
    surveys.survey_set_status(actor=officer, survey=previous, status=SurveyStatus.OPEN)
    _answer_in_bulk(ctx, previous, 400, 318, 0.72)
    surveys.survey_set_status(actor=officer, survey=previous, status=SurveyStatus.CLOSED)
    current = surveys.survey_create(
        actor=officer,
        title="2026年度企业对机关效能满意度问卷调查",
        owner=ctx.city,
        period_start=date(2026, 6, 1),
        period_end=date(2026, 11, 30),
        template="province_satisfaction",
        dimension_weights={
            "policy_stability": D(1),
            "policy_transparency": D(1),
            "efficiency": D("1.5"),
            "attitude": D(1),
            "integrity": D("1.5"),
        },
    )
    surveys.survey_set_status(actor=officer, survey=current, status=SurveyStatus.OPEN)
    _answer_in_bulk(ctx, current, 1044, 896, 0.8)  # the seed's 1,044 issued, 896 returned
    unit_survey = surveys.survey_create(
        actor=officer,
        title="市场监督管理局窗口服务满意度调查",
        owner=ctx.city,
        subject_unit=market,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 10, 31),
        template="province_satisfaction",
    )
    surveys.survey_set_status(actor=officer, survey=unit_survey, status=SurveyStatus.OPEN)
    values = {q.pk: 4 for q in Question.objects.filter(section__survey=unit_survey)}
    for name in ["江州精工机械有限公司", "江州市绿源食品有限公司", "临江县宏达建材厂"]:
        surveys.survey_answer_paper(
            actor=officer, survey=unit_survey, values=values, respondent_name=name
        )
    fee = surveys.survey_create(
        actor=officer,
        title="2026年涉企收费负担调查",
        owner=ctx.city,
        period_start=date(2026, 9, 1),
        period_end=date(2026, 12, 31),
        template="fee_burden",
    )
    surveys.survey_set_status(actor=officer, survey=fee, status=SurveyStatus.OPEN)
    surveys.survey_issue(actor=officer, survey=fee, anonymous_links=50, issued_on=date(2026, 9, 1))


ROTATION_POSTS = [
    "审批科科员",
    "综合科科员",
    "执法大队队员",
    "财务科科员",
    "办公室科员",
    "政策法规科科员",
    "行政许可科科长",
    "监督科科长",
    "综合科科长",
    "办公室主任",
]


def _build_rotation(ctx: DemoContext, hr: User) -> None:
    """192 rotations in 2025 (102 section level, 90 ordinary) across 42 units."""
    units = [*ctx.departments.values()]
    units += list(
        Organization.objects.filter(
            parent__in=ctx.counties, kind__in=["department", "civil_affairs"]
        )[:2]
    )
    units = units[:42]
    password = make_password(None)
    people = []
    for i in range(192):
        unit = units[i % len(units)]
        rank = Rank.SECTION if i < 102 else Rank.ORDINARY
        post = ctx.rng.choice(ROTATION_POSTS[6:] if rank == Rank.SECTION else ROTATION_POSTS[:6])
        people.append(
            User(
                username=f"staff{i + 1:03d}",
                real_name=ctx.name(),
                kind=UserKind.STAFF,
                organization=unit,
                post=post,
                rank=rank,
                password=password,
                post_since=date(ctx.rng.randint(2012, 2019), ctx.rng.randint(1, 12), 1),
            )
        )
    User.objects.bulk_create(people)
    rotation.rotation_policy_set(
        actor=hr, government=ctx.city, years=5, exempt_posts=["机要员", "保密员"]
    )
    rotation.post_history_seed(actor=hr, root=ctx.city)
    people = list(User.objects.filter(username__startswith="staff").order_by("username"))
    for i, person in enumerate(people):
        target = units[(i * 7 + 3) % len(units)]
        if target == person.organization:
            target = units[(i * 7 + 4) % len(units)]
        rotation.rotation_execute(
            actor=hr,
            person=person,
            to_unit=target,
            to_post=person.post,
            rotated_on=date(2025, 3 + i % 9, 1 + i % 27),
        )


TASKS = [
    ("企业开办全程网办", "开办时间压缩至1个工作日以内", "市场监督管理局"),
    ("工程建设项目审批提速", "全流程审批时间压缩至80个工作日以内", "住房和城乡建设局"),
    ("不动产登记一窗受理", "一般登记5个工作日内办结", "自然资源和规划局"),
    ("惠企政策兑现", "惠企资金兑现不超过15个工作日", "财政局"),
    ("社保业务跨区通办", "实现市域内社保业务通办", "人力资源和社会保障局"),
    ("中小学校舍安全改造", "年底前完成全部危房改造", "教育局"),
    ("城区交通拥堵治理", "高峰时段主干道通行时间下降15%", "交通运输局"),
    ("涉企收费清理", "清理规范涉企收费，公开收费目录", "发展和改革委员会"),
    ("12345热线工单办理", "按时办结率达到98%以上", "信访局"),
    ("政务服务好差评整改", "差评整改率100%", "行政审批局"),
]


def _build_tasks(ctx: DemoContext, supervisor: User) -> None:
    year = timezone.localdate().year
    today = timezone.localdate()
    plan_tasks = []
    for n, (title, goal, unit) in enumerate(TASKS[:4]):
        plan_tasks.append(
            {
                "title": title,
                "goal": goal,
                "deadline": date(year, 6 + n, 30),
                "lead_unit": ctx.departments[unit],
                "responsible_units": [ctx.departments["行政审批局"]]
                if unit != "行政审批局"
                else [],
                "milestones": [
                    ("制定实施方案", date(year, 3, 31)),
                    ("中期督查", date(year, 5, 31)),
                ],
            }
        )
    plan = tasks.plan_split(
        actor=supervisor,
        title="优化营商环境攻坚行动实施方案",
        source=TaskSource.KEY_DECISION,
        owner=ctx.city,
        decided_on=date(year, 2, 20),
        tasks=plan_tasks,
    )
    created = list(plan.tasks.all())
    sources = [TaskSource.HOT_ISSUE, TaskSource.ROUTINE_CHECK]
    for n in range(18):
        title, goal, unit = TASKS[4 + n % 6]
        created.append(
            tasks.task_create(
                actor=supervisor,
                title=f"{title}（第{n // 6 + 1}轮督查）",
                goal=goal,
                source=sources[n % 2],
                deadline=date(year, 1 + n % 12, 28),
                owner=ctx.city,
                lead_unit=ctx.departments[unit],
            )
        )
    for n, task in enumerate(created):
        if task.deadline < today and n % 3:
            tasks.task_report_progress(
                actor=supervisor,
                task=task,
                unit=task.lead_unit,
                percent_done=100,
                text="已按期完成",
                reported_on=task.deadline - timedelta(days=3),
            )
            tasks.task_set_status(
                actor=supervisor,
                task=task,
                status=TaskStatus.COMPLETED,
                on=task.deadline - timedelta(days=2),
            )
        elif n % 2:
            tasks.task_report_progress(
                actor=supervisor,
                task=task,
                unit=task.lead_unit,
                percent_done=60,
                text="正在推进，部分环节待协调",
            )
        if n % 4 == 0:
            tasks.task_follow_up(
                actor=supervisor,
                task=task,
                visited_on=min(today, task.deadline),
                visitors="效能办督查科",
                findings="现场查看推进情况，台账基本齐全",
            )
    for n in range(12):
        tasks.document_issue(
            actor=supervisor,
            kind=DocumentKind.LEADER_REPORT,
            owner=ctx.city,
            title=f"关于{TASKS[n % 10][0]}督查情况的呈阅件",
            body="一、基本情况\n二、存在问题\n三、下一步建议",
            recipient="市政府领导",
            task=created[n % len(created)],
            issued_on=date(year, 1 + n % 11, 10),
        )
    for n in range(10):
        tasks.document_issue(
            actor=supervisor,
            kind=DocumentKind.CIRCULAR,
            owner=ctx.city,
            title=f"关于第{n + 1}次效能督查情况的通报",
            body="现将督查情况通报如下。\n请各单位对照整改。",
            recipient="市直各单位",
            issued_on=date(year, 1 + n, 15),
        )
    for n, unit in enumerate(
        ["交通运输局", "教育局", "住房和城乡建设局", "民政局", "财政局", "市场监督管理局"]
    ):
        issued_on = date(year, 2 + n, 5)
        notice = tasks.notice_issue(
            actor=supervisor,
            unit=ctx.departments[unit],
            problem="明察暗访发现窗口工作人员离岗、上班时间玩游戏",
            deadline=issued_on + timedelta(days=20),
            owner=ctx.city,
            issued_on=issued_on,
        )
        if n < 3:
            notice.status = "reported"
            notice.rectification = "已约谈当事人，建立离岗登记和巡查制度"
            notice.reported_on = issued_on + timedelta(days=15)
            notice.save()
            tasks.notice_verify(
                actor=supervisor,
                notice=notice,
                is_accepted=True,
                verification="回访核实，整改到位",
                on=issued_on + timedelta(days=25),
            )


def _build_visits(ctx: DemoContext, supervisor: User) -> None:
    """25 visits, 140+ findings across the kinds of the seed document."""
    year = timezone.localdate().year
    units = [ctx.offices["service_centre"], *list(ctx.departments.values())[:20]]
    staff_by_unit: dict[int, list[User]] = {}
    for member in User.objects.filter(organization__in=units, kind=UserKind.STAFF):
        staff_by_unit.setdefault(member.organization_id or 0, []).append(member)
    kinds = list(FindingKind)
    weights = [30, 18, 22, 15, 4, 20, 12, 8, 6]
    inspectors = [
        supervisor,
        *[
            ctx.users[f"supervisor{i:02d}"]
            for i in range(1, 3)
            if f"supervisor{i:02d}" in ctx.users
        ],
    ]
    warnings_left = 8
    total = 0
    for n in range(25):
        visited = ctx.rng.sample(units, 3)
        visit = inspections.visit_record(
            actor=supervisor,
            owner=ctx.city,
            visited_on=date(year, 1 + n % 10, 3 + n),
            mode=VisitMode.UNANNOUNCED if n % 3 else VisitMode.OPEN,
            units=visited,
            inspectors=inspectors,
            notes="上班时间明察暗访",
        )
        for _i in range(6 if n < 16 else 5):
            unit = ctx.rng.choice(visited)
            kind = ctx.rng.choices(kinds, weights=weights)[0]
            people = staff_by_unit.get(unit.pk, [])
            person: User | None = (
                ctx.rng.choice(people) if people and ctx.rng.random() < 0.5 else None
            )
            finding = inspections.finding_record(
                actor=supervisor,
                visit=visit,
                unit=unit,
                kind=kind,
                person=person,
                person_name="" if person else ctx.name(),
                description="上班时间在办公室炒股" if kind == FindingKind.OTHER else "",
            )
            total += 1
            if person is not None and warnings_left:
                try:
                    inspections.finding_handle(
                        actor=supervisor, finding=finding, handling=Handling.EFFICIENCY_WARNING
                    )
                    warnings_left -= 1
                    continue
                except DomainError:
                    warnings_left = 0
            if ctx.rng.random() < 0.7:
                inspections.finding_handle(
                    actor=supervisor,
                    finding=finding,
                    handling=Handling.OTHER,
                    note="批评教育，责令整改",
                )


def build(context: DemoContext) -> None:
    officer = context.users["evaluator"]
    city, city_2026 = _build_indicators(context, officer)
    _build_surveys(context, officer)
    _build_rounds(context, officer, city, city_2026)
    _build_rotation(context, context.users["hr"])
    _build_tasks(context, context.users["supervisor"])
    _build_visits(context, context.users["supervisor"])
    office_demo.build(context, [context.departments[n] for n in EVALUATED])
