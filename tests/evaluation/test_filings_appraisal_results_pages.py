"""Workbench pages of rule filings, self-inspection, democratic appraisal and results applied:
they render for those who read them, and every forbidden write is refused."""

from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from xiaoneng.core.roles import Role
from xiaoneng.evaluation.models import RuleFiling
from xiaoneng.evaluation.services.appraisals import appraisal_create
from xiaoneng.evaluation.services.filings import (
    rule_filing_file,
    self_inspection_create,
    self_inspection_problem_add,
)

TODAY = date(2026, 11, 2)
pytestmark = pytest.mark.usefixtures("_today")


@pytest.fixture
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def people(org_tree, make_user):
    t = org_tree
    return {
        "head": make_user(Role.DEPARTMENT_HEAD, organization=t.department),
        "other_head": make_user(Role.DEPARTMENT_HEAD, organization=t.other_department),
        "supervisor": make_user(Role.EFFICIENCY_SUPERVISOR, organization=t.efficiency_office),
        "leader": make_user(Role.LEADER, organization=t.city),
        "officer": make_user(Role.EVALUATION_OFFICER, organization=t.efficiency_office),
    }


def _as(client, user):
    client.force_login(user)
    return client


def test_a_unit_files_with_an_attachment_and_reads_it_back(client, org_tree, people):
    t = org_tree
    c = _as(client, people["head"])
    page = c.get("/workbench/evaluation/rule-filings/")
    assert page.status_code == 200 and b"Missing" in page.content
    answer = c.post(
        "/workbench/evaluation/rule-filings/",
        {
            "unit": t.department.pk,
            "rule": "time_limit",
            "attachment": SimpleUploadedFile("限时办结制.txt", "第一条 限时办结".encode()),
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    filing = RuleFiling.objects.get()
    assert filing.attachment_name == "限时办结制.txt"
    download = c.get(f"/workbench/evaluation/rule-filings/{filing.pk}/attachment/")
    assert b"".join(download.streaming_content).decode() == "第一条 限时办结"
    # another unit sees neither the filing nor its attachment
    other = _as(client, people["other_head"])
    assert other.get(f"/workbench/evaluation/rule-filings/{filing.pk}/").status_code == 404
    assert (
        other.get(f"/workbench/evaluation/rule-filings/{filing.pk}/attachment/").status_code == 404
    )


def test_forbidden_writes_on_the_filing_pages(client, org_tree, people):
    t = org_tree
    filing = rule_filing_file(actor=people["head"], unit=t.department, rule="time_limit", text="x")
    url = f"/workbench/evaluation/rule-filings/{filing.pk}/"
    # a unit reviewing its own filing
    assert _as(client, people["head"]).post(url, {"action": "accept"}).status_code == 403
    # a reader writing
    reader = _as(client, people["leader"])
    assert reader.get(url).status_code == 200
    assert reader.post(url, {"action": "accept"}).status_code == 403
    assert (
        reader.post(
            "/workbench/evaluation/rule-filings/",
            {"unit": t.department.pk, "rule": "time_limit", "text": "x"},
        ).status_code
        == 403
    )
    # a unit filing for another unit: the other unit is not a choice
    answer = _as(client, people["other_head"]).post(
        "/workbench/evaluation/rule-filings/",
        {"unit": t.department.pk, "rule": "stand_in", "text": "x"},
    )
    assert answer.status_code == 200 and not RuleFiling.objects.filter(rule="stand_in").exists()
    office = _as(client, people["supervisor"])
    returned = office.post(url, {"action": "return", "reason": ""})
    assert returned.status_code == 200 and b"reasons" in returned.content
    assert office.post(url, {"action": "accept"}).status_code == 302
    filing.refresh_from_db()
    assert filing.status == "accepted"


def test_self_inspection_pages_and_forbidden_paths(client, org_tree, people):
    t = org_tree
    report = self_inspection_create(actor=people["head"], unit=t.department, year=2026, summary="x")
    self_inspection_problem_add(
        actor=people["head"],
        report=report,
        description="告知单不统一",
        measure="统一",
        found_on=date(2026, 9, 30),
        deadline_workdays=5,
    )
    url = f"/workbench/evaluation/self-inspections/{report.pk}/"
    office = _as(client, people["supervisor"])
    listing = office.get("/workbench/evaluation/self-inspections/")
    assert listing.status_code == 200 and "告知单不统一".encode() in listing.content  # overdue
    assert office.post(url, {"action": "submit"}).status_code == 403  # not the office's report
    assert _as(client, people["leader"]).post(url, {"action": "problem"}).status_code == 403
    assert _as(client, people["other_head"]).get(url).status_code == 404
    head = _as(client, people["head"])
    bad = head.post(
        url,
        {
            "action": "problem",
            "description": "x",
            "measure": "y",
            "found_on": "2026-10-01",
            "deadline_workdays": "0",
        },
    )
    assert bad.status_code == 200 and b"has-error" in bad.content
    assert head.post(url, {"action": "submit"}).status_code == 302
    assert head.post(url, {"action": "accept"}).status_code == 403  # its own report
    office = _as(client, people["supervisor"])
    assert office.post(url, {"action": "accept"}).status_code == 302


def test_appraisal_and_results_pages(client, org_tree, people):
    t = org_tree
    appraisal = appraisal_create(
        actor=people["officer"],
        title="2026年度民主评议政风行风",
        year=2026,
        owner=t.city,
        units=[t.department],
        weights={"public": 40, "enterprise": 30, "deputy": 20, "monitor": 10},
    )
    officer = _as(client, people["officer"])
    assert officer.get("/workbench/evaluation/appraisals/").status_code == 200
    page = officer.get(f"/workbench/evaluation/appraisals/{appraisal.pk}/")
    assert page.status_code == 200 and t.department.name.encode() in page.content
    bad = officer.post(
        "/workbench/evaluation/appraisals/",
        {
            "title": "x",
            "year": 2026,
            "units": [t.department.pk],
            "weight_public": 50,
            "weight_enterprise": 30,
            "weight_deputy": 0,
            "weight_monitor": 0,
        },
    )
    assert bad.status_code == 200 and b"100" in bad.content
    reader = _as(client, people["leader"])
    assert reader.get(f"/workbench/evaluation/appraisals/{appraisal.pk}/").status_code == 200
    assert reader.post(f"/workbench/evaluation/appraisals/{appraisal.pk}/", {}).status_code == 403
    assert reader.post("/workbench/evaluation/appraisals/", {}).status_code == 403
    assert reader.get("/workbench/evaluation/results-applied/").status_code == 200
    assert reader.post("/workbench/evaluation/results-applied/", {}).status_code == 403
    assert (
        _as(client, people["head"]).get("/workbench/evaluation/results-applied/").status_code == 200
    )
    head_export = client.get("/workbench/evaluation/results-applied/?export=xlsx")
    assert head_export.status_code == 403  # a unit does not export the results to HR
    export = _as(client, people["officer"]).get(
        "/workbench/evaluation/results-applied/?export=xlsx"
    )
    assert export.status_code == 200 and export.content[:2] == b"PK"
