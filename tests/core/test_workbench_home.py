"""The workbench home shows what waits for the user, by role."""

from __future__ import annotations

import pytest

from xiaoneng.core.roles import Role


@pytest.mark.parametrize(
    ("role", "expected", "absent"),
    [
        (Role.EFFICIENCY_SUPERVISOR, "红灯", "待受理"),
        (Role.WINDOW_CLERK, "待受理", "红灯"),
        (Role.COMPLAINT_HANDLER, "投诉中心待办", "待受理"),
        (Role.STREET_OFFICE_STAFF, "待审批的会议", "红灯"),
    ],
)
def test_home_cards_follow_the_role(client, personas, role, expected, absent):
    client.force_login(personas[role])
    page = client.get("/workbench/").content.decode()
    assert expected in page
    assert absent not in page
