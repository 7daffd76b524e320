"""Units' eight efficiency rules filed with the office (八项制度备案) and their yearly
self-inspection (自查自纠): seed document 1, 督促和指导…建立健全岗位责任制、首问负责制、一次性告知制等机关
效能建设八项制度，并汇编成册报市效能办备案; 开展自查自纠."""

from datetime import date

import pytest
import time_machine

from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.models import AuditRecord
from xiaoneng.core.roles import Role
from xiaoneng.evaluation.models import EfficiencyRule, RuleFiling
from xiaoneng.evaluation.selectors.filings import (
    filing_figures,
    problems_overdue,
    rule_filing_history,
    rule_filing_list,
    units_missing_rules,
)
from xiaoneng.evaluation.services.filings import (
    problem_due_on,
    rule_filing_file,
    rule_filing_review,
    self_inspection_create,
    self_inspection_problem_add,
    self_inspection_problem_done,
    self_inspection_review,
    self_inspection_submit,
)
from xiaoneng.evaluation.workflow import (
    FILING_TRANSITIONS,
    RECTIFICATION_TRANSITIONS,
    SELF_INSPECTION_TRANSITIONS,
    FilingStatus,
    check_transition,
)

TODAY = date(2026, 11, 2)


@pytest.fixture
def people(org_tree, make_user):
    t = org_tree
    return {
        "head": make_user(Role.DEPARTMENT_HEAD, organization=t.department),
        "reviewer": make_user(Role.REVIEWER, organization=t.department),
        "other_head": make_user(Role.DEPARTMENT_HEAD, organization=t.other_department),
        "supervisor": make_user(Role.EFFICIENCY_SUPERVISOR, organization=t.efficiency_office),
        "office_head": make_user(Role.DEPARTMENT_HEAD, organization=t.efficiency_office),
        "leader": make_user(Role.LEADER, organization=t.city),
        "evaluator": make_user(Role.EVALUATION_OFFICER, organization=t.efficiency_office),
    }


def test_the_eight_rules_include_those_the_seed_names():
    """Seed: 岗位责任制、首问负责制、一次性告知制等…八项制度; the brief: 限时办结, 责任追究."""
    assert len(EfficiencyRule.values) == 8
    for rule in ("post_responsibility", "first_responder", "one_time_notice"):
        assert rule in EfficiencyRule.values
    for rule in ("time_limit", "accountability"):
        assert rule in EfficiencyRule.values


@pytest.mark.parametrize(
    ("table", "current", "target", "allowed"),
    [
        (FILING_TRANSITIONS, "submitted", "accepted", True),
        (FILING_TRANSITIONS, "submitted", "returned", True),
        (FILING_TRANSITIONS, "accepted", "superseded", True),
        (FILING_TRANSITIONS, "returned", "accepted", False),  # refiled as a new version instead
        (FILING_TRANSITIONS, "accepted", "returned", False),
        (FILING_TRANSITIONS, "superseded", "accepted", False),
        (SELF_INSPECTION_TRANSITIONS, "draft", "submitted", True),
        (SELF_INSPECTION_TRANSITIONS, "submitted", "accepted", True),
        (SELF_INSPECTION_TRANSITIONS, "submitted", "returned", True),
        (SELF_INSPECTION_TRANSITIONS, "returned", "submitted", True),
        (SELF_INSPECTION_TRANSITIONS, "draft", "accepted", False),
        (SELF_INSPECTION_TRANSITIONS, "accepted", "submitted", False),
        (RECTIFICATION_TRANSITIONS, "open", "done", True),
        (RECTIFICATION_TRANSITIONS, "done", "open", False),
    ],
)
def test_every_row_of_the_workflow_tables(table, current, target, allowed):
    if allowed:
        check_transition(table, current, target, "x")
    else:
        with pytest.raises(Conflict):
            check_transition(table, current, target, "x")


@time_machine.travel(TODAY, tick=False)
def test_versions_return_refile_accept_and_history_kept(org_tree, people):
    t = org_tree
    v1 = rule_filing_file(
        actor=people["head"], unit=t.department, rule=EfficiencyRule.FIRST_RESPONDER, text="初稿"
    )
    assert (v1.version, v1.status) == (1, FilingStatus.SUBMITTED)
    with pytest.raises(Conflict) as pending:  # one version awaits review at a time
        rule_filing_file(
            actor=people["head"], unit=t.department, rule=EfficiencyRule.FIRST_RESPONDER, text="x"
        )
    assert pending.value.field == "rule"
    with pytest.raises(InvalidInput) as no_reason:
        rule_filing_review(actor=people["supervisor"], filing=v1, is_accepted=False)
    assert no_reason.value.field == "reason"
    rule_filing_review(
        actor=people["supervisor"], filing=v1, is_accepted=False, reason="未明确首问责任人"
    )
    v2 = rule_filing_file(
        actor=people["head"], unit=t.department, rule=EfficiencyRule.FIRST_RESPONDER, text="修订稿"
    )
    assert v2.version == 2
    rule_filing_review(actor=people["supervisor"], filing=v2, is_accepted=True)
    v3 = rule_filing_file(
        actor=people["head"], unit=t.department, rule=EfficiencyRule.FIRST_RESPONDER, text="第三版"
    )
    rule_filing_review(actor=people["supervisor"], filing=v3, is_accepted=True)
    history = list(rule_filing_history(filing=v1).values_list("version", "status"))
    assert history == [
        (3, FilingStatus.ACCEPTED),
        (2, FilingStatus.SUPERSEDED),
        (1, FilingStatus.RETURNED),
    ]
    assert RuleFiling.objects.get(pk=v1.pk).review_reason == "未明确首问责任人"
    with pytest.raises(Conflict):  # reviewed once
        rule_filing_review(actor=people["supervisor"], filing=v1, is_accepted=True)
    actions = set(
        AuditRecord.objects.filter(action__startswith="rule_filing.").values_list(
            "action", flat=True
        )
    )
    assert {"rule_filing.file", "rule_filing.returned", "rule_filing.accepted"} <= actions


@pytest.mark.parametrize(
    ("actor", "unit", "reason"),
    [
        ("other_head", "department", "a unit filing for another unit"),
        ("supervisor", "department", "the office does not file a unit's rules"),
        ("leader", "department", "a reader writing"),
        ("evaluator", "department", "the evaluation office has no task.report"),
    ],
)
@time_machine.travel(TODAY, tick=False)
def test_who_may_not_file(org_tree, people, actor, unit, reason):
    with pytest.raises(NotPermitted):
        rule_filing_file(
            actor=people[actor],
            unit=getattr(org_tree, unit),
            rule=EfficiencyRule.TIME_LIMIT,
            text="x",
        )


@pytest.mark.parametrize(
    ("filer", "unit", "reviewer", "reason"),
    [
        ("head", "department", "head", "a unit reviewing its own filing"),
        ("head", "department", "other_head", "another unit does not review"),
        ("head", "department", "leader", "a reader writing"),
        ("office_head", "efficiency_office", "supervisor", "the office reviewing its own filing"),
    ],
)
@time_machine.travel(TODAY, tick=False)
def test_who_may_not_review(org_tree, people, filer, unit, reviewer, reason):
    filing = rule_filing_file(
        actor=people[filer], unit=getattr(org_tree, unit), rule=EfficiencyRule.TIME_LIMIT, text="x"
    )
    with pytest.raises(NotPermitted):
        rule_filing_review(actor=people[reviewer], filing=filing, is_accepted=True)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"rule": "nine_rules", "text": "x"}, "rule"),
        ({"rule": "time_limit", "text": "  "}, "text"),
        ({"rule": "time_limit", "text": "x", "filed_on": date(2027, 1, 1)}, "filed_on"),
    ],
)
@time_machine.travel(TODAY, tick=False)
def test_bad_filing_input_names_the_field(org_tree, people, kwargs, field):
    with pytest.raises(InvalidInput) as error:
        rule_filing_file(actor=people["head"], unit=org_tree.department, **kwargs)
    assert error.value.field == field


@time_machine.travel(TODAY, tick=False)
def test_a_unit_missing_an_accepted_rule_is_flagged(org_tree, people):
    t = org_tree
    for rule in EfficiencyRule.values:
        filing = rule_filing_file(actor=people["head"], unit=t.department, rule=rule, text="x")
        rule_filing_review(actor=people["supervisor"], filing=filing, is_accepted=True)
    pending = rule_filing_file(
        actor=people["other_head"],
        unit=t.other_department,
        rule=EfficiencyRule.TIME_LIMIT,
        text="x",
    )
    flagged = {row.unit: row for row in units_missing_rules(user=people["supervisor"])}
    assert t.department not in flagged  # all eight accepted
    assert t.other_department in flagged  # one awaiting review is not accepted
    assert flagged[t.other_department].pending == ["time_limit"]
    assert len(flagged[t.other_department].missing) == 8
    figures = filing_figures(user=people["supervisor"], year=2026, on=TODAY)
    assert figures.units_complete == 1 and figures.filings_pending == 1
    assert figures.units_missing == figures.units - 1
    rule_filing_review(actor=people["supervisor"], filing=pending, is_accepted=True)
    flagged = {row.unit: row for row in units_missing_rules(user=people["supervisor"])}
    assert len(flagged[t.other_department].missing) == 7


@time_machine.travel(TODAY, tick=False)
def test_a_unit_sees_its_own_filings_only(org_tree, people):
    t = org_tree
    rule_filing_file(actor=people["head"], unit=t.department, rule="time_limit", text="x")
    rule_filing_file(
        actor=people["other_head"], unit=t.other_department, rule="time_limit", text="x"
    )
    assert {f.unit for f in rule_filing_list(user=people["reviewer"])} == {t.department}
    assert rule_filing_list(user=people["supervisor"]).count() == 2


@pytest.mark.parametrize(
    ("found_on", "workdays", "due_on", "why"),
    [
        (date(2026, 9, 30), 5, date(2026, 10, 13), "National Day 10-01…07, make-up Sat 10-10"),
        (date(2026, 6, 5), 3, date(2026, 6, 10), "a weekend in between"),
        (date(2026, 2, 13), 1, date(2026, 2, 14), "Sat 02-14 is a make-up working day"),
    ],
)
def test_rectification_due_in_working_days(found_on, workdays, due_on, why):
    assert problem_due_on(found_on, workdays) == due_on


@time_machine.travel(TODAY, tick=False)
def test_self_inspection_problems_rectification_and_review(org_tree, people):
    t = org_tree
    report = self_inspection_create(
        actor=people["head"], unit=t.department, year=2026, summary="对照八项制度逐条自查"
    )
    with pytest.raises(Conflict):  # one a year
        self_inspection_create(actor=people["head"], unit=t.department, year=2026, summary="x")
    problem = self_inspection_problem_add(
        actor=people["head"],
        report=report,
        description="窗口一次性告知单未统一",
        measure="统一制发告知单",
        found_on=date(2026, 9, 30),
        deadline_workdays=5,
    )
    assert problem.due_on == date(2026, 10, 13)
    assert list(problems_overdue(user=people["supervisor"], on=TODAY)) == [problem]
    with pytest.raises(InvalidInput) as bad:
        self_inspection_problem_add(
            actor=people["head"],
            report=report,
            description="x",
            measure="y",
            found_on=TODAY,
            deadline_workdays=0,
        )
    assert bad.value.field == "deadline_workdays"
    with pytest.raises(NotPermitted):
        self_inspection_problem_done(
            actor=people["other_head"], problem=problem, done_on=TODAY, result="x"
        )
    self_inspection_problem_done(
        actor=people["head"], problem=problem, done_on=date(2026, 10, 12), result="已统一"
    )
    assert not problems_overdue(user=people["supervisor"], on=TODAY).exists()
    with pytest.raises(Conflict):  # not submitted yet
        self_inspection_review(actor=people["supervisor"], report=report, is_accepted=True)
    self_inspection_submit(actor=people["head"], report=report)
    with pytest.raises(NotPermitted):  # the unit does not review its own report
        self_inspection_review(actor=people["head"], report=report, is_accepted=True)
    self_inspection_review(
        actor=people["supervisor"], report=report, is_accepted=False, reason="未列整改责任人"
    )
    self_inspection_submit(actor=people["head"], report=report)
    self_inspection_review(actor=people["supervisor"], report=report, is_accepted=True)
    assert report.status == "accepted"
