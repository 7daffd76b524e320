"""Organization tree: paths, moves, Excel import (all-or-nothing) and export read back."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from xiaoneng.core import onboarding, services
from xiaoneng.core.errors import InvalidInput, NotPermitted
from xiaoneng.core.excel import workbook_bytes
from xiaoneng.core.models import Organization
from xiaoneng.core.roles import Role


def _xlsx(rows):
    wb = Workbook()
    ws = wb.active
    ws.append([c.header for c in onboarding.ORG_COLUMNS])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_moving_an_organization_moves_its_subtree(org_tree):
    services.organization_update(
        actor=None, organization=org_tree.street, parent=org_tree.other_city
    )
    org_tree.community.refresh_from_db()
    assert org_tree.community.path.startswith(org_tree.other_city.path)


def test_an_organization_cannot_move_below_itself(org_tree):
    with pytest.raises(InvalidInput) as error:
        services.organization_update(
            actor=None, organization=org_tree.county, parent=org_tree.street
        )
    assert error.value.field == "parent"


def test_pilot_credit_code_is_accepted_with_a_warning(db):
    org = services.organization_create(
        actor=None, name="试点单位", kind="department", level=3, credit_code="91110000600037341M"
    )
    assert org.credit_code_warning


def test_import_creates_the_tree_in_order(personas):
    admin = personas[Role.SYSTEM_ADMIN]
    data = _xlsx(
        [
            ["新区人民政府", "新区", "government", 4, "江州市人民政府", "", "330199", "yes"],
            ["新区民政局", "", "civil_affairs", 4, "新区人民政府", "", "", "yes"],
        ]
    )
    report = onboarding.organization_import(actor=admin, data=data)
    assert report.ok and report.created == 2
    child = Organization.objects.get(name="新区民政局")
    assert child.parent.name == "新区人民政府"
    assert child.path.startswith(Organization.objects.get(name="江州市人民政府").path)


def test_import_with_any_bad_row_applies_nothing(personas):
    admin = personas[Role.SYSTEM_ADMIN]
    before = Organization.objects.count()
    data = _xlsx(
        [
            ["新区人民政府", "", "government", 4, "江州市人民政府", "", "", "yes"],
            ["坏行", "", "no_such_kind", 4, "新区人民政府", "", "", "yes"],
            ["孤儿", "", "department", 4, "不存在的上级", "", "", "yes"],
            ["坏代码", "", "department", 4, "江州市人民政府", "12345", "", "yes"],
        ]
    )
    report = onboarding.organization_import(actor=admin, data=data)
    assert [(e.row, e.field) for e in report.errors] == [
        (3, "单位类型"),
        (4, "上级单位"),
        (5, "统一社会信用代码"),
    ]
    assert Organization.objects.count() == before


def test_import_of_a_non_excel_file_is_refused(personas):
    with pytest.raises(InvalidInput) as error:
        onboarding.organization_import(actor=personas[Role.SYSTEM_ADMIN], data=b"not a workbook")
    assert error.value.field == "file"


def test_import_needs_the_permission(personas):
    with pytest.raises(NotPermitted):
        onboarding.organization_import(actor=personas[Role.REVIEWER], data=_xlsx([]))


def test_export_reads_back(org_tree):
    sheet = onboarding.organization_export_sheet(Organization.objects.order_by("path"))
    wb = load_workbook(io.BytesIO(workbook_bytes([sheet])))
    rows = list(wb.active.iter_rows(values_only=True))
    assert list(rows[0]) == [c.header for c in onboarding.ORG_COLUMNS]
    names = {r[0]: r[4] for r in rows[1:]}
    assert names["幸福社区居民委员会"] == "滨江街道办事处"


def test_export_download_is_audited(client, personas):
    client.force_login(personas[Role.LEADER])
    response = client.get("/workbench/organizations/?export=xlsx")
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).active.max_row > 5
