"""Excel import/export of an indicator tree: round trip, row errors, all or nothing."""

from decimal import Decimal

import pytest

from tests.evaluation.factories import SMALL_TREE
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.excel import Sheet, workbook_bytes
from xiaoneng.core.roles import Role
from xiaoneng.evaluation.excel import HEADERS, tree_import, tree_sheet
from xiaoneng.evaluation.models import UnitKind
from xiaoneng.evaluation.services.indicators import system_create, system_save_tree


@pytest.fixture
def officer_system(org_tree, make_user):
    officer = make_user(Role.EVALUATION_OFFICER, organization=org_tree.efficiency_office)
    system = system_create(
        actor=officer, name="x", year=2026, unit_kind=UnitKind.CITY_DEPARTMENT, owner=org_tree.city
    )
    return officer, system


def _book(rows):
    return workbook_bytes([Sheet("t", HEADERS, rows)])


def test_export_then_import_round_trips(officer_system, org_tree):
    officer, system = officer_system
    system_save_tree(actor=officer, system=system, nodes=SMALL_TREE)
    data = workbook_bytes([tree_sheet(system)])
    copy = system_create(
        actor=officer, name="y", year=2027, unit_kind=UnitKind.CITY_DEPARTMENT, owner=org_tree.city
    )
    report = tree_import(actor=officer, system=copy, data=data)
    assert report.ok and report.created == 7
    assert [(i.code, i.weight, i.method, i.level) for i in copy.indicators.order_by("order")] == [
        (i.code, i.weight, i.method, i.level) for i in system.indicators.order_by("order")
    ]
    assert copy.indicators.get(code="1.1").target == Decimal("95")


def test_row_errors_are_all_reported_and_nothing_is_saved(officer_system):
    officer, system = officer_system
    system_save_tree(actor=officer, system=system, nodes=SMALL_TREE)
    report = tree_import(
        actor=officer,
        system=system,
        data=_book(
            [
                ["1", "", "业务", "abc", "", None, None, None, "", "", ""],
                ["1.1", "1", "", 60, "打分", None, None, None, "", "", ""],
            ]
        ),
    )
    assert [(e.row, e.field) for e in report.errors] == [(2, "权重"), (3, "名称"), (3, "计分方法")]
    assert system.indicators.count() == 7  # untouched


def test_tree_rule_errors_name_the_row(officer_system):
    officer, system = officer_system
    report = tree_import(
        actor=officer,
        system=system,
        data=_book(
            [
                ["1", "", "业务", 100, "", None, None, None, "", "", ""],
                ["1.1", "1", "办件", 90, "定性", None, None, None, "A=1;B=0.8", "", ""],
            ]
        ),
    )
    assert [(e.row, e.field) for e in report.errors] == [(2, "weight")]
    assert "sum to 90.00" in report.errors[0].reason
    assert system.indicators.count() == 0


def test_not_a_workbook(officer_system):
    officer, system = officer_system
    with pytest.raises(InvalidInput) as error:
        tree_import(actor=officer, system=system, data=b"not excel")
    assert error.value.field == "file"
