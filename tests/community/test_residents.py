"""Rule 8 (self-government by residents), rules 1, 3, 4, 6, 9 registers, rule 10 compliance,
and corrections of register entries."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from tests.factories import UserFactory
from xiaoneng.community import selectors
from xiaoneng.community.models import (
    Deliberation,
    LedgerDemand,
    RegisterCorrection,
    Violation,
    ViolationRule,
)
from xiaoneng.community.services import compliance as compliance_services
from xiaoneng.community.services import registers as register_services
from xiaoneng.community.services import residents as resident_services
from xiaoneng.community.services import selfgov as selfgov_services
from xiaoneng.community.services import tasks as task_services
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.models import AuditRecord, UserKind
from xiaoneng.core.roles import Role

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def resident(cm):  # type: ignore[no-untyped-def]
    account = UserFactory(kind=UserKind.APPLICANT, organization=None, roles=[])
    membership = resident_services.membership_apply(
        actor=account, community=cm.community, address="幸福路1号2栋301", display_name="王阿姨"
    )
    resident_services.membership_decide(
        actor=cm.community_staff, membership=membership, verified=True
    )
    return account


@pytest.fixture
def outsider(cm):  # type: ignore[no-untyped-def]
    """A verified resident of the other community."""
    account = UserFactory(kind=UserKind.APPLICANT, organization=None, roles=[])
    membership = resident_services.membership_apply(
        actor=account, community=cm.other_community, address="和平路9号", display_name="李伯"
    )
    resident_services.membership_decide(
        actor=cm.other_community_staff, membership=membership, verified=True
    )
    return account


def test_rule8_resident_posts_staff_deliberate_outcome_published(cm, resident):
    topic = resident_services.forum_topic_post(
        actor=resident, community=cm.community, title="加装电梯", body="3栋老人上下楼难"
    )
    assert topic.author_name == "王阿姨" and topic.is_by_resident and topic.recorded_by == resident
    reply = selfgov_services.forum_reply_add(actor=resident, topic=topic, body="同意")
    assert reply.recorded_by == resident and reply.is_by_resident and reply.author_name == "王阿姨"
    deliberation = resident_services.forum_topic_to_deliberation(
        actor=cm.community_staff, topic=topic, held_on=date(2026, 3, 20)
    )
    resident_services.deliberation_support(actor=resident, deliberation=deliberation)
    with pytest.raises(Conflict):
        resident_services.deliberation_support(actor=resident, deliberation=deliberation)
    resident_services.deliberation_outcome_publish(
        actor=cm.community_staff, deliberation=deliberation, decision="同意加装，居民自筹三成"
    )
    page = selectors.community_public_page(community=cm.community, on=date(2026, 3, 1))
    assert [d.decision for d in page.outcomes] == ["同意加装，居民自筹三成"]


@pytest.mark.parametrize(
    ("who", "error"),
    [
        ("outsider", NotPermitted),  # rule 8: a resident of another community cannot post
        ("unverified", NotPermitted),
        ("other_community_staff", NotPermitted),
    ],
)
def test_rule8_only_verified_residents_of_the_community_post(cm, outsider, who, error):
    if who == "outsider":
        actor = outsider
    elif who == "unverified":
        actor = UserFactory(kind=UserKind.APPLICANT, organization=None, roles=[])
        resident_services.membership_apply(
            actor=actor, community=cm.community, address="幸福路2号", display_name="未核实"
        )
    else:
        actor = cm.other_community_staff
    with pytest.raises(error):
        resident_services.forum_topic_post(
            actor=actor, community=cm.community, title="标题", body="内容"
        )


def test_rule8_resident_cannot_moderate_staff_hide_with_reason_audited(cm, resident):
    topic = resident_services.forum_topic_post(
        actor=resident, community=cm.community, title="广告", body="推销"
    )
    with pytest.raises(NotPermitted):
        selfgov_services.forum_moderate(actor=resident, topic=topic, hide=True, note="广告")
    with pytest.raises(InvalidInput):
        selfgov_services.forum_moderate(actor=cm.community_staff, topic=topic, hide=True)
    selfgov_services.forum_moderate(actor=cm.community_staff, topic=topic, hide=True, note="广告")
    topic.refresh_from_db()
    assert topic.is_hidden and topic.moderation_note == "广告"
    assert AuditRecord.objects.filter(action="community.forum.moderate").exists()
    assert not selectors.forum_public(community=cm.community).filter(pk=topic.pk).exists()


def _admission(cm, outcome):  # type: ignore[no-untyped-def]
    """An admission request (rule 2) of the county department for the community, taken to
    `outcome`: "approved" (street, then bureau), "refused" (by the street) or "pending"."""
    request = task_services.admission_submit(
        actor=cm.district_staff,
        department=cm.county_department,
        communities=[cm.community],
        task_name="创建文明城市入户调查",
        legal_basis="《城市居民委员会组织法》第三条",
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 6, 30),
        funding_amount="3000",
        funding_source="区财政专项",
        working_conditions="提供调查表和培训",
    )
    if outcome == "approved":
        task_services.admission_decide(actor=cm.street_staff, request=request, approve=True)
        task_services.admission_decide(actor=cm.bureau_head, request=request, approve=True)
    elif outcome == "refused":
        task_services.admission_decide(
            actor=cm.street_staff, request=request, approve=False, reason="属于部门自身职责"
        )
    return request


DEMANDS = {
    "ledgers": {"kind": "ledger", "title": "创建文明城市台账", "demanded_on": "2026-03-02"},
    "evaluation-activities": {"title": "平安社区评比", "requested_on": "2026-03-02"},
    "working-bodies": {"name": "禁毒工作站", "requested_on": "2026-03-02"},
}


@pytest.mark.parametrize(
    ("register", "approval", "admission", "rule"),
    [
        # rules 2, 4 and 6: approved or refused through the admission flow, no violation
        ("ledgers", "approved", "approved", None),
        ("ledgers", "refused", "refused", None),
        ("ledgers", "not_asked", None, ViolationRule.UNAPPROVED_LEDGER),  # rule 4
        ("evaluation-activities", "approved", "approved", None),
        ("evaluation-activities", "refused", "refused", None),
        ("evaluation-activities", "not_asked", None, ViolationRule.UNAPPROVED_EVALUATION),  # 6
        ("working-bodies", None, None, ViolationRule.WORKING_BODY),  # rule 3: always flagged
    ],
)
def test_rules_3_4_6_unapproved_demands_are_violations(cm, register, approval, admission, rule):
    data = {**DEMANDS[register], "department": cm.county_department.pk}
    if approval:
        data["approval"] = approval
    if admission:
        data["admission"] = _admission(cm, admission).pk
    entry = register_services.register_entry_create(
        actor=cm.community_staff, register=register, community=cm.community, data=data
    )
    violations = Violation.objects.filter(source_id=entry.pk, community=cm.community)
    assert [v.rule for v in violations] == ([rule] if rule else [])
    if rule:
        assert violations[0].offender == cm.county_department
    if admission:
        assert entry.admission_id == data["admission"]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("register", "approval", "admission", "field", "reason"),
    [
        # rules 2, 4, 6: "approved" cannot be typed without the admission that decided it
        ("ledgers", "approved", None, "admission", "准入"),
        ("ledgers", "refused", None, "admission", "准入"),
        ("evaluation-activities", "approved", None, "admission", "准入"),
        # the request must be decided: the street office approving is not the end of the flow
        ("ledgers", "approved", "street", "admission", "尚未审批完毕"),
        ("evaluation-activities", "approved", "pending", "admission", "尚未审批完毕"),
        # the outcome is the request's, not the recorder's
        ("ledgers", "approved", "refused", "approval", "未获准入"),
        ("evaluation-activities", "refused", "approved", "approval", "已批准"),
        ("ledgers", "not_asked", "approved", "approval", "已批准"),
        # another department's request does not approve this one's demand
        ("ledgers", "approved", "other-department", "admission", "其他部门"),
        # a request for another community is not offered (invalid choice)
        ("evaluation-activities", "approved", "other-community", "admission", "选择"),
    ],
)
def test_rules_2_4_6_approval_only_through_the_admission_flow(
    cm, register, approval, admission, field, reason
):
    data = {**DEMANDS[register], "department": cm.county_department.pk, "approval": approval}
    if admission in ("approved", "refused", "pending"):
        data["admission"] = _admission(cm, admission).pk
    elif admission == "street":
        request = _admission(cm, "pending")
        task_services.admission_decide(actor=cm.street_staff, request=request, approve=True)
        data["admission"] = request.pk
    elif admission == "other-department":
        data["admission"] = _admission(cm, "approved").pk
        data["department"] = cm.street_department.pk
    elif admission == "other-community":
        request = _admission(cm, "approved")
        request.communities.set([cm.other_community])
        data["admission"] = request.pk
    with translation.override("zh-hans"), pytest.raises(InvalidInput) as refused:
        register_services.register_entry_create(
            actor=cm.community_staff, register=register, community=cm.community, data=data
        )
    assert refused.value.field == field
    assert reason in str(refused.value.message)
    assert not Violation.objects.exists()  # nothing half-recorded


def test_api_refuses_an_approval_without_its_admission(cm):
    body = {
        **DEMANDS["ledgers"],
        "community": cm.community.pk,
        "department": cm.county_department.pk,
        "approval": "approved",
    }
    client = client_for(cm.community_staff)
    refused = client.post(
        "/api/v1/community/ledgers/", body, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert refused.status_code == 400, refused.content
    [error] = [e for e in refused.json()["errors"] if e["field"] == "admission"]
    assert "准入" in error["reason"]
    assert not LedgerDemand.objects.exists()
    body["admission"] = _admission(cm, "approved").pk
    made = client.post("/api/v1/community/ledgers/", body, format="json")
    assert made.status_code == 201, made.content
    assert made.json()["admission"] == body["admission"]


def test_rule4_correction_keeps_previous_values_and_flags_violation(cm):
    entry = register_services.register_entry_create(
        actor=cm.community_staff,
        register="ledgers",
        community=cm.community,
        data={
            "department": cm.county_department.pk,
            "kind": "ledger",
            "title": "纸质台账",
            "demanded_on": "2026-03-02",
            "approval": "approved",
            "admission": _admission(cm, "approved").pk,
        },
    )
    register_services.register_entry_correct(
        actor=cm.community_staff,
        register="ledgers",
        entry=entry,
        data={
            "approval": "not_asked",
            "admission": "",
            "is_paper_removed": "on",
            "removed_on": "2026-03-05",
        },
        reason="核实未经审批，纸质台账已撤除",
    )
    correction = RegisterCorrection.objects.get(register="ledgers", entry_id=entry.pk)
    assert correction.previous["approval"] == "approved"
    assert correction.corrected["approval"] == "not_asked"
    assert LedgerDemand.objects.get(pk=entry.pk).is_paper_removed
    assert Violation.objects.filter(rule=ViolationRule.UNAPPROVED_LEDGER).count() == 1
    with pytest.raises(NotPermitted):
        register_services.register_entry_correct(
            actor=cm.other_community_staff,
            register="ledgers",
            entry=entry,
            data={"title": "x"},
            reason="越权",
        )
    figures = selectors.compliance_figures(
        user=cm.supervisor, start=date(2026, 1, 1), end=date(2026, 12, 31), unit=cm.street
    )
    assert figures.ledgers_unapproved == 1 and figures.paper_ledgers_removed == 1
    assert figures.violations_by_rule[ViolationRule.UNAPPROVED_LEDGER] == 1
    other = selectors.compliance_figures(
        user=cm.supervisor, start=date(2026, 1, 1), end=date(2026, 12, 31), unit=cm.other_community
    )
    assert other.ledgers_demanded == 0
    # scope: the other community's staff see none of this community's figures, unit or not
    mine = selectors.compliance_figures(
        user=cm.other_community_staff, start=date(2026, 1, 1), end=date(2026, 12, 31)
    )
    assert (mine.ledgers_demanded, mine.violations, mine.paper_ledgers_removed) == (0, 0, 0)


def test_rule10_violation_becomes_supervision_task(cm, make_user):
    entry = register_services.register_entry_create(
        actor=cm.community_staff,
        register="working-bodies",
        community=cm.community,
        data={
            "department": cm.county_department.pk,
            "name": "某某站",
            "requested_on": "2026-03-02",
        },
    )
    violation = Violation.objects.get(source_id=entry.pk, rule=ViolationRule.WORKING_BODY)
    with pytest.raises(NotPermitted):
        compliance_services.violation_to_supervision_task(
            actor=cm.community_staff,
            violation=violation,
            owner=cm.tree.efficiency_office,
            deadline=date(2026, 4, 30),
        )
    compliance_services.violation_to_supervision_task(
        actor=cm.supervisor,
        violation=violation,
        owner=cm.tree.efficiency_office,
        deadline=date(2026, 4, 30),
    )
    violation.refresh_from_db()
    assert violation.supervision_task is not None
    assert violation.supervision_task.lead_unit == cm.county_department


# API ---------------------------------------------------------------------------------------


def test_api_resident_posts_and_outsider_is_refused(cm, resident, outsider):
    body = {"community": cm.community.pk, "title": "停车难", "body": "晚上车位不足"}
    posted = client_for(resident).post("/api/v1/community/forum/", body, format="json")
    assert posted.status_code == 201, posted.content
    assert posted.json()["author_name"] == "王阿姨"
    refused = client_for(outsider).post("/api/v1/community/forum/", body, format="json")
    assert refused.status_code == 403
    listed = client_for(outsider).get("/api/v1/community/forum/").json()
    assert listed["count"] == 0  # another community's topics are not shown
    topic = posted.json()["id"]
    hide = client_for(resident).post(
        f"/api/v1/community/forum/{topic}/moderation/",
        {"hide": True, "note": "x"},
        format="json",
    )
    assert hide.status_code in (403, 404)  # a resident cannot moderate
    made = client_for(cm.community_staff).post(
        f"/api/v1/community/forum/{topic}/deliberation/",
        {"held_on": "2026-03-20"},
        format="json",
    )
    assert made.status_code == 201, made.content
    deliberation = made.json()["id"]
    assert (
        client_for(resident)
        .post(f"/api/v1/community/deliberations/{deliberation}/support/")
        .status_code
        == 201
    )
    assert (
        client_for(resident)
        .post(
            f"/api/v1/community/deliberations/{deliberation}/outcome/",
            {"decision": "x"},
            format="json",
        )
        .status_code
        == 403
    )
    done = client_for(cm.community_staff).post(
        f"/api/v1/community/deliberations/{deliberation}/outcome/",
        {"decision": "划定夜间临时车位"},
        format="json",
    )
    assert done.status_code == 200 and done.json()["is_outcome_published"]
    assert Deliberation.objects.get(pk=deliberation).source_topic_id == topic


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (
            "/api/v1/community/disclosures/",
            {
                "kind": "finances",
                "title": "2026年一季度收支",
                "text": "收入…",
                "published_on": "2026-03-01",
            },
        ),
        (
            "/api/v1/community/ledgers/",
            {
                "kind": "report",
                "title": "报表",
                "demanded_on": "2026-03-01",
                "approval": "not_asked",
            },
        ),
        ("/api/v1/community/organisations/", {"kind": "owners_committee", "name": "幸福苑业委会"}),
        ("/api/v1/community/volunteers/", {"name": "张志愿", "skills": "理发", "hours": "12.5"}),
    ],
)
def test_api_registers_create_and_list_in_scope(cm, path, body):
    body = {**body, "community": cm.community.pk}
    if "ledgers" in path:
        body["department"] = cm.county_department.pk
    made = client_for(cm.community_staff).post(path, body, format="json")
    assert made.status_code == 201, made.content
    assert client_for(cm.community_staff).get(path).json()["count"] == 1
    assert client_for(cm.other_community_staff).get(path).json()["count"] == 0
    refused = client_for(cm.other_community_staff).post(path, body, format="json")
    assert refused.status_code == 403


def test_api_correction_and_figures(cm):
    made = client_for(cm.community_staff).post(
        "/api/v1/community/volunteers/",
        {"community": cm.community.pk, "name": "张志愿", "hours": "3"},
        format="json",
    )
    pk = made.json()["id"]
    fixed = client_for(cm.community_staff).post(
        f"/api/v1/community/registers/volunteers/{pk}/corrections/",
        {"reason": "补录服务时长", "values": {"hours": "8"}},
        format="json",
    )
    assert fixed.status_code == 201, fixed.content
    assert fixed.json()["previous"] == {"hours": "3.0"}
    history = client_for(cm.community_staff).get(
        f"/api/v1/community/registers/volunteers/{pk}/corrections/"
    )
    assert len(history.json()) == 1
    figures = client_for(cm.supervisor).get(
        "/api/v1/community/compliance-figures/?start=2026-01-01&end=2026-12-31"
    )
    assert figures.status_code == 200
    bad = client_for(cm.supervisor).get("/api/v1/community/compliance-figures/?start=x&end=y")
    assert bad.status_code == 400


def test_membership_staff_verify_other_community_refused(cm):
    account = UserFactory(kind=UserKind.APPLICANT, organization=None, roles=[])
    applied = client_for(account).post(
        "/api/v1/community/memberships/",
        {"community": cm.community.pk, "address": "幸福路3号", "display_name": "赵"},
        format="json",
    )
    assert applied.status_code == 201
    pk = applied.json()["id"]
    other = client_for(cm.other_community_staff).post(
        f"/api/v1/community/memberships/{pk}/decision/", {"verified": True}, format="json"
    )
    assert other.status_code == 404
    ok = client_for(cm.community_staff).post(
        f"/api/v1/community/memberships/{pk}/decision/", {"verified": True}, format="json"
    )
    assert ok.json()["status"] == "verified"
    staff = UserFactory(organization=cm.community, roles=[Role.COMMUNITY_STAFF])
    with pytest.raises(NotPermitted):
        resident_services.membership_apply(
            actor=staff, community=cm.community, address="x", display_name="y"
        )


def test_workbench_form_refuses_an_approval_without_its_admission(cm):
    """The same rule on the workbench page: the message names the field, nothing is saved;
    with the approved admission chosen the entry is recorded."""
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(cm.community_staff)
    form = {**DEMANDS["ledgers"], "department": cm.county_department.pk, "approval": "approved"}
    refused = client.post("/workbench/community/registers/ledgers/", form)
    assert refused.status_code == 200
    assert "准入" in refused.content.decode()
    assert not LedgerDemand.objects.exists()
    admission = _admission(cm, "approved")
    assert (
        admission.task_name
        in client.get("/workbench/community/registers/ledgers/").content.decode()
    )
    saved = client.post(
        "/workbench/community/registers/ledgers/", {**form, "admission": admission.pk}
    )
    assert saved.status_code == 302
    assert LedgerDemand.objects.get().admission == admission


def _ledger(cm):  # type: ignore[no-untyped-def]
    return register_services.register_entry_create(
        actor=cm.community_staff,
        register="ledgers",
        community=cm.community,
        data={
            "department": cm.county_department.pk,
            "kind": "ledger",
            "title": "纸质台账",
            "demanded_on": "2026-03-02",
            "approval": "not_asked",
            "is_paper_removed": "on",
            "removed_on": "2026-03-05",
        },
    )


def test_workbench_correction_keeps_the_history_and_unticks_a_box(cm):
    """Item 10 on the workbench: the community's staff correct an entry from the register's
    row; the previous values and the reason are kept and shown; an unticked box means "no"
    (a browser does not send it)."""
    from django.test import Client

    entry = _ledger(cm)
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(cm.community_staff)
    listing = client.get("/workbench/community/registers/ledgers/").content.decode()
    page_url = f"/workbench/community/registers/ledgers/{entry.pk}/correct/"
    assert page_url in listing
    shown = client.get(page_url)
    assert shown.status_code == 200 and "纸质台账" in shown.content.decode()
    body = {
        "department": cm.county_department.pk,
        "kind": "ledger",
        "title": "电子台账",
        "demanded_on": "2026-03-02",
        "approval": "not_asked",
        "removed_on": "",
        # is_paper_removed not sent: the box was unticked
    }
    missing_reason = client.post(page_url, body)
    assert missing_reason.status_code == 200
    assert not RegisterCorrection.objects.exists()
    saved = client.post(page_url, {**body, "correction_reason": "台账名称登记有误"})
    assert saved.status_code == 302
    entry.refresh_from_db()
    assert entry.title == "电子台账" and entry.is_paper_removed is False
    correction = RegisterCorrection.objects.get(register="ledgers", entry_id=entry.pk)
    assert correction.previous["title"] == "纸质台账"
    assert correction.corrected["is_paper_removed"] is False
    assert correction.reason == "台账名称登记有误"
    history = client.get(page_url).content.decode()
    assert "台账名称登记有误" in history and "纸质台账" in history


@pytest.mark.parametrize("who", ["other_community_staff", "supervisor", "street_staff"])
def test_workbench_correction_is_refused_outside_the_own_community(cm, who):
    """Only the entry's own community corrects it: others get 404 on the page and on a POST,
    and nothing changes."""
    from django.test import Client

    entry = _ledger(cm)
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(getattr(cm, who))
    page_url = f"/workbench/community/registers/ledgers/{entry.pk}/correct/"
    assert client.get(page_url).status_code == 404
    posted = client.post(page_url, {"title": "改", "correction_reason": "越权"})
    assert posted.status_code == 404
    entry.refresh_from_db()
    assert entry.title == "纸质台账"
    assert not RegisterCorrection.objects.exists()


def test_workbench_correction_of_an_unknown_register_or_entry_is_404(cm):
    from django.test import Client

    client = Client()
    client.force_login(cm.community_staff)
    assert client.get("/workbench/community/registers/nothing/1/correct/").status_code == 404
    assert client.get("/workbench/community/registers/ledgers/999999/correct/").status_code == 404
    assert client.get("/workbench/community/registers/forum/1/correct/").status_code == 404
