"""The workbench home shows each person's day (issue 20, part 1): the sections of their roles
and no other's, every number a link to the list behind it, filtered the same way, and a
bounded number of queries."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.cases.factories import ApplicantFactory
from tests.workbench.conftest import TODAY
from xiaoneng.cases import services as case_services
from xiaoneng.cases.models import Channel
from xiaoneng.cockpit.selectors import cockpit_headlines
from xiaoneng.core.roles import ADMIN_ROLES, Role
from xiaoneng.workbench.home import SOURCES, sections_for

ALL_SECTIONS = {
    "cockpit",
    "window",
    "review",
    "supervision",
    "complaints",
    "complaint_inbox",
    "community",
    "community_approvals",
    "evaluation",
    "lights",
}

# Role → the home's sections (workbench/home.py SOURCES by permission, core/roles.py).
ROLE_SECTIONS = {
    Role.WINDOW_CLERK: {"window"},
    Role.REVIEWER: {"review", "complaint_inbox"},
    Role.DEPARTMENT_HEAD: {"review", "complaint_inbox", "community_approvals", "lights"},
    Role.CENTRE_COORDINATOR: {"lights"},
    Role.EFFICIENCY_SUPERVISOR: {"supervision"},
    Role.COMPLAINT_HANDLER: {"complaints", "lights"},
    Role.EVALUATION_OFFICER: {"evaluation", "lights"},
    Role.HR_OFFICER: set(),
    Role.STREET_OFFICE_STAFF: {"community", "community_approvals", "complaint_inbox"},
    Role.COMMUNITY_STAFF: {"community"},
    Role.LEADER: {"cockpit"},
    Role.SYSTEM_ADMIN: set(),
    Role.SECURITY_ADMIN: set(),
    Role.AUDIT_ADMIN: set(),
}


def _sections_on(html: str) -> set[str]:
    return set(re.findall(r'<section class="home-section" id="home-([a-z_]+)"', html))


def test_every_source_is_covered_by_the_table() -> None:
    assert {source.build.__name__ for source in SOURCES}
    assert set().union(*ROLE_SECTIONS.values()) == ALL_SECTIONS
    assert set(ROLE_SECTIONS) == set(Role)


@pytest.mark.parametrize("role", list(Role))
def test_home_shows_the_sections_of_the_role_and_no_other(client, personas, role) -> None:
    user = personas[role]
    assert {s.key for s in sections_for(user)} == ROLE_SECTIONS[role]
    if role in ADMIN_ROLES:
        return  # the three administrators pass the second factor first (their pages' tests)
    client.force_login(user)
    response = client.get("/workbench/")
    assert response.status_code == 200
    assert _sections_on(response.content.decode()) == ROLE_SECTIONS[role]


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        (Role.WINDOW_CLERK, True),
        (Role.REVIEWER, False),
        (Role.LEADER, False),
        (Role.EFFICIENCY_SUPERVISOR, False),
        (Role.COMPLAINT_HANDLER, False),
    ],
)
def test_only_the_window_clerk_has_the_register_button(client, personas, role, shown) -> None:
    client.force_login(personas[role])
    html = client.get("/workbench/").content.decode()
    assert ('data-action="window"' in html) is shown
    assert ('href="/workbench/cases/window/"' in html) is shown


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        (Role.LEADER, True),
        (Role.EFFICIENCY_SUPERVISOR, False),  # the same figures in the supervision section
        (Role.WINDOW_CLERK, False),
        (Role.REVIEWER, False),
        (Role.COMPLAINT_HANDLER, False),
        (Role.CENTRE_COORDINATOR, False),
    ],
)
def test_cockpit_figures_only_for_the_leader(client, personas, role, shown) -> None:
    client.force_login(personas[role])
    html = client.get("/workbench/").content.decode()
    assert ('href="/workbench/cockpit/#h-case_on_time_rate"' in html) is shown


def _cards(html: str, section: str) -> dict[str, int | str]:
    """href → value of the cards of one section."""
    part = html.split(f'id="home-{section}"', 1)[1].split("</section>", 1)[0]
    found = re.findall(
        r'<a class="home-card[^"]*" href="([^"]+)"><span class="value">([^<]+)</span>', part
    )
    return {href.replace("&amp;", "&"): int(v) if v.isdigit() else v for href, v in found}


def _total(html: str, marker: str) -> int:
    match = re.search(rf'id="{marker}">\D*(\d+)', html)
    assert match, marker
    return int(match.group(1))


def test_clerk_numbers_link_to_lists_with_the_same_count(client, day) -> None:
    client.force_login(day.clerk)
    html = client.get("/workbench/").content.decode()
    cards = _cards(html, "window")
    assert cards["/workbench/cases/search/?received=2026-03-10"] == 2
    assert cards["/workbench/cases/search/?status=submitted"] == 3
    assert cards["/workbench/cases/search/?status=supplement_requested"] == 1
    for href, value in cards.items():
        listing = client.get(href)
        assert listing.status_code == 200, href
        assert _total(listing.content.decode(), "search-total") == value, href


def test_clerk_list_shows_the_supplement_notice_deadline_oldest_first(client, day) -> None:
    client.force_login(day.clerk)
    with translation.override("zh-hans"):
        html = client.get("/workbench/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    rows = html.split('id="home-window"', 1)[1].split("</section>", 1)[0]
    oldest = day.waiting_since_last_week.number
    assert rows.index(oldest) < rows.index(day.received_today[0].number)
    # received 2026-03-03: the notice was due 5 working days later, 2026-03-10 (today)
    assert f'/workbench/cases/{oldest}/window/">{oldest}</a>' in rows
    assert "即将到期</span> 2026-03-10" in rows


def test_reviewer_sees_overdue_first_and_its_count_matches_the_list(client, day) -> None:
    client.force_login(day.reviewer)
    html = client.get("/workbench/").content.decode()
    cards = _cards(html, "review")
    assert cards["/workbench/cases/search/?overdue=1"] == 1
    listing = client.get("/workbench/cases/search/?overdue=1").content.decode()
    assert _total(listing, "search-total") == 1
    assert day.overdue_case.number in listing
    rows = html.split('id="home-review"', 1)[1].split("</section>", 1)[0]
    first = re.search(r'<tr><td><a href="/workbench/cases/([^/]+)/"', rows)
    assert first and first.group(1) == day.overdue_case.number
    assert '<span class="light red">' in rows


def test_handler_sees_overdue_and_this_week_with_matching_lists(client, day) -> None:
    client.force_login(day.handler)
    html = client.get("/workbench/").content.decode()
    cards = _cards(html, "complaints")
    assert cards["/workbench/complaints/?due=overdue"] == 1
    for href, value in cards.items():
        listing = client.get(href)
        assert listing.status_code == 200, href
        if "due=" in href:
            assert _total(listing.content.decode(), "queue-total") == value, href


def test_complaint_queue_marks_past_deadlines_with_text_not_colour_alone(client, day) -> None:
    client.force_login(day.handler)
    with translation.override("zh-hans"):
        html = client.get("/workbench/complaints/?due=overdue").content.decode()
    row = html.split(day.overdue_complaint.number, 1)[1].split("</tr>", 1)[0]
    assert '<span class="light red">已超期</span>' in row
    assert day.complaint_this_week.number not in html


def test_an_unknown_deadline_filter_is_refused_not_ignored(client, day) -> None:
    client.force_login(day.handler)
    response = client.get("/workbench/complaints/?due=soon")
    assert response.status_code == 200
    assert list(response.context["messages"])


def test_a_bad_received_day_is_a_message_not_a_500(client, day) -> None:
    client.force_login(day.clerk)
    response = client.get("/workbench/cases/search/?received=10.03.2026")
    assert response.status_code == 200
    assert list(response.context["messages"])


def test_leader_figures_show_the_trend_and_link_into_the_cockpit(client, day) -> None:
    client.force_login(day.leader)
    html = client.get("/workbench/").content.decode()
    cards = _cards(html, "cockpit")
    assert "/workbench/cockpit/#h-lights_red" in cards
    assert cards["/workbench/cockpit/#h-lights_red"] == 1  # the overdue case
    assert client.get("/workbench/cockpit/").status_code == 200
    part = html.split('id="home-cockpit"', 1)[1].split("</section>", 1)[0]
    assert part.count('class="note"') == len(cards)  # the change against the previous month


def test_supervisor_sees_red_by_unit_linking_to_the_units_red_cases(client, day) -> None:
    client.force_login(day.supervisor)
    html = client.get("/workbench/").content.decode()
    part = html.split('id="home-supervision"', 1)[1].split("</section>", 1)[0]
    link = re.search(r'href="(/workbench/supervision/cases/\?light=red[^"]*agency=\d+)"', part)
    assert link
    listing = client.get(link.group(1).replace("&amp;", "&"))
    assert listing.status_code == 200
    assert day.overdue_case.number in listing.content.decode()


def test_every_home_link_opens(client, day, personas) -> None:
    for user in [day.clerk, day.reviewer, day.handler, day.leader, day.supervisor]:
        client.force_login(user)
        html = client.get("/workbench/").content.decode()
        hrefs = set(re.findall(r"<main.*?</main>", html, re.S)[0].split('href="')[1:])
        for chunk in hrefs:
            href = chunk.split('"', 1)[0].replace("&amp;", "&")
            if href.startswith("/workbench/") and "#" not in href:
                assert client.get(href).status_code == 200, (user, href)


@pytest.mark.parametrize("who", ["leader", "clerk"])
def test_home_queries_are_bounded(client, day, who, django_assert_max_num_queries) -> None:
    client.force_login(getattr(day, who))
    limit = {"leader": 80, "clerk": 25}[who]  # 68 and 18 today
    with django_assert_max_num_queries(limit):
        assert client.get("/workbench/").status_code == 200


def test_home_queries_do_not_grow_with_the_cases(client, day) -> None:
    client.force_login(day.clerk)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/workbench/").status_code == 200
        return len(queries)

    before = count()
    item = day.received_today[0].item_version
    for _i in range(6):
        case_services.case_submit(
            actor=day.clerk,
            item_version=item,
            applicant=ApplicantFactory(),
            channel=Channel.WINDOW,
        )
    assert count() == before


def test_the_homes_cockpit_figures_are_the_cockpits(day) -> None:
    full = cockpit_headlines(user=day.leader, as_of=TODAY)
    summary = cockpit_headlines(user=day.leader, as_of=TODAY, trend_periods=1, with_ranking=False)
    assert [(h.code, h.value, h.previous, h.period_on_period) for h in summary.headlines] == [
        (h.code, h.value, h.previous, h.period_on_period) for h in full.headlines
    ]


def test_sections_for_is_a_plain_read(day) -> None:
    sections = sections_for(day.clerk)
    assert [s.key for s in sections] == ["window"]
    assert sections[0].actions[0].url == "/workbench/cases/window/"


@pytest.mark.parametrize(
    ("role", "in_community", "in_approvals"),
    [(Role.COMMUNITY_STAFF, True, False), (Role.STREET_OFFICE_STAFF, False, True)],
)
def test_pending_admissions_show_once(client, personas, role, in_community, in_approvals) -> None:
    client.force_login(personas[role])
    html = client.get("/workbench/").content.decode()
    assert ("/workbench/community/admissions/" in _cards(html, "community")) is in_community
    shown = 'id="home-community_approvals"' in html
    assert shown is in_approvals
    if shown:
        assert "/workbench/community/admissions/" in _cards(html, "community_approvals")
