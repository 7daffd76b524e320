"""Navigation by role (issue 20, part 2): what one works in first, the pages one only reads
grouped under one heading (查阅), and breadcrumbs on every workbench page."""

from __future__ import annotations

import re

import pytest

from xiaoneng.core.roles import Role
from xiaoneng.workbench.navigation import breadcrumbs, menu_for


def _work(user) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    return {s.title: [link.url for link in s.links] for s in menu_for(user).work}


def _reading(user) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    return {s.title: [link.url for link in s.links] for s in menu_for(user).reading}


@pytest.mark.parametrize(
    ("role", "works_in", "reads"),
    [
        (Role.LEADER, ["/workbench/cockpit/"], ["/workbench/supervision/cases/"]),
        (Role.WINDOW_CLERK, ["/workbench/cases/window/", "/workbench/cases/search/"], []),
        (Role.REVIEWER, ["/workbench/cases/", "/workbench/cases/search/"], []),
        (
            Role.EFFICIENCY_SUPERVISOR,
            ["/workbench/supervision/cases/", "/workbench/supervision/warnings/"],
            ["/workbench/cases/search/"],
        ),
        (
            Role.COMPLAINT_HANDLER,
            ["/workbench/complaints/", "/workbench/supervision/warnings/"],
            ["/workbench/supervision/cases/"],
        ),
        (Role.COMMUNITY_STAFF, ["/workbench/community/meetings/"], []),
        (Role.EVALUATION_OFFICER, ["/workbench/evaluation/"], ["/workbench/community/meetings/"]),
    ],
)
def test_menu_puts_work_first_and_reading_apart(personas, role, works_in, reads) -> None:
    user = personas[role]
    work = [url for urls in _work(user).values() for url in urls]
    reading = [url for urls in _reading(user).values() for url in urls]
    for url in works_in:
        assert url in work and url not in reading, url
    for url in reads:
        assert url in reading and url not in work, url


def test_a_read_only_leader_works_in_a_handful_of_pages_and_reads_the_rest(personas) -> None:
    leader = personas[Role.LEADER]
    work = _work(leader)
    assert list(work) == ["领导驾驶舱"]
    assert sum(len(urls) for urls in work.values()) <= 5
    reading = _reading(leader)
    assert len(reading) >= 5  # grouped per section, not one long list
    assert sum(len(urls) for urls in reading.values()) > 20


def test_the_reading_group_is_collapsed_per_section_on_the_page(client, personas) -> None:
    client.force_login(personas[Role.LEADER])
    html = client.get("/workbench/").content.decode()
    sidebar = html.split('class="sidebar"', 1)[1].split("</nav>", 1)[0]
    assert sidebar.count('<details class="menu-group"') == len(_reading(personas[Role.LEADER]))
    assert sidebar.count('class="reading"') == 1


def test_a_page_reached_from_the_reading_group_opens_its_section(client, personas) -> None:
    client.force_login(personas[Role.LEADER])
    html = client.get("/workbench/supervision/cases/").content.decode()
    assert re.search(
        r'<details class="menu-group" open><summary>[^<]+</summary>\s*<ul>.*'
        r'href="/workbench/supervision/cases/" aria-current="page"',
        html,
        re.S,
    )


def _crumbs(html: str) -> list[tuple[str, str]]:
    nav = html.split('<nav class="breadcrumbs"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<li>(?:<a href="([^"]+)">|<span[^>]*>)([^<]+)<', nav)


@pytest.mark.parametrize(
    ("role", "path", "expected"),
    [
        (Role.WINDOW_CLERK, "/workbench/", [("", "首页")]),
        (
            Role.WINDOW_CLERK,
            "/workbench/cases/search/",
            [("/workbench/", "首页"), ("", "办件"), ("", "办件查询")],
        ),
        (
            Role.COMPLAINT_HANDLER,
            "/workbench/complaints/?due=overdue",
            [("/workbench/", "首页"), ("", "投诉与评价"), ("", "投诉待办")],
        ),
        (
            Role.LEADER,
            "/workbench/cockpit/",
            [("/workbench/", "首页"), ("", "领导驾驶舱"), ("", "驾驶舱")],
        ),
        (
            Role.LEADER,
            "/workbench/supervision/warnings/",
            [("/workbench/", "首页"), ("", "电子监察"), ("", "效能告诫")],
        ),
    ],
)
def test_breadcrumbs_show_home_section_and_page(client, personas, role, path, expected) -> None:
    client.force_login(personas[role])
    response = client.get(path)
    assert response.status_code == 200
    assert _crumbs(response.content.decode()) == expected


def test_a_page_below_a_menu_entry_links_back_to_it(personas) -> None:
    menu = menu_for(personas[Role.REVIEWER])
    crumbs = breadcrumbs(menu, "/workbench/cases/XN2026000001/", "/workbench/", "Home")
    assert [(c.label, c.url) for c in crumbs][-1] == ("我的待办", "/workbench/cases/")


def test_a_case_page_ends_the_breadcrumbs_with_the_case(client, day) -> None:
    client.force_login(day.reviewer)
    number = day.overdue_case.number
    response = client.get(f"/workbench/cases/{number}/")
    assert response.status_code == 200
    assert _crumbs(response.content.decode()) == [
        ("/workbench/", "首页"),
        ("", "办件"),
        ("/workbench/cases/", "我的待办"),
        ("", number),
    ]


def test_a_complaint_page_ends_the_breadcrumbs_with_the_complaint(client, day) -> None:
    client.force_login(day.handler)
    number = day.overdue_complaint.number
    crumbs = _crumbs(client.get(f"/workbench/complaints/{number}/").content.decode())
    assert crumbs[-2:] == [("/workbench/complaints/", "投诉待办"), ("", number)]
