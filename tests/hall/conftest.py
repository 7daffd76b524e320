"""Fixtures for hall tests: a service-centre hall with two windows, an appointment item, the
clerks on duty, a department head and a signed-up applicant."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from tests.cases.factories import ApplicantFactory, make_item
from tests.factories import UserFactory
from xiaoneng.catalog.models import ServiceItem
from xiaoneng.core.models import Applicant, User, UserKind
from xiaoneng.core.roles import Role
from xiaoneng.hall.models import Hall, HallKind, Window, WindowKind

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: str, hour: int = 10, minute: int = 0) -> datetime:
    y, m, d = (int(p) for p in day.split("-"))
    return datetime(y, m, d, hour, minute, tzinfo=SHANGHAI)


#: Monday 2026-06-01 09:00; slots on Tuesday 2026-06-02 (both working days).
NOW = at("2026-06-01", 9)
SLOT = at("2026-06-02", 10)


@pytest.fixture(autouse=True)
def _english(settings):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@dataclass
class HallDesk:
    hall: Hall
    window: Window
    other_window: Window
    item: ServiceItem
    other_item: ServiceItem
    clerk: User
    other_clerk: User
    head: User
    coordinator: User
    supervisor: User
    outsider: User
    applicant: Applicant
    account: User


@pytest.fixture
def hall_desk(org_tree, make_user) -> HallDesk:  # type: ignore[no-untyped-def]
    t = org_tree
    version = make_item(t.department)
    version.is_appointment = True
    version.save(update_fields=["is_appointment"])
    other = make_item(t.department)
    other.is_appointment = True
    other.save(update_fields=["is_appointment"])
    hall = Hall.objects.create(
        code="JZ01",
        name="江州市民中心",
        kind=HallKind.SERVICE_CENTRE,
        organization=t.service_centre,
        opens_at=time(9, 0),
        closes_at=time(12, 0),
        slot_minutes=30,
    )
    clerk = make_user(Role.WINDOW_CLERK, organization=t.department, real_name="王窗口")
    other_clerk = make_user(Role.WINDOW_CLERK, organization=t.department)
    window = Window.objects.create(
        hall=hall,
        number="1",
        name="市场监管",
        kind=WindowKind.DEPARTMENT,
        department=t.department,
        slot_capacity=3,
    )
    window.items.set([version.item, other.item])
    window.clerks.set([clerk])
    other_window = Window.objects.create(
        hall=hall, number="2", name="综合受理", kind=WindowKind.COMPREHENSIVE, slot_capacity=2
    )
    other_window.items.set([version.item])
    other_window.clerks.set([other_clerk])
    account = UserFactory(username="citizen", organization=None, kind=UserKind.APPLICANT)
    applicant = ApplicantFactory(account=account, name="张三", phone="13900139000")
    return HallDesk(
        hall=hall,
        window=window,
        other_window=other_window,
        item=version.item,
        other_item=other.item,
        clerk=clerk,
        other_clerk=other_clerk,
        head=make_user(Role.DEPARTMENT_HEAD, organization=t.department),
        coordinator=make_user(Role.CENTRE_COORDINATOR, organization=t.service_centre),
        supervisor=make_user(Role.EFFICIENCY_SUPERVISOR, organization=t.efficiency_office),
        outsider=make_user(Role.WINDOW_CLERK, organization=t.other_city_department),
        applicant=applicant,
        account=account,
    )
