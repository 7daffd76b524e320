"""Demo data of the rule filings (八项制度备案), self-inspection (自查自纠), democratic appraisal
(民主评议政风行风) and results applied (结果运用), built through the services.

- the evaluated departments file the eight rules; most are accepted, one unit's 一次性告知制 was
  returned with reasons and refiled (v2 awaits review), two units have rules still missing;
- the market regulator's 2026 self-inspection with two problems (one rectified, one overdue);
- the 2026 democratic appraisal of the evaluated departments by the four groups (40/30/20/10),
  with paper copies, scoring a leaf of the 2026 round live;
- results of the published 2025 round applied: commendation, reward, admonishment.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from xiaoneng.core.access import user_has_perm
from xiaoneng.core.demo import DemoContext
from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Perm
from xiaoneng.evaluation.models import (
    AppraisalGroup,
    EfficiencyRule,
    EvaluationRound,
    Question,
    Recommendation,
    ScoringMethod,
)
from xiaoneng.evaluation.services import appraisals, filings, results
from xiaoneng.evaluation.workflow import RoundStatus

RULE_TEXT: dict[str, str] = {
    EfficiencyRule.POST_RESPONSIBILITY: "明确每个岗位的职责、权限、工作标准和办结时限，做到事有人管、责有人负。",
    EfficiencyRule.FIRST_RESPONDER: "首位接待来访、来电、来函的工作人员为首问责任人，负责解答、引导或转办，不得推诿。",
    EfficiencyRule.ONE_TIME_NOTICE: "申请材料不齐全的，一次性书面告知需补正的全部材料，不让群众多跑。",
    EfficiencyRule.TIME_LIMIT: "即办件当场办结，承诺件在承诺时限内办结，联办件在规定时限内办结。",
    EfficiencyRule.SERVICE_PLEDGE: "公开服务内容、依据、程序、时限和收费标准，接受社会监督。",
    EfficiencyRule.REFUSAL_FILING: "对不予受理、不予许可的事项，书面说明理由并报效能办备案。",
    EfficiencyRule.STAND_IN: "每个岗位设 A、B 角，A 角不在岗时由 B 角顶岗办理，确保工作不断档。",
    EfficiencyRule.ACCOUNTABILITY: "对违反效能制度、造成不良影响的，依照有关规定追究责任。",
}


def _filer(ctx: DemoContext, unit: Organization) -> User | None:
    for user in ctx.users.values():
        if user.organization_id == unit.pk and user_has_perm(user, Perm.TASK_REPORT):
            return user
    return None


def _build_filings(ctx: DemoContext, supervisor: User, units: list[Organization]) -> None:
    today = timezone.localdate()
    for n, unit in enumerate(units):
        filer = _filer(ctx, unit)
        if filer is None:
            continue
        rules = list(EfficiencyRule.values)
        if n % 4 == 3:  # a few units have not filed every rule yet
            rules = rules[:5]
        for rule in rules:
            filing = filings.rule_filing_file(
                actor=filer,
                unit=unit,
                rule=rule,
                text=f"{unit.name}{EfficiencyRule(rule).label}：{RULE_TEXT[rule]}",
                filed_on=today - timedelta(days=60),
            )
            if n == 0 and rule == EfficiencyRule.ONE_TIME_NOTICE:
                filings.rule_filing_review(
                    actor=supervisor,
                    filing=filing,
                    is_accepted=False,
                    reason="未附一次性告知书样式，未明确告知时限",
                )
                filings.rule_filing_file(
                    actor=filer,
                    unit=unit,
                    rule=rule,
                    text=filing.text + "附：一次性告知书样式；当场告知，最迟不超过 1 个工作日。",
                )
                continue
            filings.rule_filing_review(actor=supervisor, filing=filing, is_accepted=True)


def _build_self_inspection(ctx: DemoContext, supervisor: User, unit: Organization) -> None:
    filer = _filer(ctx, unit)
    if filer is None:
        return
    today = timezone.localdate()
    report = filings.self_inspection_create(
        actor=filer,
        unit=unit,
        year=today.year,
        summary="对照机关效能建设八项制度和作风建设要求，逐窗口、逐岗位开展自查自纠。",
    )
    done = filings.self_inspection_problem_add(
        actor=filer,
        report=report,
        description="部分窗口一次性告知单样式不统一，个别告知内容不完整",
        measure="统一制发一次性告知单，逐项列明补正材料",
        found_on=today - timedelta(days=40),
        deadline_workdays=10,
    )
    filings.self_inspection_problem_done(
        actor=filer, problem=done, done_on=today - timedelta(days=30), result="已统一告知单并培训"
    )
    filings.self_inspection_problem_add(
        actor=filer,
        report=report,
        description="AB 岗顶岗记录不全，个别岗位 B 角未落实",
        measure="补齐 AB 岗名单并每月检查顶岗记录",
        found_on=today - timedelta(days=35),
        deadline_workdays=15,
    )
    filings.self_inspection_submit(actor=filer, report=report)


def _build_appraisal(
    ctx: DemoContext, officer: User, units: list[Organization], current: EvaluationRound | None
) -> None:
    year = timezone.localdate().year
    appraisal = appraisals.appraisal_create(
        actor=officer,
        title=f"{year}年度民主评议政风行风",
        year=year,
        owner=ctx.city,
        units=units,
        weights={"public": 40, "enterprise": 30, "deputy": 20, "monitor": 10},
    )
    copies = {"public": 6, "enterprise": 4, "deputy": 2, "monitor": 2}
    for row in appraisal.units.select_related("survey", "unit"):
        questions = list(Question.objects.filter(section__survey=row.survey))
        level = ctx.rng.uniform(0.5, 1.0)
        for group in AppraisalGroup.values:
            for _copy in range(copies[group]):
                values = {
                    q.pk: ctx.rng.choices([2, 3, 4, 5], weights=[1, 2, 3 * level, 4 * level])[0]
                    for q in questions
                }
                appraisals.appraisal_answer_paper(
                    actor=officer, appraisal=appraisal, unit=row.unit, group=group, values=values
                )
    if current is None or current.year != year:
        return
    scored = set(current.scores.values_list("indicator_id", flat=True))
    leaf = (
        current.system.indicators.filter(method=ScoringMethod.QUALITATIVE)
        .exclude(pk__in=scored)
        .order_by("-code")
        .first()
    )
    if leaf is not None:
        appraisals.appraisal_link(
            actor=officer, appraisal=appraisal, evaluation_round=current, indicator=leaf
        )


def _build_results(ctx: DemoContext, officer: User) -> None:
    past = EvaluationRound.objects.filter(status=RoundStatus.PUBLISHED).order_by("-year").first()
    if past is None:
        return
    ranked = list(past.results.select_related("unit").order_by("rank"))
    if not ranked:
        return
    plan = [
        (ranked[0], Recommendation.COMMENDATION, "年度绩效评估第一名，予以通报表扬"),
        (ranked[0], Recommendation.REWARD, "评估等次优秀，按规定给予业绩奖励"),
        (ranked[-1], Recommendation.ADMONISHMENT, "评估排名末位，对主要领导进行诫勉教育"),
    ]
    for result, recommendation, reason in plan:
        leader = next(
            (
                u
                for u in ctx.users.values()
                if u.organization_id == result.unit_id and user_has_perm(u, Perm.CASE_DECIDE)
            ),
            None,
        )
        results.result_application_record(
            actor=officer,
            evaluation_round=past,
            unit=result.unit,
            leader=leader,
            recommendation=recommendation,
            reason=reason,
        )


def build(ctx: DemoContext, units: list[Organization]) -> None:
    officer, supervisor = ctx.users["evaluator"], ctx.users["supervisor"]
    _build_filings(ctx, supervisor, units)
    market = ctx.departments.get("市场监督管理局")
    if market is not None:
        _build_self_inspection(ctx, supervisor, market)
    current = EvaluationRound.objects.filter(status=RoundStatus.SCORING).order_by("-year").first()
    _build_appraisal(ctx, officer, units, current)
    _build_results(ctx, officer)
