"""Excel import (all or nothing, row errors naming sheet, row and column) and export."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from tests.catalog.factories import AGENCY_CODE, make_item
from xiaoneng.catalog import services
from xiaoneng.catalog.models import ServiceItem
from xiaoneng.catalog.spreadsheet import CatalogRowError
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.excel import workbook_bytes
from xiaoneng.core.roles import Role

ITEM_HEADERS = [
    "实施编码",
    "基本编码",
    "事项名称",
    "实施主体",
    "事项类型",
    "办件类型",
    "法定时限(工作日)",
    "承诺时限(工作日)",
    "是否收费",
    "收费标准及依据",
    "咨询电话",
]


def _workbook(items, materials=None, steps=None, co=None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "事项"
    ws.append(ITEM_HEADERS)
    for row in items:
        ws.append(row)
    for title, headers, rows in [
        ("材料", ["实施编码", "序号", "材料名称", "原件份数", "复印件份数", "是否必需"], materials),
        ("环节", ["实施编码", "序号", "环节名称", "时限(工作日)"], steps),
        ("联办部门", ["实施编码", "联办部门", "意见时限(工作日)"], co),
    ]:
        if rows is None:
            continue  # an absent sheet leaves the items' lists as they are
        sheet = wb.create_sheet(title)
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


A = AGENCY_CODE + "000101001000"
B = AGENCY_CODE + "000101002000"


def _good(dept_name: str, other_name: str) -> bytes:
    return _workbook(
        items=[
            [
                A,
                "000101001000",
                "食品经营许可",
                dept_name,
                "01",
                "承诺件",
                20,
                5,
                "否",
                None,
                "0571-87000001",
            ],
            [
                B,
                "000101002000",
                "建筑工程施工许可",
                dept_name,
                "01",
                "承诺件",
                None,
                15,
                "是",
                "浙价费〔2017〕1号",
                None,
            ],
        ],
        materials=[
            [A, 2, "营业执照复印件", 0, 1, "是"],
            [A, 1, "申请书", 1, 0, "是"],
            [B, 1, "施工合同", 1, 1, "否"],
        ],
        steps=[[A, 1, "受理", 1], [A, 2, "审查决定", 4], [B, 1, "联合审查", 10]],
        co=[[B, other_name, 5]],
    )


def test_import_creates_items_with_their_lists(org_tree, personas):
    t = org_tree
    report = services.catalog_import(
        actor=personas[Role.CENTRE_COORDINATOR],
        data=_good(t.department.name, t.other_department.name),
    )
    assert report.ok, [str(e) for e in report.errors]
    assert (report.created, report.updated) == (2, 0)
    a = ServiceItem.objects.get(implementation_code=A)
    assert [m.name for m in a.current_version.materials.order_by("order")] == [
        "申请书",
        "营业执照复印件",
    ]  # ordered by 序号
    b = ServiceItem.objects.get(implementation_code=B).current_version
    assert b.is_joint and b.legal_limit_days == 45  # co-department → joint, Art. 42 default
    assert b.has_fee and b.fee_basis == "浙价费〔2017〕1号"
    assert b.co_departments.get().opinion_limit_days == 5


def test_reimport_revises_changed_items_only(org_tree):
    t = org_tree
    services.catalog_import(actor=None, data=_good(t.department.name, t.other_department.name))
    again = services.catalog_import(
        actor=None, data=_good(t.department.name, t.other_department.name)
    )
    assert (again.created, again.updated) == (0, 0)
    changed = _workbook(
        items=[
            [
                A,
                "000101001000",
                "食品经营许可",
                t.department.name,
                "01",
                "承诺件",
                20,
                6,
                "否",
                None,
                None,
            ]
        ]
    )
    report = services.catalog_import(actor=None, data=changed)
    assert report.ok and report.updated == 1
    item = ServiceItem.objects.get(implementation_code=A)
    assert item.current_version.version == 2
    assert item.current_version.committed_limit_days == 6
    # Sheets absent from the file leave the lists as they were.
    assert item.current_version.materials.count() == 2
    assert item.versions.get(version=1).committed_limit_days == 5


def test_import_is_all_or_nothing_with_row_errors(org_tree):
    t = org_tree
    data = _workbook(
        items=[
            [
                A,
                "000101001000",
                "食品经营许可",
                t.department.name,
                "01",
                "承诺件",
                20,
                5,
                "否",
                None,
                None,
            ],
            [
                B,
                "000101002000",
                "建筑工程施工许可",
                t.department.name,
                "01",
                "承诺件",
                20,
                25,
                "否",
                None,
                None,
            ],  # committed 25 > legal 20
            [
                AGENCY_CODE + "X",
                101003000,
                "",
                "不存在的局",
                "01",
                "承诺件",
                20,
                5,
                "否",
                None,
                None,
            ],
        ],
        materials=[[A, 1, "申请书", 0, 0, "是"], [AGENCY_CODE + "NOPE", 1, "x", 1, 0, "是"]],
    )
    report = services.catalog_import(actor=None, data=data)
    assert not report.ok
    assert ServiceItem.objects.count() == 0
    found = {(e.sheet, e.row, e.field) for e in report.errors}
    assert ("事项", 3, "承诺时限(工作日)") in found
    assert ("事项", 4, "实施主体") in found
    assert ("材料", 2, "复印件份数") in found  # neither original nor copy
    assert ("材料", 3, "实施编码") in found  # no such item on the items sheet
    assert all(isinstance(e, CatalogRowError) for e in report.errors)
    assert "事项" in str(report.errors[0]) and "3" in str(report.errors[0])


def test_codes_written_as_numbers_are_refused(org_tree):
    data = _workbook(
        items=[
            [
                A,
                101001000,
                "食品经营许可",
                org_tree.department.name,
                "01",
                "承诺件",
                20,
                5,
                "否",
                None,
                None,
            ]
        ]
    )
    report = services.catalog_import(actor=None, data=data)
    assert [(e.row, e.field) for e in report.errors] == [(2, "基本编码")]


def test_import_respects_the_agency_scope(org_tree, personas):
    report = services.catalog_import(
        actor=personas[Role.DEPARTMENT_HEAD],
        data=_good(org_tree.other_department.name, org_tree.department.name),
    )
    assert not report.ok and ServiceItem.objects.count() == 0
    assert {e.row for e in report.errors} == {2, 3}


def test_not_a_workbook_is_a_clear_error(db):
    with pytest.raises(InvalidInput) as raised:
        services.catalog_import(actor=None, data=b"name,code\n")
    assert raised.value.field == "file"


def test_missing_columns_are_reported(org_tree):
    wb = Workbook()
    wb.active.title = "事项"
    wb.active.append(["实施编码", "事项名称"])
    buffer = io.BytesIO()
    wb.save(buffer)
    report = services.catalog_import(actor=None, data=buffer.getvalue())
    assert not report.ok and report.errors[0].row == 1
    assert "基本编码" in report.errors[0].field


def test_export_reads_back_and_imports_unchanged(org_tree):
    item = make_item(
        agency=org_tree.department,
        legal_limit_days=None,
        committed_limit_days=15,
        steps=[{"name": "联合审查", "budget_days": 10}],
        co_departments=[{"organization": org_tree.other_department}],
        has_fee=True,
        fee_basis="依据",
        fee_amount="80",
    )
    data = workbook_bytes(services.catalog_export_sheets())
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["事项", "材料", "环节", "联办部门"]
    items = list(wb["事项"].iter_rows(values_only=True))
    header, row = items[0], items[1]
    values = dict(zip(header, row, strict=False))
    assert values["实施编码"] == item.implementation_code  # text, leading zeros kept
    assert values["基本编码"] == item.basic_code and isinstance(values["基本编码"], str)
    assert values["法定时限(工作日)"] == 45 and values["承诺时限(工作日)"] == 15
    assert values["是否联办"] == "是" and values["压缩比"] == pytest.approx(0.333)
    assert len(list(wb["材料"].iter_rows())) == 3  # header + 2 materials
    assert list(wb["联办部门"].iter_rows(values_only=True))[1] == (
        item.implementation_code,
        org_tree.other_department.name,
        7,
    )
    report = services.catalog_import(actor=None, data=data)
    assert report.ok, [str(e) for e in report.errors]
    assert (report.created, report.updated) == (0, 0)


def test_list_rows_with_numeric_codes_are_refused(org_tree):
    data = _workbook(
        items=[
            [
                A,
                "000101001000",
                "食品经营许可",
                org_tree.department.name,
                "01",
                "承诺件",
                20,
                5,
                "否",
                None,
                None,
            ]
        ],
        materials=[[12345, 1, "申请书", 1, 0, "是"]],
    )
    report = services.catalog_import(actor=None, data=data)
    assert [(e.sheet, e.row, e.field) for e in report.errors] == [("材料", 2, "实施编码")]
    assert "text" in report.errors[0].reason or "文本" in report.errors[0].reason
