"""Global thresholds: supervisors change them, the lights follow at once, bad input is named."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from tests.supervision.factories import make_case, make_version, watch_of
from xiaoneng.core.errors import InvalidInput, NotPermitted
from xiaoneng.core.roles import Role
from xiaoneng.supervision.lights import light_of
from xiaoneng.supervision.models import SupervisionSettings
from xiaoneng.supervision.services import settings_update

pytestmark = pytest.mark.django_db
D = date.fromisoformat


def test_thresholds_change_rebuilds_the_lights(personas, org_tree):
    case = make_case(
        make_version(org_tree.department, committed=20, legal=20), accepted_on=D("2025-09-01")
    )
    # 20 WD from 09-01 → 09-28 (make-up Sunday); 5 left on 09-22: green with 20 % (4 days)
    assert light_of(watch_of(case), D("2025-09-22")) == "green"
    settings_update(
        actor=personas[Role.EFFICIENCY_SUPERVISOR],
        yellow_days=2,
        yellow_ratio=Decimal("0.7"),
        late_forwarding_days=20,
    )
    assert light_of(watch_of(case), D("2025-09-22")) == "yellow"  # 30 % of 20 = 6 days


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"yellow_days": -1}, "yellow_days"),
        ({"yellow_ratio": Decimal("1.2")}, "yellow_ratio"),
        ({"late_forwarding_days": 0}, "late_forwarding_days"),
    ],
)
def test_bad_thresholds_name_the_field(personas, changes, field):
    arguments = {
        "yellow_days": 2,
        "yellow_ratio": Decimal("0.8"),
        "late_forwarding_days": 20,
        **changes,
    }
    with pytest.raises(InvalidInput) as error:
        settings_update(actor=personas[Role.EFFICIENCY_SUPERVISOR], **arguments)
    assert error.value.field == field


def test_only_supervisors_change_thresholds(personas):
    with pytest.raises(NotPermitted):
        settings_update(
            actor=personas[Role.LEADER],
            yellow_days=3,
            yellow_ratio=Decimal("0.8"),
            late_forwarding_days=20,
        )
    leader = Client()
    leader.force_login(personas[Role.LEADER])
    assert leader.get("/workbench/supervision/settings/").status_code == 200
    assert (
        leader.post(
            "/workbench/supervision/settings/",
            {"yellow_days": 3, "yellow_ratio": "0.8", "late_forwarding_days": 20},
        ).status_code
        == 403
    )
    supervisor = Client()
    supervisor.force_login(personas[Role.EFFICIENCY_SUPERVISOR])
    response = supervisor.post(
        "/workbench/supervision/settings/",
        {"yellow_days": 3, "yellow_ratio": "0.75", "late_forwarding_days": 15},
    )
    assert response.status_code == 302
    row = SupervisionSettings.current()
    assert (row.yellow_days, row.yellow_ratio, row.late_forwarding_days) == (
        3,
        Decimal("0.750"),
        15,
    )
