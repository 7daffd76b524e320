"""Public disclosure: published figures equal the contexts' selectors, the portal needs no
sign-in, only the efficiency office publishes and withdraws (audited), and 点题 is validated,
rate-limited and supported once per person; picked topics become supervision tasks."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.supervision.factories import make_case, make_version
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.models import AuditRecord
from xiaoneng.core.roles import Role
from xiaoneng.disclosure import services
from xiaoneng.disclosure.models import Category
from xiaoneng.disclosure.selectors import department_figures
from xiaoneng.disclosure.workflow import ItemStatus, TopicStatus
from xiaoneng.supervision.figures import period_figures

pytestmark = pytest.mark.django_db
D = date.fromisoformat
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def cases(org_tree):
    version = make_version(org_tree.department, committed=5, legal=20)
    make_case(version, accepted_on=D("2025-09-01"), decided_on=D("2025-09-03"))
    make_case(version, accepted_on=D("2025-09-01"))


def test_department_figures_equal_the_supervision_selector(cases, org_tree):
    rows = {r["unit_id"]: r for r in department_figures(start=D("2025-09-01"), end=D("2025-09-30"))}
    expected = period_figures(
        user=None, start=D("2025-09-01"), end=D("2025-09-30"), organization=org_tree.department
    )
    row = rows[org_tree.department.pk]
    assert row["cases_closed"] == expected.closed == 1
    assert row["on_time_rate"] == str(expected.on_time_rate) == "50.0"
    assert set(row["grades"]) == {"1", "2", "3", "4", "5"}
    assert "attitude" in row["dimensions"]


def test_office_publishes_a_month_and_the_public_reads_it(cases, personas, client):
    office = personas[Role.EFFICIENCY_SUPERVISOR]
    snapshot = services.snapshot_publish(actor=office, month=D("2025-09-15"))
    assert snapshot.month == D("2025-09-01")
    assert AuditRecord.objects.filter(action="disclosure.figures_publish").exists()
    page = client.get(reverse("portal_disclosure:figures"))
    assert page.status_code == 200 and "50.0 %" in page.content.decode()
    assert client.get(reverse("portal_disclosure:figures") + "?month=2025-09").status_code == 200
    assert client.get(reverse("portal_disclosure:figures") + "?month=nine").status_code == 400
    api = client.get("/api/v1/disclosure/figures/").json()
    assert api["results"][0]["month"] == "2025-09-01"


@pytest.mark.parametrize(
    "role", [Role.LEADER, Role.REVIEWER, Role.COMPLAINT_HANDLER, Role.DEPARTMENT_HEAD]
)
def test_non_office_cannot_publish(personas, org_tree, client, role):
    user = personas[role]
    with pytest.raises(NotPermitted):
        services.snapshot_publish(actor=user, month=D("2025-09-01"))
    with pytest.raises(NotPermitted):
        services.item_publish(actor=user, title="x", category=Category.NOTICES, unit=org_tree.city)
    client.force_login(user)
    assert client.get(reverse("disclosure:manage")).status_code == 403
    assert (
        client.post(reverse("disclosure:figures_publish"), {"month": "2025-09-01"}).status_code
        == 403
    )
    response = client.post(
        "/api/v1/disclosure/figures/publish/",
        {"month": "2025-09-01"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_catalogue_publish_search_withdraw(personas, org_tree, client):
    office = personas[Role.EFFICIENCY_SUPERVISOR]
    item = services.item_publish(
        actor=office,
        title="2025年第三季度效能建设通报",
        category=Category.CIRCULARS,
        unit=org_tree.efficiency_office,
        body="全市办件按时办结率……",
        files=[SimpleUploadedFile("通报.pdf", PDF)],
    )
    assert (
        client.get(reverse("portal_disclosure:catalogue") + "?q=第三季度")
        .context["page"]
        .paginator.count
        == 1
    )
    assert (
        client.get(reverse("portal_disclosure:catalogue") + "?q=无此项")
        .context["page"]
        .paginator.count
        == 0
    )
    attachment = item.attachments.get()
    download = client.get(reverse("portal_disclosure:attachment", args=[item.pk, attachment.pk]))
    assert download.status_code == 200
    assert (
        client.get("/api/v1/disclosure/items/?category=circulars").json()["results"][0]["id"]
        == item.pk
    )
    assert client.get("/api/v1/disclosure/items/?category=nope").status_code == 400
    with pytest.raises(InvalidInput):
        services.item_withdraw(actor=office, item=item, reason=" ")
    services.item_withdraw(actor=office, item=item, reason="内容已更新")
    assert item.status == ItemStatus.WITHDRAWN
    assert AuditRecord.objects.filter(action="disclosure.item_withdraw").exists()
    assert client.get(reverse("portal_disclosure:item", args=[item.pk])).status_code == 404
    with pytest.raises(Conflict):
        services.item_withdraw(actor=office, item=item, reason="again")


@pytest.mark.parametrize(
    ("name", "content"),
    [("evil.pdf", b"MZ\x90\x00 not a pdf"), ("report.docx", PDF), ("empty.pdf", b"")],
)
def test_attachments_are_checked(personas, org_tree, name, content):
    with pytest.raises(InvalidInput):
        services.item_publish(
            actor=personas[Role.EFFICIENCY_SUPERVISOR],
            title="t",
            category=Category.NOTICES,
            unit=org_tree.city,
            files=[SimpleUploadedFile(name, content)],
        )


@pytest.mark.parametrize(
    ("title", "description"),
    [
        ("短", "窗口排队时间太长，希望督查"),
        ("窗口排队", "太短"),
        ("x" * 121, "窗口排队时间太长，希望督查"),
    ],
)
def test_topic_is_validated(db, title, description):
    with pytest.raises(InvalidInput):
        services.topic_propose(title=title, description=description, proposer="s1")


def test_topic_rate_limit(db):
    for i in range(services.TOPICS_PER_PERSON_A_DAY):
        services.topic_propose(
            title=f"题目{i}号题目", description="窗口排队时间太长，希望督查", proposer="s1"
        )
    with pytest.raises(InvalidInput):
        services.topic_propose(
            title="又一个题目", description="窗口排队时间太长，希望督查", proposer="s1"
        )
    services.topic_propose(
        title="别人的题目", description="窗口排队时间太长，希望督查", proposer="s2"
    )


def test_anonymous_proposes_and_supports_once(client, db):
    response = client.post(
        reverse("portal_disclosure:topics"),
        {"title": "不动产登记排队", "description": "不动产登记窗口排队时间长，建议督查"},
    )
    assert response.status_code == 302
    api = client.get("/api/v1/disclosure/topics/").json()["results"]
    number = api[0]["number"]
    client.post(reverse("portal_disclosure:topic_support", args=[number]))
    client.post(reverse("portal_disclosure:topic_support", args=[number]))  # twice: refused
    assert client.get("/api/v1/disclosure/topics/").json()["results"][0]["support_count"] == 1
    again = client.post(f"/api/v1/disclosure/topics/{number}/support/")
    assert again.status_code == 409
    created = client.post(
        "/api/v1/disclosure/topics/",
        {"title": "社保窗口", "description": "社保窗口经常无人，建议暗访"},
        content_type="application/json",
    )
    assert created.status_code == 201
    bad = client.post("/api/v1/disclosure/topics/", {"title": "x"}, content_type="application/json")
    assert bad.status_code == 400


def test_office_picks_a_topic_into_a_supervision_task_and_publishes_the_outcome(personas, org_tree):
    office = personas[Role.EFFICIENCY_SUPERVISOR]
    topic = services.topic_propose(
        title="不动产登记排队", description="窗口排队时间长，建议督查", proposer="s1"
    )
    with pytest.raises(NotPermitted):
        services.topic_pick(
            actor=personas[Role.LEADER],
            topic=topic,
            owner=org_tree.efficiency_office,
            lead_unit=org_tree.department,
            deadline=D("2026-12-31"),
        )
    topic = services.topic_pick(
        actor=office,
        topic=topic,
        owner=org_tree.efficiency_office,
        lead_unit=org_tree.department,
        deadline=D("2026-12-31"),
    )
    assert topic.status == TopicStatus.PICKED and topic.task.title == "不动产登记排队"
    with pytest.raises(Conflict):
        services.topic_decline(actor=office, topic=topic, note="no")
    services.topic_outcome_publish(actor=office, topic=topic, outcome="已督促整改，增设窗口2个")
    assert topic.status == TopicStatus.CONCLUDED


def test_portal_pages_need_no_sign_in(client, db):
    for name in ("figures", "catalogue", "topics"):
        assert client.get(reverse(f"portal_disclosure:{name}")).status_code == 200


def _topic():  # type: ignore[no-untyped-def]
    return services.topic_propose(
        title="办证排队", description="窗口排队时间长，建议督查整改", proposer="s2"
    )


def test_office_picks_declines_and_concludes_topics_through_the_api(personas, org_tree, client):
    client.force_login(personas[Role.EFFICIENCY_SUPERVISOR])
    picked, declined = _topic(), _topic()
    url = "/api/v1/disclosure/topics/{}/{}/"
    response = client.post(
        url.format(picked.number, "pick"),
        {"lead_unit": org_tree.department.pk, "deadline": "2026-12-31"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == TopicStatus.PICKED and response.json()["task_number"]
    response = client.post(
        url.format(picked.number, "outcome"),
        {"text": "增设窗口2个"},
        content_type="application/json",
    )
    assert (response.status_code, response.json()["status"]) == (200, TopicStatus.CONCLUDED)
    # a decline tells the public why; a concluded topic cannot be declined (409)
    response = client.post(
        url.format(declined.number, "decline"), {"text": ""}, content_type="application/json"
    )
    assert response.status_code == 400 and "text" in str(response.json())
    response = client.post(
        url.format(declined.number, "decline"),
        {"text": "不属于效能督查范围"},
        content_type="application/json",
    )
    assert (response.status_code, response.json()["decision_note"]) == (200, "不属于效能督查范围")
    response = client.post(
        url.format(picked.number, "decline"), {"text": "x"}, content_type="application/json"
    )
    assert response.status_code == 409
    response = client.post(
        url.format("NOPE", "decline"), {"text": "x"}, content_type="application/json"
    )
    assert response.status_code == 404
    response = client.post(
        url.format(declined.number, "pick"),
        {"lead_unit": 10**12, "deadline": "2026-12-31"},
        content_type="application/json",
    )
    assert response.status_code in (400, 409)


@pytest.mark.parametrize("role", [Role.LEADER, Role.REVIEWER, Role.COMPLAINT_HANDLER, None])
@pytest.mark.parametrize("action", ["pick", "decline", "outcome"])
def test_only_the_office_decides_topics_through_the_api(personas, org_tree, client, role, action):
    topic = _topic()
    if role is not None:
        client.force_login(personas[role])
    body = {"lead_unit": org_tree.department.pk, "deadline": "2026-12-31", "text": "x"}
    response = client.post(
        f"/api/v1/disclosure/topics/{topic.number}/{action}/", body, content_type="application/json"
    )
    assert response.status_code in ((401, 403) if role is None else (403,))
    topic.refresh_from_db()
    assert topic.status == TopicStatus.PROPOSED
    assert not AuditRecord.objects.filter(action__startswith="disclosure.topic_pick").exists()
