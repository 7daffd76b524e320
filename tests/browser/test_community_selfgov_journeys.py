"""Browser journey (rule 8, 议事协商 and 居务公开): a verified resident signs in on the portal and
posts a topic in the community's forum; the community's staff take it up as a deliberation on the
workbench and publish its outcome; the outcome is on the community's public page. Then the
community's 电子屏 (rule 3) in full screen."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.browser.fixtures import screenshot, sign_in
from tests.factories import PASSWORD, OrganizationFactory, UserFactory
from xiaoneng.community.models import Deliberation, ForumTopic
from xiaoneng.community.services import registers as register_services
from xiaoneng.community.services import residents as resident_services
from xiaoneng.core.models import Applicant, ApplicantKind, Level, OrganizationKind, UserKind
from xiaoneng.core.roles import Role

pytestmark = pytest.mark.browser


def _community():  # type: ignore[no-untyped-def]
    city = OrganizationFactory(name="江州市人民政府", kind=OrganizationKind.GOVERNMENT)
    county = OrganizationFactory(
        name="江南区人民政府", kind=OrganizationKind.GOVERNMENT, level=Level.COUNTY, parent=city
    )
    street = OrganizationFactory(
        name="滨江街道办事处", kind=OrganizationKind.STREET_OFFICE, level=Level.TOWN, parent=county
    )
    return OrganizationFactory(
        name="幸福社区居民委员会",
        parent=street,
        level=Level.VILLAGE,
        kind=OrganizationKind.COMMUNITY,
    )


def test_resident_posts_staff_deliberate_and_publish_the_outcome_on_the_public_page(
    browser_page,
):
    community = _community()
    staff = UserFactory(username="shequ", organization=community, roles=[Role.COMMUNITY_STAFF])
    resident = UserFactory(username="jumin", kind=UserKind.APPLICANT, organization=None, roles=[])
    Applicant.objects.create(
        kind=ApplicantKind.NATURAL_PERSON,
        name="王秀兰",
        id_number="360102198809152049",
        account=resident,
    )
    membership = resident_services.membership_apply(
        actor=resident, community=community, address="幸福路1号2栋301", display_name="2栋王阿姨"
    )
    resident_services.membership_decide(actor=staff, membership=membership, verified=True)
    register_services.register_entry_create(
        actor=staff,
        register="disclosures",
        community=community,
        data={
            "kind": "finances",
            "title": "上季度社区公益金收支",
            "text": "收入12,000元；支出9,860元。",
            "published_on": date.today().isoformat(),
        },
    )
    page = browser_page
    base = page.base_url

    # 1. The resident signs in on the portal and posts a topic in the forum.
    sign_in(page, base, "jumin", PASSWORD, path="/sign-in/")
    page.goto(f"{base}/community/{community.pk}/forum/")
    assert "已核实居民：2栋王阿姨" in page.content()
    page.fill("input[name=title]", "2栋加装电梯")
    page.fill("textarea[name=body]", "2栋老人多，上下楼困难，建议议一议加装电梯和费用分摊。")
    page.click("#topic-form button[type=submit]")
    page.wait_for_load_state("domcontentloaded")
    topic = ForumTopic.objects.get(title="2栋加装电梯")
    assert topic.author_name == "2栋王阿姨" and f"/forum/{topic.pk}/" in page.url
    assert "话题已发布" in page.content()
    screenshot(page, "community-portal-topic")
    page.click("form[action='/sign-out/'] button")
    page.wait_for_load_state("domcontentloaded")

    # 2. The community's staff take the topic up as a deliberation and publish its outcome.
    sign_in(page, base, "shequ", PASSWORD)
    page.goto(f"{base}/workbench/community/forum/{topic.pk}/")
    page.fill("input[name=take-up-held_on]", (date.today() + timedelta(days=3)).isoformat())
    page.click("#take-up-form button[type=submit]")
    page.wait_for_load_state("domcontentloaded")
    assert "已转为议事协商" in page.content()
    screenshot(page, "community-workbench-topic")
    deliberation = Deliberation.objects.get(source_topic=topic)
    page.fill(
        "textarea[name=outcome-decision]", "同意加装电梯；一楼不分摊，二楼以上按楼层系数分摊。"
    )
    page.click("#outcome-form button[type=submit]")
    page.wait_for_load_state("domcontentloaded")
    deliberation.refresh_from_db()
    assert deliberation.is_outcome_published

    # 3. Anyone sees the outcome on the community's public page (居务公开).
    page.click("text=在社区居务公开页查看")
    page.wait_for_load_state("domcontentloaded")
    assert f"/community/{community.pk}/" in page.url
    outcomes = page.inner_text("#outcomes")
    assert "2栋加装电梯" in outcomes and "一楼不分摊，二楼以上按楼层系数分摊" in outcomes
    assert "上季度社区公益金收支" in page.inner_text("#disclosures")
    screenshot(page, "community-public-page")

    # 4. The community's screen of the ten rules: full screen, nothing to click.
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{base}/community/{community.pk}/screen/")
    assert page.locator(".screen-rule").count() == 10
    assert page.locator("nav, a, form").count() == 0
    assert "同意加装电梯" in page.inner_text(".screen-side")
    page.screenshot(path="var/screenshots/community-screen.png")
