"""Validation of an item's content and codes (GB/T 39046-2020, 行政许可法 Art. 42; rules.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.catalog.factories import AGENCY_CODE, credit_code, item_data
from xiaoneng.catalog.models import (
    DEFAULT_LEGAL_LIMIT_DAYS,
    JOINT_LEGAL_LIMIT_DAYS,
    HandlingType,
)
from xiaoneng.catalog.rules import check_codes, clean_content
from xiaoneng.core.errors import InvalidInput

# (overrides, wrong field or None when valid). Each row cites the rule it checks.
CASES = [
    ({}, None),  # legal 20, committed 5: a two-thirds cut (seed)
    ({"committed_limit_days": 20, "steps": []}, None),  # committed may equal legal
    ({"committed_limit_days": 21}, "committed_limit_days"),  # committed ≤ legal
    ({"legal_limit_days": 3, "committed_limit_days": 5}, "committed_limit_days"),
    ({"handling_type": "immediate", "committed_limit_days": 0, "steps": []}, None),
    # immediate = same day ("即办事项不过夜"): committed 0 only
    (
        {"handling_type": "immediate", "committed_limit_days": 1, "steps": []},
        "committed_limit_days",
    ),
    (
        {"handling_type": "promised", "committed_limit_days": 0, "steps": []},
        "committed_limit_days",
    ),  # a promise is at least one working day
    ({"handling_type": "即办件", "committed_limit_days": 0, "steps": []}, None),  # GB/T label
    ({"handling_type": "2"}, None),  # GB/T 39046 A.3 code 2 = promised
    ({"handling_type": "overnight"}, "handling_type"),
    ({"item_type": "20"}, None),  # 20 public service
    ({"item_type": "11"}, "item_type"),  # not a GB/T 39046 A.1 code
    ({"item_type": 1}, None),  # a bare number 1 is read as "01"
    ({"level": 7}, "level"),  # A.2: 1..6
    ({"level": 4, "forward_to_level": 3}, None),  # forwarded to a higher level
    ({"level": 3, "forward_to_level": 4}, "forward_to_level"),  # not to a lower one
    ({"level": 3, "forward_to_level": 3}, "forward_to_level"),
    ({"has_fee": True, "fee_basis": ""}, "fee_basis"),  # a fee needs its basis
    ({"has_fee": True, "fee_basis": "发改价格〔2015〕1号", "fee_amount": "50"}, None),
    ({"has_fee": False, "fee_amount": "50"}, "fee_amount"),
    ({"has_fee": True, "fee_basis": "x", "fee_amount": "-1"}, "fee_amount"),
    ({"has_fee": "maybe"}, "has_fee"),
    ({"name": "  "}, "name"),
    ({"legal_limit_days": "twenty"}, "legal_limit_days"),
    ({"legal_limit_days": 2.5}, "legal_limit_days"),
    ({"legal_limit_days": -1}, "legal_limit_days"),
    ({"committed_limit_days": None}, "committed_limit_days"),
    ({"steps": [{"name": "审查", "budget_days": 6}]}, "steps"),  # budgets fit the promise
    ({"steps": [{"name": "", "budget_days": 1}]}, "steps[0].name"),
    ({"materials": [{"name": "申请书", "originals": 0, "copies": 0}]}, "materials[0].copies"),
    ({"materials": [{"name": "申请书"}, {"name": "申请书"}]}, "materials[1].name"),
    ({"materials": "申请书"}, "materials"),
    ({"enquiry_phone": "call us"}, "enquiry_phone"),
    ({"yellow_ratio": "1.5"}, "yellow_ratio"),
    ({"yellow_ratio": "0.8", "yellow_days": 2}, None),
    ({"is_joint": True}, "co_departments"),  # joint needs a co-department
    ({"colour": "red"}, "colour"),
]


@pytest.mark.parametrize(("overrides", "wrong_field"), CASES)
def test_item_content_rules(org_tree, overrides, wrong_field):
    data = item_data(**overrides)
    if wrong_field is None:
        clean_content(data, agency=org_tree.department)
        return
    with pytest.raises(InvalidInput) as raised:
        clean_content(data, agency=org_tree.department)
    fields = [name for name, _reason in raised.value.errors]
    assert wrong_field in fields, fields


def test_every_wrong_field_is_reported_at_once(org_tree):
    data = item_data(name="", committed_limit_days=30, item_type="99", enquiry_phone="?")
    with pytest.raises(InvalidInput) as raised:
        clean_content(data, agency=org_tree.department)
    fields = {name for name, _reason in raised.value.errors}
    assert {"name", "committed_limit_days", "item_type", "enquiry_phone"} <= fields


def test_co_departments_make_an_item_joint_with_45_days_by_default(org_tree):
    # 行政许可法 Art. 42: joint or centralized handling, 45 working days.
    data = item_data(
        legal_limit_days=None,
        committed_limit_days=15,
        steps=[],
        co_departments=[{"organization": org_tree.other_department}],
    )
    content = clean_content(data, agency=org_tree.department)
    assert content.is_joint is True
    assert content.legal_limit_days == JOINT_LEGAL_LIMIT_DAYS
    assert content.co_departments[0].opinion_limit_days == 7  # countersign: 7 working days


def test_legal_limit_defaults_to_20_working_days(org_tree):
    content = clean_content(item_data(legal_limit_days=None), agency=org_tree.department)
    assert content.legal_limit_days == DEFAULT_LEGAL_LIMIT_DAYS
    assert content.is_joint is False


def test_immediate_item_defaults_to_same_day(org_tree):
    content = clean_content(
        item_data(handling_type="immediate", committed_limit_days=None, steps=[]),
        agency=org_tree.department,
    )
    assert content.handling_type == HandlingType.IMMEDIATE
    assert content.committed_limit_days == 0


def test_agency_is_not_its_own_co_department(org_tree):
    data = item_data(co_departments=[{"organization": org_tree.department}])
    with pytest.raises(InvalidInput) as raised:
        clean_content(data, agency=org_tree.department)
    assert raised.value.errors[0][0] == "co_departments[0].organization"


def test_opinion_limit_fits_in_the_legal_limit(org_tree):
    data = item_data(
        co_departments=[{"organization": org_tree.other_department, "opinion_limit_days": 30}]
    )
    with pytest.raises(InvalidInput) as raised:
        clean_content(data, agency=org_tree.department)
    assert "co_departments[0].opinion_limit_days" in [f for f, _r in raised.value.errors]


def test_level_defaults_to_the_agency_level(org_tree):
    content = clean_content(item_data(), agency=org_tree.county_department)
    assert content.level == 4


def test_yellow_ratio_is_kept_as_a_decimal(org_tree):
    content = clean_content(item_data(yellow_ratio="0.75"), agency=org_tree.department)
    assert content.yellow_ratio == Decimal("0.750")


CODE_CASES = [
    ("000101001000", AGENCY_CODE + "000101001000", None),
    (101001000, AGENCY_CODE + "000101001000", "basic_code"),  # codes are text, not numbers
    ("000101001000", 11330100, "implementation_code"),
    ("01", AGENCY_CODE + "000101001000", "basic_code"),  # too short
    ("000101001000", AGENCY_CODE, "implementation_code"),  # nothing after the credit code
    ("000101001000", "11330100MB123456I7000101001000", "implementation_code"),  # I not allowed
    ("000101001000", AGENCY_CODE + "0001-01", "implementation_code"),
]


@pytest.mark.parametrize(("basic", "implementation", "wrong_field"), CODE_CASES)
def test_code_rules(basic, implementation, wrong_field):
    problems = check_codes(basic_code=basic, implementation_code=implementation, agency=None)
    assert [name for name, _reason in problems] == ([wrong_field] if wrong_field else [])


def test_implementation_code_carries_the_agency_credit_code(org_tree):
    agency = org_tree.department
    agency.credit_code = credit_code("11330100MB7654321")
    problems = check_codes(
        basic_code="000101001000", implementation_code=AGENCY_CODE + "000101001000", agency=agency
    )
    assert problems and problems[0][0] == "implementation_code"
    assert (
        check_codes(
            basic_code="000101001000",
            implementation_code=agency.credit_code + "000101001000",
            agency=agency,
        )
        == []
    )
