"""Rule 8 (完善自治功能: 居民会议、议事协商、民主听证、居务公开、网上论坛) on the pages residents
and community staff see; rule 3 (电子屏 instead of boards on the walls) on the screen page.

Portal: a portal account applies to be a verified resident, posts, replies, supports a
deliberation, registers for a hearing; the community's public page shows disclosed affairs and
published outcomes. Workbench: staff verify applications, take a topic up as a deliberation,
publish its outcome, hide posts with a reason. Every refused path is refused on the page (and,
at the end, on the API where no test covered it yet)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import UserFactory
from xiaoneng.community.models import (
    Deliberation,
    DeliberationSupport,
    ForumReply,
    ForumTopic,
    HearingRegistration,
    MembershipStatus,
    ResidentMembership,
)
from xiaoneng.community.rules import TEN_RULES
from xiaoneng.community.services import registers as register_services
from xiaoneng.community.services import residents as resident_services
from xiaoneng.community.services import selfgov as selfgov_services
from xiaoneng.core.models import Applicant, ApplicantKind, AuditRecord, UserKind

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _frozen(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-03-02 09:00 +0800", tick=False)


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def api_for(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client


def portal_account(kind: str = ApplicantKind.NATURAL_PERSON, id_number: str = "110101199003071237"):  # type: ignore[no-untyped-def]
    account = UserFactory(kind=UserKind.APPLICANT, organization=None, roles=[])
    Applicant.objects.create(kind=kind, name="居民", id_number=id_number, account=account)
    return account


def member(cm, community, *, name: str, verified: bool = True):  # type: ignore[no-untyped-def]
    account = UserFactory(kind=UserKind.APPLICANT, organization=None, roles=[])
    membership = resident_services.membership_apply(
        actor=account, community=community, address=f"{name}家", display_name=name
    )
    if verified:
        staff = cm.community_staff if community == cm.community else cm.other_community_staff
        resident_services.membership_decide(actor=staff, membership=membership, verified=True)
    return account


@pytest.fixture
def resident(cm):  # type: ignore[no-untyped-def]
    return member(cm, cm.community, name="王阿姨")


@pytest.fixture
def pending(cm):  # type: ignore[no-untyped-def]
    return member(cm, cm.community, name="未核实", verified=False)


@pytest.fixture
def outsider(cm):  # type: ignore[no-untyped-def]
    """A verified resident of the other community."""
    return member(cm, cm.other_community, name="李伯")


def portal(community, *parts: object) -> str:  # type: ignore[no-untyped-def]
    return "/community/" + "/".join(str(p) for p in (community.pk, *parts)) + "/"


def shown(response) -> str:  # type: ignore[no-untyped-def]
    """The page's text and its flash messages."""
    return response.content.decode() + " ".join(
        str(m) for m in response.context["messages"] if response.context
    )


# The whole story on the pages ---------------------------------------------------------------


def test_rule8_resident_applies_posts_staff_deliberate_outcome_on_public_page(cm):
    account = portal_account()
    web = client_for(account)
    applied = web.post(
        "/community/join/",
        {"community": cm.community.pk, "address": "幸福路1号2栋301", "display_name": "王阿姨"},
    )
    assert applied.status_code == 302
    membership = ResidentMembership.objects.get(account=account)
    assert membership.status == MembershipStatus.PENDING
    staff = client_for(cm.community_staff)
    listed = staff.get("/workbench/community/memberships/")
    assert "幸福路1号2栋301" in listed.content.decode()
    staff.post(f"/workbench/community/memberships/{membership.pk}/decide/", {"verified": "1"})
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.VERIFIED

    posted = web.post(portal(cm.community, "forum"), {"title": "加装电梯", "body": "老人上楼难"})
    topic = ForumTopic.objects.get(title="加装电梯")
    assert posted.status_code == 302 and topic.author_name == "王阿姨" and topic.is_by_resident
    web.post(portal(cm.community, "forum", topic.pk), {"body": "同意，愿意出资"})
    assert topic.replies.get().recorded_by == account

    panel = staff.get(f"/workbench/community/forum/{topic.pk}/").content.decode()
    assert "take-up-form" in panel
    staff.post(
        f"/workbench/community/forum/{topic.pk}/deliberation/",
        {"take-up-held_on": "2026-03-20", "take-up-participants": ""},
    )
    deliberation = Deliberation.objects.get(source_topic=topic)
    web.post(portal(cm.community, "deliberations", deliberation.pk, "support"))
    assert DeliberationSupport.objects.filter(deliberation=deliberation).count() == 1
    assert "你已支持" in web.get(portal(cm.community)).content.decode()

    staff.post(
        f"/workbench/community/deliberations/{deliberation.pk}/outcome/",
        {"outcome-decision": "同意加装，居民自筹三成", "from": "topic"},
    )
    deliberation.refresh_from_db()
    assert deliberation.is_outcome_published
    public = client_for(None).get(portal(cm.community)).content.decode()
    assert "同意加装，居民自筹三成" in public
    assert (
        "同意加装，居民自筹三成"
        in client_for(None).get(portal(cm.community, "forum", topic.pk)).content.decode()
    )
    actions = set(AuditRecord.objects.values_list("action", flat=True))
    assert {
        "community.membership.apply",
        "community.membership.decide",
        "community.forum.post",
        "community.forum.reply",
        "community.deliberation.from_topic",
        "community.deliberation.support",
        "community.deliberation.publish",
    } <= actions


def test_rule8_resident_registers_for_a_hearing_once(cm, resident):
    hearing = register_services.register_entry_create(
        actor=cm.community_staff,
        register="hearings",
        community=cm.community,
        data={
            "held_on": "2026-03-25",
            "subject": "物业费调整",
            "parties": "业委会、物业",
            "outcome": "待定",
        },
    )
    web = client_for(resident)
    url = portal(cm.community, "hearings", hearing.pk, "registration")
    assert "物业费调整" in web.get(portal(cm.community)).content.decode()
    web.post(url)
    again = web.post(url, follow=True)
    assert "你已报名" in shown(again)
    assert HearingRegistration.objects.filter(hearing=hearing).count() == 1


# Refused on the portal (rule 8: only verified residents of the community take part) ----------


@pytest.mark.parametrize(
    ("who", "status", "message"),
    [
        ("pending", 403, "仅限"),  # applied, not yet verified by the community
        ("outsider", 403, "仅限"),  # verified, but in the other community
        ("legal_person", 403, "仅限"),  # an enterprise account is nobody's resident
    ],
)
def test_rule8_only_verified_residents_of_the_community_post_on_the_page(
    cm, pending, outsider, who, status, message
):
    actor = {"pending": pending, "outsider": outsider}.get(who) or portal_account(
        ApplicantKind.LEGAL_PERSON, "91350100M000100Y43"
    )
    response = client_for(actor).post(
        portal(cm.community, "forum"), {"title": "停车难", "body": "车位不足"}
    )
    assert response.status_code == status
    assert message in response.content.decode()
    assert not ForumTopic.objects.filter(title="停车难").exists()


def test_portal_refuses_anonymous_and_staff_accounts(cm):
    anonymous = client_for(None).post(portal(cm.community, "forum"), {"title": "匿名", "body": "x"})
    assert anonymous.status_code == 302 and "/sign-in/" in anonymous["Location"]
    assert "/sign-in/" in client_for(None).get("/community/join/")["Location"]
    staff = client_for(cm.community_staff).post(
        "/community/join/",
        {"community": cm.community.pk, "address": "x", "display_name": "y"},
        follow=True,
    )
    assert "门户账号" in shown(staff)
    assert not ResidentMembership.objects.exists()


def test_rule8_legal_person_cannot_apply_as_resident(cm):
    enterprise = portal_account(ApplicantKind.LEGAL_PERSON, "91350100M000100Y43")
    page = client_for(enterprise).post(
        "/community/join/",
        {"community": cm.community.pk, "address": "厂区", "display_name": "企业"},
    )
    assert "只有自然人" in page.content.decode()
    api = api_for(enterprise).post(
        "/api/v1/community/memberships/",
        {"community": cm.community.pk, "address": "厂区", "display_name": "企业"},
        format="json",
    )
    assert api.status_code == 403
    assert not ResidentMembership.objects.exists()


def test_rule8_hidden_topic_is_not_shown_and_takes_no_reply(cm, resident):
    topic = resident_services.forum_topic_post(
        actor=resident, community=cm.community, title="广告", body="推销"
    )
    selfgov_services.forum_moderate(actor=cm.community_staff, topic=topic, hide=True, note="广告")
    web = client_for(resident)
    page = web.get(portal(cm.community, "forum", topic.pk))
    assert page.status_code == 404 and "已被管理员隐藏" in page.content.decode()
    assert "广告" not in web.get(portal(cm.community, "forum")).content.decode()
    reply = web.post(portal(cm.community, "forum", topic.pk), {"body": "顶"})
    assert reply.status_code == 404
    assert not ForumReply.objects.exists()


def test_rule8_hidden_replies_are_not_shown_nor_counted(cm, resident):
    topic = resident_services.forum_topic_post(
        actor=resident, community=cm.community, title="停车", body="x"
    )
    selfgov_services.forum_reply_add(actor=resident, topic=topic, body="同意")
    spam = selfgov_services.forum_reply_add(actor=resident, topic=topic, body="加微信领红包")
    selfgov_services.forum_moderate(
        actor=cm.community_staff, topic=topic, reply=spam, hide=True, note="广告"
    )
    listed = client_for(None).get(portal(cm.community, "forum"))
    assert [t.reply_count for t in listed.context["topics"]] == [1]
    page = client_for(None).get(portal(cm.community, "forum", topic.pk)).content.decode()
    assert "同意" in page and "加微信领红包" not in page


def test_a_topic_of_another_community_is_not_found_under_this_one(cm, outsider):
    topic = resident_services.forum_topic_post(
        actor=outsider, community=cm.other_community, title="和平社区的事", body="x"
    )
    assert client_for(outsider).get(portal(cm.community, "forum", topic.pk)).status_code == 404


@pytest.mark.parametrize(
    ("who", "concluded", "message"),
    [
        ("pending", False, "仅限"),
        ("outsider", False, "仅限"),
        ("resident", True, "已结束"),  # the outcome is published: no more support
    ],
)
def test_rule8_support_refused_with_a_message(
    cm, resident, pending, outsider, who, concluded, message
):
    topic = resident_services.forum_topic_post(
        actor=resident, community=cm.community, title="加装电梯", body="x"
    )
    deliberation = resident_services.forum_topic_to_deliberation(
        actor=cm.community_staff, topic=topic, held_on=TODAY + timedelta(days=10)
    )
    if concluded:
        resident_services.deliberation_outcome_publish(
            actor=cm.community_staff, deliberation=deliberation, decision="同意"
        )
    actor = {"resident": resident, "pending": pending, "outsider": outsider}[who]
    response = client_for(actor).post(
        portal(cm.community, "deliberations", deliberation.pk, "support"), follow=True
    )
    assert message in shown(response)
    assert not DeliberationSupport.objects.exists()


def test_a_deliberation_of_another_community_is_not_found(cm, outsider):
    other = resident_services.forum_topic_post(
        actor=outsider, community=cm.other_community, title="x", body="y"
    )
    deliberation = resident_services.forum_topic_to_deliberation(
        actor=cm.other_community_staff, topic=other, held_on=TODAY
    )
    response = client_for(outsider).post(
        portal(cm.community, "deliberations", deliberation.pk, "support")
    )
    assert response.status_code == 404


# The workbench: only the community's own staff decide, take up, publish, hide ---------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("community_staff", 200),
        ("other_community_staff", 200),  # sees only its own community's applications
        ("street_staff", 200),  # records for the street's communities
        ("supervisor", 403),  # supervises the ten rules, does not verify residents
        ("resident", 403),  # a portal account never acts on the workbench
    ],
)
def test_memberships_page_for_recording_staff_only(cm, resident, pending, who, status):
    user = resident if who == "resident" else getattr(cm, who)
    response = client_for(user).get("/workbench/community/memberships/")
    assert response.status_code == status
    if who == "other_community_staff":
        assert "未核实" not in response.content.decode()
    if who == "community_staff":
        assert "未核实" in response.content.decode()


def test_rule8_other_community_staff_cannot_decide_take_up_or_publish(cm, resident, pending):
    membership = ResidentMembership.objects.get(account=pending)
    topic = resident_services.forum_topic_post(
        actor=resident, community=cm.community, title="加装电梯", body="x"
    )
    other = client_for(cm.other_community_staff)
    assert (
        other.post(
            f"/workbench/community/memberships/{membership.pk}/decide/", {"verified": "1"}
        ).status_code
        == 404
    )
    assert (
        other.post(
            f"/workbench/community/forum/{topic.pk}/deliberation/",
            {"take-up-held_on": "2026-03-20"},
        ).status_code
        == 404
    )
    deliberation = resident_services.forum_topic_to_deliberation(
        actor=cm.community_staff, topic=topic, held_on=TODAY
    )
    assert (
        other.post(
            f"/workbench/community/deliberations/{deliberation.pk}/outcome/",
            {"outcome-decision": "越权"},
        ).status_code
        == 404
    )
    membership.refresh_from_db()
    deliberation.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING
    assert not deliberation.is_outcome_published


@pytest.mark.parametrize(
    ("posted", "hidden", "message"),
    [
        ({"verified": "0", "text": ""}, False, "必填"),  # a refusal needs a reason
        ({"verified": "0", "text": "地址不在本社区"}, True, "已拒绝"),
    ],
)
def test_rule8_refusing_an_application_needs_a_reason(cm, pending, posted, hidden, message):
    membership = ResidentMembership.objects.get(account=pending)
    response = client_for(cm.community_staff).post(
        f"/workbench/community/memberships/{membership.pk}/decide/", posted, follow=True
    )
    assert message in shown(response)
    membership.refresh_from_db()
    assert (membership.status == MembershipStatus.REFUSED) is hidden


def test_rule8_staff_hide_a_topic_with_a_reason_audited_and_take_up_is_refused(cm, resident):
    topic = resident_services.forum_topic_post(
        actor=resident, community=cm.community, title="广告", body="推销"
    )
    staff = client_for(cm.community_staff)
    no_reason = staff.post(
        f"/workbench/community/forum/{topic.pk}/hide/", {"text": ""}, follow=True
    )
    assert "必填" in shown(no_reason)
    staff.post(f"/workbench/community/forum/{topic.pk}/hide/", {"text": "商业广告"})
    topic.refresh_from_db()
    assert topic.is_hidden and topic.moderation_note == "商业广告"
    record = AuditRecord.objects.get(action="community.forum.moderate")
    assert record.detail["note"] == "商业广告"
    refused = staff.post(
        f"/workbench/community/forum/{topic.pk}/deliberation/",
        {"take-up-held_on": "2026-03-20"},
        follow=True,
    )
    assert "已被管理员隐藏" in shown(refused)
    assert not Deliberation.objects.exists()


def test_rule8_outcome_from_the_deliberations_register_row(cm):
    deliberation = register_services.register_entry_create(
        actor=cm.community_staff,
        register="deliberations",
        community=cm.community,
        data={
            "kind": "deliberation",
            "held_on": "2026-03-01",
            "topic": "停车",
            "participants": "代表",
        },
    )
    staff = client_for(cm.community_staff)
    register = staff.get("/workbench/community/registers/deliberations/").content.decode()
    assert f"/workbench/community/deliberations/{deliberation.pk}/outcome/" in register
    staff.post(
        f"/workbench/community/deliberations/{deliberation.pk}/outcome/", {"text": "划定车位"}
    )
    assert "划定车位" in client_for(None).get(portal(cm.community)).content.decode()


# The public page (居务公开) and the screen (rule 3) --------------------------------------------


def test_public_page_shows_disclosures_in_force_duty_and_tasks(cm):
    for title, published_on in [("一季度收支", "2026-03-01"), ("下月公开", "2026-04-01")]:
        register_services.register_entry_create(
            actor=cm.community_staff,
            register="disclosures",
            community=cm.community,
            data={
                "kind": "finances",
                "title": title,
                "text": "收入…",
                "published_on": published_on,
            },
        )
    register_services.register_entry_create(
        actor=cm.community_staff,
        register="duty",
        community=cm.community,
        data={
            "duty_on": "2026-03-03",
            "kind": "staggered",
            "staff_name": "李静",
            "hours": "12:00—14:00",
        },
    )
    page = client_for(None).get(portal(cm.community)).content.decode()
    assert "一季度收支" in page and "李静" in page
    assert "下月公开" not in page  # published from next month: not yet
    other = client_for(None).get(portal(cm.other_community)).content.decode()
    assert "一季度收支" not in other


def test_rule3_screen_shows_the_ten_rules_full_screen_and_refreshes(cm):
    response = client_for(None).get(portal(cm.community, "screen"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<meta http-equiv="refresh" content="300">' in html
    assert html.count('class="screen-rule"') == len(TEN_RULES) == 10
    assert "明确工作职责" in html and "加强督查落实" in html
    assert "portal-menu" not in html and "site-footer" not in html  # no navigation chrome


def test_pages_of_an_unknown_community_are_not_found(cm):
    for path in ("", "screen", "forum"):
        assert (
            client_for(None).get(portal(cm.street, path) if path else portal(cm.street)).status_code
            == 404
        )


# API refusals not covered elsewhere ------------------------------------------------------------


def test_api_refuses_outsiders_hidden_topics_and_other_communities(cm, resident, outsider, pending):
    topic = resident_services.forum_topic_post(
        actor=resident, community=cm.community, title="广告", body="x"
    )
    deliberation_topic = resident_services.forum_topic_post(
        actor=resident, community=cm.community, title="电梯", body="x"
    )
    deliberation = resident_services.forum_topic_to_deliberation(
        actor=cm.community_staff, topic=deliberation_topic, held_on=TODAY
    )
    hearing = register_services.register_entry_create(
        actor=cm.community_staff,
        register="hearings",
        community=cm.community,
        data={"held_on": "2026-03-25", "subject": "物业费", "parties": "业委会", "outcome": "待定"},
    )
    selfgov_services.forum_moderate(actor=cm.community_staff, topic=topic, hide=True, note="广告")
    assert (
        api_for(outsider)
        .post(f"/api/v1/community/deliberations/{deliberation.pk}/support/")
        .status_code
        == 404
    )
    assert (
        api_for(pending)
        .post(f"/api/v1/community/deliberations/{deliberation.pk}/support/")
        .status_code
        == 404
    )
    assert (
        api_for(outsider).post(f"/api/v1/community/hearings/{hearing.pk}/registration/").status_code
        == 404
    )
    reply = api_for(cm.community_staff).post(
        f"/api/v1/community/forum/{topic.pk}/replies/",
        {"body": "x", "author_name": "社区"},
        format="json",
    )
    assert reply.status_code == 400
    take_up = api_for(cm.community_staff).post(
        f"/api/v1/community/forum/{topic.pk}/deliberation/",
        {"held_on": "2026-03-20"},
        format="json",
    )
    assert take_up.status_code == 400
    assert not DeliberationSupport.objects.exists() and not HearingRegistration.objects.exists()


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("deliberations/{deliberation}/outcome/", {"decision": 0}, 400),  # a string, not 0
        ("forum/{topic}/moderation/", {"hide": False, "note": 0}, 400),
        ("forum/{topic}/moderation/", {"hide": "yes", "note": "x"}, 400),  # JSON true/false
        ("memberships/{membership}/decision/", {"reason": "x"}, 400),  # verified is required
        ("memberships/{membership}/decision/", {"verified": 1}, 400),
        ("forum/{topic}/deliberation/", {"held_on": "2026-03-20", "participants": ""}, 201),
    ],
)
def test_api_residents_inputs_are_typed_as_the_schema_says(
    cm, resident, pending, path, body, status
):
    topic = resident_services.forum_topic_post(
        actor=resident, community=cm.community, title="电梯", body="x"
    )
    other = resident_services.forum_topic_post(
        actor=resident, community=cm.community, title="停车", body="x"
    )
    deliberation = resident_services.forum_topic_to_deliberation(
        actor=cm.community_staff, topic=other, held_on=TODAY
    )
    membership = ResidentMembership.objects.get(account=pending)
    url = "/api/v1/community/" + path.format(
        topic=topic.pk, deliberation=deliberation.pk, membership=membership.pk
    )
    response = api_for(cm.community_staff).post(url, body, format="json")
    assert response.status_code == status, response.content
    as_form = api_for(cm.community_staff).post(url, {"verified": "true", "decision": "x"})
    assert as_form.status_code == 415  # JSON bodies only
