"""Factories for case tests: catalog items (built directly: the catalog's own services are
another context's) and cases driven through the real services."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import factory

from xiaoneng.catalog.models import (
    CoDepartment,
    HandlingType,
    ItemMaterial,
    ProcessStep,
    ServiceItem,
    ServiceItemVersion,
)
from xiaoneng.core.models import Applicant, ApplicantKind, Organization

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: str, hour: int = 10) -> datetime:
    """An aware datetime in China time: at("2025-09-28") → 2025-09-28 10:00 +08:00."""
    y, m, d = (int(p) for p in day.split("-"))
    return datetime(y, m, d, hour, 0, tzinfo=SHANGHAI)


class ApplicantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Applicant

    kind = ApplicantKind.NATURAL_PERSON
    name = factory.Sequence(lambda n: f"申请人{n}")
    id_number = factory.Sequence(lambda n: f"11010519491231{n:04d}"[:18])


_item_counter = iter(range(1, 10**6))


def make_item(
    agency: Organization,
    *,
    handling_type: str = HandlingType.PROMISED,
    committed: int = 5,
    legal: int = 20,
    is_joint: bool = False,
    co_departments: tuple[Organization, ...] = (),
    opinion_limit: int = 7,
    forward_to_level: int | None = None,
    has_fee: bool = False,
    is_online: bool = True,
    steps: tuple[tuple[str, int], ...] = (("审查", 3), ("决定", 2)),
    materials: tuple[str, ...] = ("申请书", "身份证明"),
) -> ServiceItemVersion:
    """A service item with one current version, its materials, steps and co-departments."""
    n = next(_item_counter)
    item = ServiceItem.objects.create(
        basic_code=f"000101{n:04d}",
        implementation_code=f"11330100MB0000000X000101{n:04d}",
        name=f"测试事项{n}",
        agency=agency,
    )
    if handling_type == HandlingType.IMMEDIATE:
        committed = 0
    version = ServiceItemVersion.objects.create(
        item=item,
        version=1,
        name=item.name,
        item_type="01",
        level=3,
        handling_type=handling_type,
        legal_limit_days=legal,
        committed_limit_days=committed,
        is_joint=is_joint or bool(co_departments),
        forward_to_level=forward_to_level,
        has_fee=has_fee,
        is_online=is_online,
        special_procedures_allowed=True,
    )
    item.current_version = version
    item.save(update_fields=["current_version"])
    for i, name in enumerate(materials, start=1):
        ItemMaterial.objects.create(version=version, order=i, name=name)
    for i, (name, budget) in enumerate(steps, start=1):
        ProcessStep.objects.create(version=version, order=i, name=name, budget_days=budget)
    for org in co_departments:
        CoDepartment.objects.create(
            version=version, organization=org, opinion_limit_days=opinion_limit
        )
    return version
