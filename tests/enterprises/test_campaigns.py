"""Special campaigns (专项整治): teams, enterprises investigated, meetings, findings rectified by
the responsible unit by a working-day deadline, the linked questionnaire survey, the figures
(counted, Excel read back); who may do each step on the services, the API and the pages."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from openpyxl import load_workbook
from rest_framework.test import APIClient

from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Role
from xiaoneng.enterprises.campaigns import services
from xiaoneng.enterprises.campaigns.selectors import campaign_figures
from xiaoneng.enterprises.deadlines import light, rectification_due_on
from xiaoneng.enterprises.models import Campaign, CampaignKind, FindingKind, MeetingKind
from xiaoneng.enterprises.workflow import (
    FINDING_TRANSITIONS,
    FindingAction,
    FindingStatus,
    next_status,
)
from xiaoneng.evaluation.models import RespondentKind, Survey, SurveyInvitation


@dataclass
class Office:
    unit: Organization  # the responsible unit of the findings
    supervisor: User  # the efficiency office (supervision.act)
    replier: User  # the responsible unit's reviewer (complaint.reply)
    other_replier: User  # another unit's reviewer
    foreign_supervisor: User  # another city's efficiency office
    campaign: Campaign


@pytest.fixture
def office(org_tree, make_user) -> Office:  # type: ignore[no-untyped-def]
    t = org_tree
    supervisor = make_user(Role.EFFICIENCY_SUPERVISOR, organization=t.efficiency_office)
    campaign = services.campaign_create(
        actor=supervisor,
        title="企业税外费用负担专项清理整治",
        kind=CampaignKind.FEE_CLEANUP,
        lead_unit=t.efficiency_office,
        started_on=date(2025, 3, 1),
    )
    return Office(
        unit=t.department,
        supervisor=supervisor,
        replier=make_user(Role.REVIEWER, organization=t.department),
        other_replier=make_user(Role.REVIEWER, organization=t.other_department),
        foreign_supervisor=make_user(Role.EFFICIENCY_SUPERVISOR, organization=t.other_city),
        campaign=campaign,
    )


@pytest.mark.parametrize(
    ("found_on", "due_on"),
    [
        (date(2025, 9, 30), date(2025, 10, 28)),  # National Day week and its make-up days skipped
        (date(2025, 6, 3), date(2025, 6, 24)),  # three ordinary weeks
    ],
)
def test_rectification_due_in_15_working_days(found_on, due_on) -> None:  # type: ignore[no-untyped-def]
    assert rectification_due_on(found_on) == due_on


@pytest.mark.parametrize(("status", "action"), list(FINDING_TRANSITIONS))
def test_every_finding_transition_row(status, action) -> None:  # type: ignore[no-untyped-def]
    assert next_status(status, action, FINDING_TRANSITIONS) == FINDING_TRANSITIONS[(status, action)]


def test_a_rectified_finding_is_not_rectified_again() -> None:
    assert next_status(FindingStatus.RECTIFIED, FindingAction.RECTIFY, FINDING_TRANSITIONS) is None


def _finding(office: Office, amount: str = "1000.00", on: date | None = None):  # type: ignore[no-untyped-def]
    return services.finding_record(
        actor=office.supervisor,
        campaign=office.campaign,
        kind=FindingKind.UNREASONABLE_CHARGE,
        description="超标准收取检验检测费",
        unit=office.unit,
        found_on=on or date(2025, 6, 3),
        amount_charged=Decimal(amount),
    )


# The refund rule: an unreasonable charge is refunded at most in full, never negative.
@pytest.mark.parametrize(
    ("charged", "refunded", "allowed"),
    [
        ("1000.00", "1000.00", True),  # refunded in full
        ("1000.00", "400.00", True),  # partly
        ("1000.00", "0", True),  # a service problem: nothing to refund
        ("1000.00", "1000.01", False),  # more than was charged
        ("1000.00", "-1", False),  # negative
    ],
)
def test_refund_cannot_exceed_the_amount_charged(office, charged, refunded, allowed) -> None:  # type: ignore[no-untyped-def]
    finding = _finding(office, charged)
    rectify = lambda: services.finding_rectify(  # noqa: E731
        actor=office.replier,
        finding=finding,
        rectification="已清退",
        amount_refunded=Decimal(refunded),
        rectified_on=date(2025, 6, 10),
    )
    if allowed:
        assert rectify().status == FindingStatus.RECTIFIED
    else:
        with pytest.raises(InvalidInput) as error:
            rectify()
        assert error.value.field == "amount_refunded"


def test_finding_lifecycle_light_and_refusals(office) -> None:  # type: ignore[no-untyped-def]
    finding = _finding(office)
    assert finding.due_on == date(2025, 6, 24) and finding.number.startswith("ZX2025")
    assert light(finding.due_on, date(2025, 6, 23), finding.rectified_on) == "yellow"
    assert light(finding.due_on, date(2025, 6, 25), finding.rectified_on) == "red"
    with pytest.raises(NotPermitted):  # another unit's reviewer
        services.finding_rectify(actor=office.other_replier, finding=finding, rectification="x")
    with pytest.raises(NotPermitted):  # the unit does not record findings
        services.finding_record(
            actor=office.replier,
            campaign=office.campaign,
            kind=FindingKind.DISCIPLINE,
            description="x",
            unit=office.unit,
        )
    services.finding_rectify(
        actor=office.replier,
        finding=finding,
        rectification="已清退",
        amount_refunded=Decimal("1000.00"),
        rectified_on=date(2025, 6, 20),
    )
    with pytest.raises(Conflict):
        services.finding_rectify(actor=office.replier, finding=finding, rectification="again")
    assert light(finding.due_on, date(2025, 7, 1), finding.rectified_on) == "green"


def test_another_citys_office_may_not_manage_the_campaign(office, org_tree) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotPermitted):
        services.campaign_team_add(
            actor=office.foreign_supervisor,
            campaign=office.campaign,
            name="第一组",
            leading_unit=org_tree.department,
            members="张三",
        )
    with pytest.raises(NotPermitted):
        services.campaign_create(
            actor=office.replier,
            title="x",
            kind=CampaignKind.OTHER,
            lead_unit=org_tree.efficiency_office,
            started_on=date(2025, 1, 1),
        )


def test_rows_of_a_campaign_are_checked(office, org_tree) -> None:  # type: ignore[no-untyped-def]
    team = services.campaign_team_add(
        actor=office.supervisor,
        campaign=office.campaign,
        name="第一调查组",
        leading_unit=org_tree.department,
        members="张三\n李四",
    )
    assert team.member_list == ["张三", "李四"]
    with pytest.raises(Conflict):
        services.campaign_team_add(
            actor=office.supervisor,
            campaign=office.campaign,
            name="第一调查组",
            leading_unit=org_tree.department,
            members="王五",
        )
    services.campaign_enterprise_add(
        actor=office.supervisor,
        campaign=office.campaign,
        name="江州001号企业",
        investigated_on=date(2025, 3, 5),
        team=team,
    )
    with pytest.raises(Conflict):
        services.campaign_enterprise_add(
            actor=office.supervisor,
            campaign=office.campaign,
            name="江州001号企业",
            investigated_on=date(2025, 3, 6),
        )
    with pytest.raises(InvalidInput) as error:
        services.campaign_enterprise_add(
            actor=office.supervisor,
            campaign=office.campaign,
            name="江州002号企业",
            investigated_on=date(2025, 3, 6),
            credit_code="123",
        )
    assert error.value.field == "credit_code"
    other = services.campaign_create(
        actor=office.supervisor,
        title="另一专项",
        kind=CampaignKind.OTHER,
        lead_unit=org_tree.efficiency_office,
        started_on=date(2025, 1, 1),
    )
    with pytest.raises(InvalidInput) as error:  # a team of another campaign
        services.campaign_meeting_record(
            actor=office.supervisor,
            campaign=other,
            kind=MeetingKind.SYMPOSIUM,
            held_on=date(2025, 3, 9),
            topic="座谈会",
            team=team,
        )
    assert error.value.field == "team"
    with pytest.raises(InvalidInput) as error:
        services.campaign_create(
            actor=office.supervisor,
            title="倒序",
            kind=CampaignKind.OTHER,
            lead_unit=org_tree.efficiency_office,
            started_on=date(2025, 5, 1),
            ends_on=date(2025, 4, 1),
        )
    assert error.value.field == "ends_on"


def _survey(org_tree, issued: int, returned: int) -> Survey:  # type: ignore[no-untyped-def]
    survey = Survey.objects.create(
        title="企业税费负担问卷",
        owner=org_tree.city,
        period_start=date(2025, 3, 1),
        period_end=date(2025, 11, 30),
    )
    SurveyInvitation.objects.bulk_create(
        SurveyInvitation(
            survey=survey,
            respondent_kind=RespondentKind.ENTERPRISE,
            token=f"t{n}",
            issued_on=date(2025, 3, 1),
            returned_at="2025-04-01T10:00:00+08:00" if n < returned else None,
        )
        for n in range(issued)
    )
    return survey


@time_machine.travel("2025-07-01 10:00 +08:00")
def test_figures_are_counted_from_the_rows_and_the_linked_survey(office, org_tree) -> None:  # type: ignore[no-untyped-def]
    services.campaign_link_survey(
        actor=office.supervisor, campaign=office.campaign, survey=_survey(org_tree, 12, 9)
    )
    team = services.campaign_team_add(
        actor=office.supervisor,
        campaign=office.campaign,
        name="第一调查组",
        leading_unit=org_tree.department,
        members="张三",
    )
    for n in range(3):
        services.campaign_enterprise_add(
            actor=office.supervisor,
            campaign=office.campaign,
            name=f"江州{n:03d}号企业",
            investigated_on=date(2025, 3, 5),
            team=team,
        )
    for kind in (MeetingKind.SYMPOSIUM, MeetingKind.SPECIAL_MEETING):
        services.campaign_meeting_record(
            actor=office.supervisor,
            campaign=office.campaign,
            kind=kind,
            held_on=date(2025, 3, 9),
            topic="座谈会",
        )
    done = _finding(office, "800.00", date(2025, 6, 3))
    services.finding_rectify(
        actor=office.replier,
        finding=done,
        rectification="已清退",
        amount_refunded=Decimal("800.00"),
        rectified_on=date(2025, 6, 10),
    )
    _finding(office, "200.00", date(2025, 5, 6))  # due 2025-05-27: overdue by 1 July
    figures = campaign_figures(campaigns=Campaign.objects.all(), as_of=date(2025, 7, 1))
    assert (figures.teams, figures.enterprises_investigated, figures.symposia) == (1, 3, 2)
    assert (figures.questionnaires_issued, figures.questionnaires_returned) == (12, 9)
    assert (figures.findings, figures.unreasonable_charges, figures.rectified) == (2, 2, 1)
    assert figures.amount_charged == Decimal("1000.00")
    assert figures.amount_refunded == Decimal("800.00")
    assert (figures.rectified_on_time, figures.overdue_open) == (1, 1)

    api = APIClient()
    api.force_authenticate(office.supervisor)
    answer = api.get(f"/api/v1/campaigns/{office.campaign.pk}/figures/").json()
    assert answer["questionnaires_returned"] == 9 and answer["amount_refunded"] == 800.0
    totals = api.get("/api/v1/campaigns/figures/?start=2025-01-01&end=2025-12-31").json()
    assert totals["enterprises_investigated"] == 3


def test_excel_export_reads_back(client, office) -> None:  # type: ignore[no-untyped-def]
    _finding(office, "1500.00")
    client.force_login(office.supervisor)
    export = client.get(f"/workbench/enterprises/campaigns/{office.campaign.pk}/?format=xlsx")
    assert export.status_code == 200
    book = load_workbook(io.BytesIO(export.content))
    figures, findings = book.worksheets
    values = {row[0]: row[1] for row in figures.iter_rows(min_row=2, values_only=True)}
    assert values["Problems found"] == 1 and values["Unreasonable charges"] == 1
    assert float(values["Amount charged (yuan)"]) == 1500.0
    rows = list(findings.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1 and rows[0][0].startswith("ZX") and rows[0][3] == office.unit.name


def test_api_create_record_rectify_and_refusals(office, org_tree) -> None:  # type: ignore[no-untyped-def]
    api = APIClient()
    api.force_authenticate(office.supervisor)
    created = api.post(
        "/api/v1/campaigns/",
        {
            "title": "四乱两难专项整治",
            "kind": "environment",
            "lead_unit": org_tree.efficiency_office.pk,
            "started_on": "2025-05-01",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    finding = api.post(
        f"/api/v1/campaigns/{pk}/findings/",
        {
            "kind": "unreasonable_charge",
            "description": "乱收费",
            "unit": office.unit.pk,
            "amount_charged": 300,
        },
        format="json",
    )
    assert finding.status_code == 201, finding.content
    number = finding.json()["number"]
    assert api.get(f"/api/v1/campaigns/{pk}/findings/").json()["count"] == 1

    api.force_authenticate(office.other_replier)  # another unit: cannot see it
    refused = api.post(
        f"/api/v1/campaigns/findings/{number}/rectify/", {"rectification": "x"}, format="json"
    )
    assert refused.status_code == 404
    assert api.get("/api/v1/campaigns/").json()["count"] == 0
    assert api.get(f"/api/v1/campaigns/{pk}/").status_code == 404
    api.force_authenticate(office.foreign_supervisor)  # another city's office
    assert api.get(f"/api/v1/campaigns/{pk}/").status_code == 404
    api.force_authenticate(office.replier)
    assert api.get("/api/v1/campaigns/figures/").status_code == 403
    assert (
        api.post(
            f"/api/v1/campaigns/{pk}/findings/",
            {"kind": "discipline", "description": "x", "unit": office.unit.pk},
            format="json",
        ).status_code
        == 404
    )
    too_much = api.post(
        f"/api/v1/campaigns/findings/{number}/rectify/",
        {"rectification": "已清退", "amount_refunded": 301},
        format="json",
    )
    assert too_much.status_code == 400
    assert too_much.json()["errors"][0]["field"] == "amount_refunded"
    done = api.post(
        f"/api/v1/campaigns/findings/{number}/rectify/",
        {"rectification": "已清退", "amount_refunded": 300},
        format="json",
    )
    assert done.status_code == 200 and done.json()["status"] == "rectified"


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/v1/campaigns/", {"title": "x", "kind": "nope"}, "kind"),
        ("/api/v1/campaigns/", {"title": "", "kind": "other"}, "title"),
        (
            "{campaign}meetings/",
            {"kind": "symposium", "held_on": "2025-03-01", "topic": 0},
            "topic",
        ),
        (
            "{campaign}teams/",
            {"name": "第一组", "leading_unit": 999999, "members": "x"},
            "leading_unit",
        ),
        ("{campaign}meetings/", {"kind": "symposium", "held_on": "soon", "topic": "x"}, "held_on"),
        (
            "{campaign}enterprises/",
            {"name": "x", "investigated_on": "2025-03-01", "credit_code": "1"},
            "credit_code",
        ),
        (
            "{campaign}findings/",
            {"kind": "discipline", "description": "x", "unit": 1, "amount_charged": -5},
            "amount_charged",
        ),
        ("{campaign}survey/", {"survey": "abc"}, "survey"),
        ("{campaign}survey/", {"survey": ""}, "survey"),  # not read as null
        ("{campaign}survey/", {"survey": "1"}, "survey"),  # an id is a JSON integer
    ],
)
def test_bad_input_is_a_400_naming_the_field_in_chinese(office, path, body, field) -> None:  # type: ignore[no-untyped-def]
    api = APIClient()
    api.force_authenticate(office.supervisor)
    url = path.format(campaign=f"/api/v1/campaigns/{office.campaign.pk}/")
    response = api.post(url, body, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400, response.content
    errors = {e["field"]: e["reason"] for e in response.json()["errors"]}
    assert field in errors
    assert any("\u4e00" <= ch <= "\u9fff" for ch in errors[field]), errors


def test_pages_and_refusals(client, office, org_tree) -> None:  # type: ignore[no-untyped-def]
    finding = _finding(office)
    url = f"/workbench/enterprises/campaigns/{office.campaign.pk}/"
    client.force_login(office.replier)  # a unit reads its findings, not the campaigns
    assert client.get("/workbench/enterprises/campaigns/").status_code == 403
    assert client.get(url).status_code == 403
    assert (
        finding.number in client.get("/workbench/enterprises/campaigns/findings/").content.decode()
    )
    empty = client.post(
        f"/workbench/enterprises/campaigns/findings/{finding.number}/", {"rectification": ""}
    )
    assert empty.status_code == 400
    client.force_login(office.other_replier)
    assert (
        client.get(f"/workbench/enterprises/campaigns/findings/{finding.number}/").status_code
        == 404
    )
    client.force_login(office.foreign_supervisor)
    assert client.get(url).status_code == 404
    assert client.post("/workbench/enterprises/campaigns/", {"title": "x"}).status_code in (
        400,
        403,
    )
    client.force_login(office.supervisor)
    page = client.get(url)
    assert page.status_code == 200 and finding.number in page.content.decode()
    added = client.post(
        url,
        {
            "form": "team",
            "team-name": "第一调查组",
            "team-leading_unit": org_tree.department.pk,
            "team-members": "张三\n李四",
        },
    )
    assert added.status_code == 302 and office.campaign.teams.count() == 1
    bad = client.post(url, {"form": "meeting", "meeting-kind": "symposium", "meeting-topic": ""})
    assert bad.status_code == 400
    assert client.post(url, {"form": "nope"}).status_code == 403
    # the office sees the finding but only the responsible unit rectifies
    assert (
        client.post(
            f"/workbench/enterprises/campaigns/findings/{finding.number}/",
            {"rectification": "x", "amount_refunded": "0"},
        ).status_code
        == 403
    )
    client.force_login(office.replier)
    done = client.post(
        f"/workbench/enterprises/campaigns/findings/{finding.number}/",
        {"rectification": "已清退", "amount_refunded": "1000"},
    )
    assert done.status_code == 302
    finding.refresh_from_db()
    assert finding.status == FindingStatus.RECTIFIED
