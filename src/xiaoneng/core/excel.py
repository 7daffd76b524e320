"""Reading and writing Excel workbooks (openpyxl) for every import and export.

Imports read a sheet into dicts keyed by header, collecting row-level errors instead of stopping
at the first one, so that a clerk fixes the whole file in one go; callers apply nothing unless
there are no errors.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from xiaoneng.core.errors import InvalidInput

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[int] | None = None


@dataclass
class RowError:
    row: int
    field: str
    reason: str

    def __str__(self) -> str:
        return _("row %(row)s, %(field)s: %(reason)s") % {
            "row": self.row,
            "field": self.field,
            "reason": self.reason,
        }


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    unchanged: int = 0
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "applied": self.applied,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [{"row": e.row, "column": e.field, "reason": e.reason} for e in self.errors],
        }


def error_report_sheet(report: ImportReport) -> Sheet:
    """The rows that failed, one line per error, to hand back to whoever filled the file."""
    return Sheet(
        title=_("Errors"),
        headers=[_("Row"), _("Column"), _("Reason")],
        rows=[[e.row, e.field, e.reason] for e in report.errors],
        widths=[8, 18, 80],
    )


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="1F4E79")
    for sheet in sheets:
        ws = wb.create_sheet(sheet.title[:31])
        ws.append([str(h) for h in sheet.headers])
        for cell in ws[1]:
            cell.font = header_font
            cell.fill = header_fill
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        for row in sheet.rows:
            ws.append([_cell(v) for v in row])
        for index, header in enumerate(sheet.headers, start=1):
            width = sheet.widths[index - 1] if sheet.widths else max(12, len(str(header)) * 2 + 2)
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, int | float | str):
        return value
    if hasattr(value, "isoformat") and getattr(value, "tzinfo", None) is not None:
        return value.replace(tzinfo=None)
    if hasattr(value, "label"):
        return str(value.label)
    return value if hasattr(value, "isoformat") else str(value)


def xlsx_response(filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    response = HttpResponse(workbook_bytes(sheets), content_type=XLSX_MIME)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(filename: str) -> str:
    return quote(filename)


def read_table(
    data: bytes, *, sheet: str | None = None, field_error: str = "file"
) -> tuple[list[str], list[tuple[int, dict[str, Any]]]]:
    """The header row and the non-empty rows as (Excel row number, {header: value})."""
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError, zipfile.BadZipFile) as exc:
        raise InvalidInput(
            _("This file is not an Excel workbook (.xlsx)."), field=field_error
        ) from exc
    ws = wb[sheet] if sheet and sheet in wb.sheetnames else wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    try:
        headers = [str(h).strip() if h is not None else "" for h in next(rows)]
    except StopIteration as exc:
        raise InvalidInput(_("The workbook is empty."), field=field_error) from exc
    result = []
    for number, values in enumerate(rows, start=2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        result.append((number, {h: v for h, v in zip(headers, values, strict=False) if h}))
    wb.close()
    return headers, result


def read_sheet(
    data: bytes, *, required: Sequence[str], sheet: str | None = None, field_error: str = "file"
) -> list[tuple[int, dict[str, Any]]]:
    """Rows of a sheet as (Excel row number, {header: value}); headers must include `required`."""
    headers, result = read_table(data, sheet=sheet, field_error=field_error)
    missing = [h for h in required if h not in headers]
    if missing:
        raise InvalidInput(
            _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}, field=field_error
        )
    return result
