"""The catalog workbook: four sheets (items, materials, steps, co-departments), read and written.

Layout (docs/catalog.md): sheet 事项 has one row per item; sheets 材料, 环节 and 联办部门 have one
row per material, step and co-implementing department, tied to their item by 实施编码. Sheets may
also be named items / materials / steps / co_departments. The export writes exactly this layout,
so an exported workbook imports back unchanged.

Reading collects every row error (sheet, row, column, reason) instead of stopping at the first;
`services.catalog_import` applies nothing unless there is none.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from xiaoneng.catalog.models import (
    CoDepartment,
    HandlingType,
    ItemMaterial,
    ProcessStep,
    ServiceItem,
    ServiceItemVersion,
)
from xiaoneng.catalog.rules import normalize_code
from xiaoneng.core.access import government_of, user_may
from xiaoneng.core.errors import DomainError, InvalidInput
from xiaoneng.core.excel import RowError, Sheet
from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Perm

ITEMS, MATERIALS, STEPS, CO_DEPARTMENTS = "事项", "材料", "环节", "联办部门"
SHEET_ALIASES = {
    ITEMS: "items",
    MATERIALS: "materials",
    STEPS: "steps",
    CO_DEPARTMENTS: "co_departments",
}

# (content key, column header). The first block is imported; EXPORT_ONLY is informative.
ITEM_COLUMNS: list[tuple[str, str]] = [
    ("implementation_code", "实施编码"),
    ("basic_code", "基本编码"),
    ("name", "事项名称"),
    ("agency", "实施主体"),
    ("item_type", "事项类型"),
    ("level", "行使层级"),
    ("handling_type", "办件类型"),
    ("legal_limit_days", "法定时限(工作日)"),
    ("legal_limit_note", "法定时限说明"),
    ("committed_limit_days", "承诺时限(工作日)"),
    ("committed_limit_note", "承诺时限说明"),
    ("acceptance_conditions", "受理条件"),
    ("legal_basis", "设定依据"),
    ("is_joint", "是否联办"),
    ("forward_to_level", "上报层级"),
    ("has_fee", "是否收费"),
    ("fee_amount", "收费金额(元)"),
    ("fee_basis", "收费标准及依据"),
    ("special_procedures_allowed", "是否有特别程序"),
    ("special_procedures_note", "特别程序说明"),
    ("is_appointment", "是否支持预约"),
    ("is_online", "是否网上办理"),
    ("enquiry_phone", "咨询电话"),
    ("supervision_phone", "监督投诉电话"),
    ("yellow_days", "黄灯提前天数"),
    ("yellow_ratio", "黄灯时限比例"),
    ("change_reason", "变更原因"),
]
EXPORT_ONLY: list[tuple[str, str]] = [
    ("version", "版本"),
    ("status", "状态"),
    ("status_reason", "状态原因"),
    ("compression_ratio", "压缩比"),
]
REQUIRED_ITEM_COLUMNS = ["实施编码", "基本编码", "事项名称", "实施主体", "办件类型"]
MATERIAL_COLUMNS: list[tuple[str, str]] = [
    ("implementation_code", "实施编码"),
    ("order", "序号"),
    ("name", "材料名称"),
    ("originals", "原件份数"),
    ("copies", "复印件份数"),
    ("is_mandatory", "是否必需"),
    ("note", "备注"),
]
STEP_COLUMNS: list[tuple[str, str]] = [
    ("implementation_code", "实施编码"),
    ("order", "序号"),
    ("name", "环节名称"),
    ("budget_days", "时限(工作日)"),
    ("description", "说明"),
]
CO_COLUMNS: list[tuple[str, str]] = [
    ("implementation_code", "实施编码"),
    ("organization", "联办部门"),
    ("opinion_limit_days", "意见时限(工作日)"),
]
_HEADER = {
    ITEMS: dict(ITEM_COLUMNS),
    MATERIALS: dict(MATERIAL_COLUMNS),
    STEPS: dict(STEP_COLUMNS),
    CO_DEPARTMENTS: dict(CO_COLUMNS),
}
_TEXT_SCALARS = {
    "name",
    "legal_limit_note",
    "committed_limit_note",
    "acceptance_conditions",
    "legal_basis",
    "fee_basis",
    "special_procedures_note",
    "enquiry_phone",
    "supervision_phone",
    "note",
    "description",
}


@dataclass
class CatalogRowError(RowError):
    """A row error that also names its sheet."""

    sheet: str = ITEMS

    def __str__(self) -> str:
        return _("sheet %(sheet)s, row %(row)s, %(field)s: %(reason)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "field": self.field,
            "reason": self.reason,
        }


@dataclass
class Entry:
    """One item of the workbook, with where each of its parts came from."""

    row: int
    implementation_code: str
    basic_code: Any
    agency: Organization
    change_reason: str
    content: dict[str, Any]
    material_rows: list[int] = field(default_factory=list)
    step_rows: list[int] = field(default_factory=list)
    co_rows: list[int] = field(default_factory=list)

    def errors_from(self, error: DomainError) -> list[CatalogRowError]:
        """Map a service error's fields (`materials[2].name`) back to sheet, row and column."""
        result = []
        for name, reason in error.errors:
            result.append(self._locate(name or "", str(reason)))
        return result

    def _locate(self, name: str, reason: str) -> CatalogRowError:
        for prefix, sheet, rows in (
            ("materials", MATERIALS, self.material_rows),
            ("steps", STEPS, self.step_rows),
            ("co_departments", CO_DEPARTMENTS, self.co_rows),
        ):
            if name.startswith(f"{prefix}[") and "]" in name:
                index = int(name[len(prefix) + 1 : name.index("]")])
                key = name.split(".", 1)[1] if "." in name else "name"
                if index < len(rows):
                    header = _HEADER[sheet].get(key, key)
                    return CatalogRowError(rows[index], header, reason, sheet=sheet)
            if name == prefix and rows:
                key = "budget_days" if prefix == "steps" else "name"
                header = _HEADER[sheet].get(key, key)
                return CatalogRowError(rows[0], header, reason, sheet=sheet)
            if name == prefix:
                return CatalogRowError(self.row, sheet, reason, sheet=ITEMS)
        header = _HEADER[ITEMS].get(name, name or "-")
        return CatalogRowError(self.row, header, reason, sheet=ITEMS)


@dataclass
class ParsedWorkbook:
    entries: list[Entry] = field(default_factory=list)
    errors: list[CatalogRowError] = field(default_factory=list)


def _rows(
    ws: Any,
    columns: list[tuple[str, str]],
    sheet: str,
    required: list[str],
    errors: list[CatalogRowError],
) -> list[tuple[int, dict[str, Any]]]:
    rows = ws.iter_rows(values_only=True)
    try:
        headers = [str(h).strip() if h is not None else "" for h in next(rows)]
    except StopIteration:
        errors.append(CatalogRowError(1, "-", _("The sheet is empty."), sheet=sheet))
        return []
    missing = [h for h in required if h not in headers]
    if missing:
        errors.append(CatalogRowError(1, ", ".join(missing), _("Missing columns."), sheet=sheet))
        return []
    key_of = {header: key for key, header in columns}
    result = []
    for number, values in enumerate(rows, start=2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        result.append(
            (number, {key_of[h]: v for h, v in zip(headers, values, strict=False) if h in key_of})
        )
    return result


def _find_sheet(wb: Any, name: str) -> Any | None:
    for candidate in (name, SHEET_ALIASES[name]):
        if candidate in wb.sheetnames:
            return wb[candidate]
    return None


def _organization(
    name: Any,
    *,
    near: Organization | None,
    actor: User | None,
) -> tuple[Organization | None, str]:
    if not isinstance(name, str) or not name.strip():
        return None, _("This field is required.")
    matches = list(Organization.objects.filter(name=name.strip()))
    if len(matches) > 1 and actor is not None and near is None:
        matches = [o for o in matches if user_may(actor, Perm.CATALOG_MANAGE, o)] or matches
    if len(matches) > 1 and near is not None:
        root = government_of(near).path
        matches = [o for o in matches if o.path.startswith(root)] or matches
    if not matches:
        return None, _("No organization has this name.")
    if len(matches) > 1:
        return None, _("Several organizations have this name.")
    return matches[0], ""


def _clean_text(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value


def parse_workbook(data: bytes, *, actor: User | None) -> ParsedWorkbook:
    """Read the four sheets into entries; every problem becomes a CatalogRowError."""
    parsed = ParsedWorkbook()
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError, zipfile.BadZipFile) as exc:
        raise InvalidInput(_("This file is not an Excel workbook (.xlsx)."), field="file") from exc
    items_ws = _find_sheet(wb, ITEMS)
    if items_ws is None:
        raise InvalidInput(
            _("The workbook has no sheet named %(sheet)s.") % {"sheet": ITEMS}, field="file"
        )
    errors = parsed.errors
    item_rows = _rows(items_ws, ITEM_COLUMNS + EXPORT_ONLY, ITEMS, REQUIRED_ITEM_COLUMNS, errors)
    by_code: dict[str, Entry] = {}
    failed: set[str] = set()  # codes whose item row was already reported
    for number, row in item_rows:
        code = row.get("implementation_code")
        key = normalize_code(code)
        if not isinstance(code, str) or not key:
            errors.append(
                CatalogRowError(
                    number,
                    "实施编码",
                    _("Write the implementation code as text (a number loses its leading zeros).")
                    if code is not None
                    else _("This field is required."),
                    sheet=ITEMS,
                )
            )
            continue
        if key in by_code:
            errors.append(
                CatalogRowError(
                    number,
                    "实施编码",
                    _("This implementation code is already on row %(row)d.")
                    % {"row": by_code[key].row},
                    sheet=ITEMS,
                )
            )
            continue
        agency, problem = _organization(row.get("agency"), near=None, actor=actor)
        if agency is None:
            errors.append(CatalogRowError(number, "实施主体", problem, sheet=ITEMS))
            failed.add(key)
            continue
        content = {
            k: _clean_text(v) if k in _TEXT_SCALARS else v
            for k, v in row.items()
            if k
            not in {
                "implementation_code",
                "basic_code",
                "agency",
                "change_reason",
                "version",
                "status",
                "status_reason",
                "compression_ratio",
            }
        }
        if content.get("is_joint") in (None, ""):
            content.pop("is_joint", None)
        by_code[key] = Entry(
            row=number,
            implementation_code=key,
            basic_code=row.get("basic_code"),
            agency=agency,
            change_reason=str(row.get("change_reason") or "").strip()[:500],
            content=content,
        )

    def children(
        sheet: str,
        columns: list[tuple[str, str]],
        required: list[str],
        list_key: str,
        rows_attr: str,
    ) -> None:
        ws = _find_sheet(wb, sheet)
        if ws is None:
            return  # sheet absent: the items keep their current lists
        for entry in by_code.values():
            entry.content[list_key] = []
        ordered: dict[str, list[tuple[Any, int, dict[str, Any]]]] = {}
        for number, row in _rows(ws, columns, sheet, required, errors):
            key = normalize_code(row.get("implementation_code"))
            if key not in by_code:
                if not key:
                    raw = row.get("implementation_code")
                    reason = (
                        _("This field is required.")
                        if raw in (None, "")
                        else _(
                            "Write the implementation code as text (a number loses its "
                            "leading zeros)."
                        )
                    )
                    errors.append(CatalogRowError(number, "实施编码", reason, sheet=sheet))
                elif key not in failed:
                    errors.append(
                        CatalogRowError(
                            number,
                            "实施编码",
                            _("No item on sheet %(sheet)s has this implementation code.")
                            % {"sheet": ITEMS},
                            sheet=sheet,
                        )
                    )
                continue
            order = row.pop("order", None)
            row.pop("implementation_code", None)
            ordered.setdefault(key, []).append((order, number, row))
        for key, entries in ordered.items():
            entry = by_code[key]
            try:
                entries.sort(key=lambda e: (float(e[0]) if e[0] not in (None, "") else 1e9, e[1]))
            except (TypeError, ValueError):
                for _order, number, _row in entries:
                    errors.append(
                        CatalogRowError(number, "序号", _("Enter a whole number."), sheet=sheet)
                    )
                continue
            for _order, number, row in entries:
                if list_key == "co_departments":
                    org, problem = _organization(
                        row.get("organization"), near=entry.agency, actor=None
                    )
                    if org is None:
                        errors.append(CatalogRowError(number, "联办部门", problem, sheet=sheet))
                        continue
                    row["organization"] = org
                else:
                    row = {k: _clean_text(v) if k in _TEXT_SCALARS else v for k, v in row.items()}
                entry.content[list_key].append(row)
                getattr(entry, rows_attr).append(number)

    children(MATERIALS, MATERIAL_COLUMNS, ["实施编码", "材料名称"], "materials", "material_rows")
    children(STEPS, STEP_COLUMNS, ["实施编码", "环节名称"], "steps", "step_rows")
    children(CO_DEPARTMENTS, CO_COLUMNS, ["实施编码", "联办部门"], "co_departments", "co_rows")
    parsed.entries = list(by_code.values())
    return parsed


def _yes(value: bool) -> str:
    return "是" if value else "否"


def export_sheets(items: Iterable[ServiceItem]) -> list[Sheet]:
    """The current versions of `items` in the import layout (codes written as text)."""
    queryset = (
        ServiceItem.objects.filter(pk__in=[i.pk for i in items])
        .select_related("agency")
        .prefetch_related(
            Prefetch(
                "current_version",
                queryset=ServiceItemVersion.objects.prefetch_related(
                    Prefetch("materials", queryset=ItemMaterial.objects.order_by("order")),
                    Prefetch("steps", queryset=ProcessStep.objects.order_by("order")),
                    Prefetch(
                        "co_departments",
                        queryset=CoDepartment.objects.select_related("organization"),
                    ),
                ),
            )
        )
        .order_by("implementation_code")
    )
    item_rows, material_rows, step_rows, co_rows = [], [], [], []
    for item in queryset:
        v = item.current_version
        if v is None:
            continue
        code = item.implementation_code
        ratio = v.compression_ratio
        item_rows.append(
            [
                code,
                item.basic_code,
                v.name,
                item.agency.name,
                v.item_type,
                v.level,
                "即办件" if v.handling_type == HandlingType.IMMEDIATE else "承诺件",
                v.legal_limit_days,
                v.legal_limit_note,
                v.committed_limit_days,
                v.committed_limit_note,
                v.acceptance_conditions,
                v.legal_basis,
                _yes(v.is_joint),
                v.forward_to_level,
                _yes(v.has_fee),
                float(v.fee_amount) if v.fee_amount is not None else None,
                v.fee_basis,
                _yes(v.special_procedures_allowed),
                v.special_procedures_note,
                _yes(v.is_appointment),
                _yes(v.is_online),
                v.enquiry_phone,
                v.supervision_phone,
                v.yellow_days,
                float(v.yellow_ratio) if v.yellow_ratio is not None else None,
                "",
                v.version,
                item.status,
                item.status_reason,
                float(ratio) if ratio is not None else None,
            ]
        )
        for m in v.materials.all():
            material_rows.append(
                [code, m.order, m.name, m.originals, m.copies, _yes(m.is_mandatory), m.note]
            )
        for s in v.steps.all():
            step_rows.append([code, s.order, s.name, s.budget_days, s.description])
        for c in v.co_departments.all():
            co_rows.append([code, c.organization.name, c.opinion_limit_days])
    return [
        Sheet(ITEMS, [h for _k, h in ITEM_COLUMNS + EXPORT_ONLY], item_rows),
        Sheet(MATERIALS, [h for _k, h in MATERIAL_COLUMNS], material_rows),
        Sheet(STEPS, [h for _k, h in STEP_COLUMNS], step_rows),
        Sheet(CO_DEPARTMENTS, [h for _k, h in CO_COLUMNS], co_rows),
    ]
