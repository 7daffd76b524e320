"""Service items for tests (also usable by other contexts' tests: `make_item(agency=...)`)."""

from __future__ import annotations

import itertools
from typing import Any

from xiaoneng.catalog import services
from xiaoneng.catalog.models import ServiceItem
from xiaoneng.core.identifiers import CREDIT_CODE_CHARSET
from xiaoneng.core.models import Organization, User

_counter = itertools.count(1)


def credit_code(body: str) -> str:
    """A GB 32100 credit code: 17 characters plus the right check character."""
    assert len(body) == 17
    total = sum(CREDIT_CODE_CHARSET.index(ch) * pow(3, i, 31) for i, ch in enumerate(body))
    return body + CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


AGENCY_CODE = credit_code("11330100MB1234567")


def codes(agency: Organization, number: int | None = None) -> tuple[str, str]:
    """(basic code, implementation code) for a new item of `agency`."""
    n = next(_counter) if number is None else number
    basic = f"0001{n:05d}000"
    return basic, f"{agency.credit_code or AGENCY_CODE}{basic}"


def item_data(**overrides: Any) -> dict[str, Any]:
    """A valid promised licensing item: legal 20, committed 5, two materials, two steps."""
    data: dict[str, Any] = {
        "name": "食品经营许可",
        "item_type": "01",
        "handling_type": "promised",
        "legal_limit_days": 20,
        "committed_limit_days": 5,
        "acceptance_conditions": "申请人具有与经营的食品品种、数量相适应的经营场所。",
        "materials": [
            {"name": "食品经营许可申请书", "originals": 1, "copies": 0},
            {"name": "营业执照", "originals": 0, "copies": 1},
        ],
        "steps": [{"name": "受理", "budget_days": 1}, {"name": "审查决定", "budget_days": 4}],
        "enquiry_phone": "0571-87000001",
        "supervision_phone": "0571-12345",
    }
    data.update(overrides)
    return data


def make_item(*, agency: Organization, actor: User | None = None, **overrides: Any) -> ServiceItem:
    basic, implementation = codes(agency)
    basic = overrides.pop("basic_code", basic)
    implementation = overrides.pop("implementation_code", implementation)
    return services.item_create(
        actor=actor,
        agency=agency,
        basic_code=basic,
        implementation_code=implementation,
        **item_data(**overrides),
    )
