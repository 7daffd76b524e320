"""Halls and their windows from an Excel workbook (sheets 大厅 and 窗口): whole file or nothing.

Every row goes through `hall_create` / `hall_update` / `window_save` inside one transaction, so
an import checks exactly what the pages and the API check and is audited the same way; if any
row fails, every error is reported (row and column) and the transaction is rolled back. A hall
is keyed by its code and a window by (hall code, window number): a re-run updates, never
duplicates.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from datetime import datetime, time
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from xiaoneng.catalog.models import ServiceItem
from xiaoneng.core.access import user_has_perm
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import DomainError, InvalidInput, NotPermitted
from xiaoneng.core.excel import ImportReport, RowError, Sheet, read_table, workbook_bytes
from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Perm
from xiaoneng.hall.models import Hall, HallKind, Window, WindowKind
from xiaoneng.hall.services.halls import hall_create, hall_update, window_save

HALL_SHEET = "大厅"
WINDOW_SHEET = "窗口"

#: service field → column header, in template order
HALL_COLUMNS = {
    "code": "大厅编码",
    "name": "大厅名称",
    "kind": "大厅类型",
    "organization": "主管单位",
    "address": "地址",
    "opens_at": "开始办公时间",
    "closes_at": "结束办公时间",
    "slot_minutes": "时段长度(分钟)",
}
WINDOW_COLUMNS = {
    "hall": "大厅编码",
    "number": "窗口编号",
    "name": "窗口名称",
    "kind": "窗口类型",
    "department": "所属部门",
    "items": "事项编码",
    "slot_capacity": "每时段预约数",
}
_HALL_EXAMPLE = ["JZ01", "江州市民中心", "政务服务中心", "江州市政务服务中心", "江州市民大道1号",
                 "09:00", "17:00", 30]  # fmt: skip
_WINDOW_EXAMPLE = ["JZ01", "1", "市场监管窗口", "部门窗口", "江州市市场监督管理局",
                   "11330100MB0000000A、11330100MB0000000B", 2]  # fmt: skip

_HALL_KINDS = {
    "政务服务中心": HallKind.SERVICE_CENTRE,
    "行政服务中心": HallKind.SERVICE_CENTRE,
    "部门大厅": HallKind.DEPARTMENT_HALL,
    "部门分厅": HallKind.DEPARTMENT_HALL,
    "便民服务站": HallKind.SERVICE_STATION,
    "便民服务中心": HallKind.SERVICE_STATION,
} | {value: value for value in HallKind.values}
_WINDOW_KINDS = {
    "综合窗口": WindowKind.COMPREHENSIVE,
    "部门窗口": WindowKind.DEPARTMENT,
} | {value: value for value in WindowKind.values}
_TIME = re.compile(r"^([01]?\d|2[0-3])[:：]([0-5]\d)$")
_ITEM_SEPARATORS = re.compile(r"[、,，;；\s]+")


def halls_template() -> bytes:
    """The template: both sheets with their header row and one example row each."""
    return workbook_bytes(
        [
            Sheet(HALL_SHEET, list(HALL_COLUMNS.values()), [_HALL_EXAMPLE]),
            Sheet(WINDOW_SHEET, list(WINDOW_COLUMNS.values()), [_WINDOW_EXAMPLE]),
            Sheet("大厅类型", ["大厅类型", "代码"], [[k, v] for k, v in _HALL_KINDS.items()]),
            Sheet("窗口类型", ["窗口类型", "代码"], [[k, v] for k, v in _WINDOW_KINDS.items()]),
        ]
    )


class _Rollback(Exception):
    """Raised inside the transaction to undo a checked-only run or a file with errors."""


class _Rows:
    def __init__(self, columns: dict[str, str]) -> None:
        self.columns = columns
        self.errors: list[RowError] = []

    def add(self, row: int, key: str | None, reason: Any) -> None:
        self.errors.append(RowError(row, self.columns.get(key or "", key or "文件"), str(reason)))

    def add_domain(self, row: int, error: DomainError, key: str) -> None:
        for field_name, message in error.errors:
            self.add(row, field_name if field_name in self.columns else key, message)


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def _time(value: Any) -> time | None:
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, time):
        return value
    match = _TIME.match(_text(value))
    return time(int(match[1]), int(match[2])) if match else None


def _int(value: Any) -> int | None:
    cleaned = _text(value)
    return int(cleaned) if cleaned.isdigit() else None


def _sheet(
    data: bytes, title: str, columns: dict[str, str], rows: _Rows
) -> list[tuple[int, dict[str, Any]]]:
    if title not in _sheet_names(data):
        rows.add(1, None, _("The sheet %(sheet)s is missing.") % {"sheet": title})
        return []
    headers, table = read_table(data, sheet=title)
    missing = [h for h in columns.values() if h not in headers]
    for header in missing:
        rows.errors.append(RowError(1, header, str(_("This column is missing."))))
    return [] if missing else table


def _sheet_names(data: bytes) -> list[str]:
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError, zipfile.BadZipFile) as exc:
        raise InvalidInput(_("This file is not an Excel workbook (.xlsx)."), field="file") from exc
    names = list(wb.sheetnames)
    wb.close()
    return names


def halls_import(*, actor: User, data: bytes, apply: bool = True) -> ImportReport:
    """Import halls and windows from Excel; the actor needs hall.manage over each hall's unit
    (checked by the services row by row). With ``apply=False`` nothing is kept and the counts
    are what would happen."""
    if not user_has_perm(actor, Perm.HALL_MANAGE):
        raise NotPermitted(_("You may not manage service halls of this organization."))
    halls = _Rows(HALL_COLUMNS)
    windows = _Rows(WINDOW_COLUMNS)
    hall_rows = _sheet(data, HALL_SHEET, HALL_COLUMNS, halls)
    window_rows = _sheet(data, WINDOW_SHEET, WINDOW_COLUMNS, windows)
    report = ImportReport()
    if halls.errors or windows.errors:
        report.errors = halls.errors + windows.errors
        return report
    try:
        with transaction.atomic():
            by_code = _apply_halls(actor, hall_rows, halls, report)
            _apply_windows(actor, window_rows, by_code, windows, report)
            report.errors = halls.errors + windows.errors
            if report.errors or not apply:
                raise _Rollback
            audit(
                actor=actor,
                action="hall.import",
                object_type="hall.hall",
                detail={
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                    "sha256": hashlib.sha256(data).hexdigest(),
                },
            )
    except _Rollback:
        return report
    report.applied = True
    return report


def _organization(name: str, key: str) -> Organization:
    found = list(Organization.objects.filter(name=name)[:2])
    if not found:
        raise InvalidInput(_("No unit is called %(name)s.") % {"name": name}, field=key)
    if len(found) > 1:
        raise InvalidInput(_("Several units are called %(name)s.") % {"name": name}, field=key)
    return found[0]


def _apply_halls(
    actor: User, table: list[tuple[int, dict[str, Any]]], rows: _Rows, report: ImportReport
) -> dict[str, Hall]:
    c = HALL_COLUMNS
    by_code: dict[str, Hall] = {}
    seen: dict[str, int] = {}
    for number, raw in table:
        before = len(rows.errors)
        code = _text(raw.get(c["code"]))
        if code in seen:
            rows.add(number, "code", _("Row %(row)s has the same code.") % {"row": seen[code]})
            continue
        seen[code] = number
        kind = _HALL_KINDS.get(_text(raw.get(c["kind"])))
        if kind is None:
            rows.add(number, "kind", _("Choose the kind of hall."))
        organization = None
        try:
            organization = _organization(_text(raw.get(c["organization"])), "organization")
        except InvalidInput as error:
            rows.add_domain(number, error, "organization")
        values: dict[str, Any] = {}
        for key in ("opens_at", "closes_at"):
            values[key] = _time(raw.get(c[key]))
            if values[key] is None:
                rows.add(number, key, _("Write the time as HH:MM, e.g. 09:00."))
        values["slot_minutes"] = _int(raw.get(c["slot_minutes"]))
        if values["slot_minutes"] is None:
            rows.add(number, "slot_minutes", _("Write a whole number of minutes."))
        if len(rows.errors) > before or kind is None or organization is None:
            continue
        values |= {"name": _text(raw.get(c["name"])), "address": _text(raw.get(c["address"]))}
        existing = Hall.objects.filter(code=code).first()
        try:
            if existing is None:
                by_code[code] = hall_create(
                    actor=actor, code=code, kind=kind, organization=organization, **values
                )
                report.created += 1
                continue
            if existing.kind != kind or existing.organization_id != organization.pk:
                rows.add(number, "code", _("This hall exists with another kind or unit."))
                continue
            changes = {k: v for k, v in values.items() if getattr(existing, k) != v}
            by_code[code] = (
                hall_update(actor=actor, hall=existing, **changes) if changes else existing
            )
            if changes:
                report.updated += 1
            else:
                report.unchanged += 1
        except DomainError as error:
            rows.add_domain(number, error, "code")
    return by_code


def _apply_windows(
    actor: User,
    table: list[tuple[int, dict[str, Any]]],
    by_code: dict[str, Hall],
    rows: _Rows,
    report: ImportReport,
) -> None:
    c = WINDOW_COLUMNS
    seen: dict[tuple[str, str], int] = {}
    for number, raw in table:
        before = len(rows.errors)
        hall_code = _text(raw.get(c["hall"]))
        window_number = _text(raw.get(c["number"]))
        if (hall_code, window_number) in seen:
            rows.add(
                number,
                "number",
                _("Row %(row)s has the same window of this hall.")
                % {"row": seen[(hall_code, window_number)]},
            )
            continue
        seen[(hall_code, window_number)] = number
        hall = by_code.get(hall_code) or Hall.objects.filter(code=hall_code).first()
        if hall is None:
            rows.add(number, "hall", _("No hall has this code."))
        kind = _WINDOW_KINDS.get(_text(raw.get(c["kind"])))
        if kind is None:
            rows.add(number, "kind", _("Choose comprehensive or department window."))
        department = None
        department_name = _text(raw.get(c["department"]))
        if department_name:
            try:
                department = _organization(department_name, "department")
            except InvalidInput as error:
                rows.add_domain(number, error, "department")
        codes = [p for p in _ITEM_SEPARATORS.split(_text(raw.get(c["items"]))) if p]
        items = list(ServiceItem.objects.filter(implementation_code__in=codes))
        unknown = sorted(set(codes) - {i.implementation_code for i in items})
        if unknown:
            rows.add(
                number, "items", _("Unknown item codes: %(codes)s.") % {"codes": "、".join(unknown)}
            )
        capacity = _int(raw.get(c["slot_capacity"]))
        if capacity is None:
            rows.add(number, "slot_capacity", _("Write a whole number."))
        if len(rows.errors) > before or hall is None or kind is None or capacity is None:
            continue
        name = _text(raw.get(c["name"]))
        existing = Window.objects.filter(hall=hall, number=window_number).first()
        if existing is not None and _window_same(existing, name, kind, department, items, capacity):
            report.unchanged += 1
            continue
        try:
            _window, created = window_save(
                actor=actor,
                hall=hall,
                number=window_number,
                name=name,
                kind=kind,
                department=department,
                items=items,
                clerks=list(existing.clerks.all()) if existing else [],
                slot_capacity=capacity,
                is_active=existing.is_active if existing else True,
            )
        except DomainError as error:
            rows.add_domain(number, error, "number")
            continue
        if created:
            report.created += 1
        else:
            report.updated += 1


def _window_same(
    window: Window,
    name: str,
    kind: str,
    department: Organization | None,
    items: list[ServiceItem],
    capacity: int,
) -> bool:
    return (
        window.name == name
        and window.kind == kind
        and window.department_id == (department.pk if department else None)
        and window.slot_capacity == capacity
        and set(window.items.values_list("pk", flat=True)) == {i.pk for i in items}
    )
