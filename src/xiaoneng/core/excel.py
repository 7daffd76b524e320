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

# S314: ElementTree never loads external entities, and expat ≥ 2.4 (Python 3.11) refuses the
# entity-expansion bombs, which is what defusedxml guards against.
from xml.etree import ElementTree

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


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _column_index(reference: str) -> int:
    index = 0
    for char in reference:
        if not char.isalpha():
            break
        index = index * 26 + (ord(char.upper()) - 64)
    return index - 1


def read_table_values(
    data: bytes, *, field_error: str = "file"
) -> tuple[list[str], list[tuple[int, dict[str, Any]]], bool]:
    """The first sheet like `read_table`, read straight from the XML (several times faster for
    tens of thousands of rows). Cells come back as text, numbers or booleans — a date is its
    Excel serial number; the third value says whether the workbook counts from 1904."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))  # noqa: S314
        links = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))  # noqa: S314
        first = workbook.find(f"{_MAIN}sheets/{_MAIN}sheet")
        if first is None:
            raise KeyError("no sheet")
        targets = {
            r.get("Id"): r.get("Target", "") for r in links.iter(f"{_PACKAGE_REL}Relationship")
        }
        target = targets[first.get(f"{_REL}id")].lstrip("/")
        path = target if target.startswith("xl/") else f"xl/{target}"
        properties = workbook.find(f"{_MAIN}workbookPr")
        is_1904 = properties is not None and properties.get("date1904") in {"1", "true"}
        shared: list[str] = []
        if "xl/sharedStrings.xml" in archive.namelist():
            for _event, item in ElementTree.iterparse(  # noqa: S314
                archive.open("xl/sharedStrings.xml")
            ):
                if item.tag == f"{_MAIN}si":
                    # plain or rich text; phonetic runs (rPh) are not part of the value
                    parts = [t.text or "" for t in item.findall(f"{_MAIN}t")]
                    parts += [t.text or "" for t in item.findall(f"{_MAIN}r/{_MAIN}t")]
                    shared.append("".join(parts))
                    item.clear()
        rows: list[tuple[int, list[Any]]] = []
        for _event, row in ElementTree.iterparse(archive.open(path)):  # noqa: S314
            if row.tag != f"{_MAIN}row":
                continue
            values: list[Any] = []
            for cell in row.iter(f"{_MAIN}c"):
                kind = cell.get("t", "n")
                raw = cell.findtext(f"{_MAIN}v")
                value: Any
                if kind == "inlineStr":
                    value = "".join(t.text or "" for t in cell.iter(f"{_MAIN}t"))
                elif raw is None:
                    value = None
                elif kind == "s":
                    value = shared[int(raw)]
                elif kind == "b":
                    value = raw == "1"
                elif kind in {"str", "e", "d"}:
                    value = raw
                else:
                    number = float(raw)
                    value = int(number) if number.is_integer() else number
                column = _column_index(cell.get("r", "")) if cell.get("r") else len(values)
                values.extend([None] * (column - len(values)))
                values.append(value)
            rows.append((int(row.get("r") or len(rows) + 1), values))
            row.clear()
    except (KeyError, IndexError, ValueError, ElementTree.ParseError, zipfile.BadZipFile) as exc:
        raise InvalidInput(
            _("This file is not an Excel workbook (.xlsx)."), field=field_error
        ) from exc
    if not rows:
        raise InvalidInput(_("The workbook is empty."), field=field_error)
    headers = [str(h).strip() if h is not None else "" for h in rows[0][1]]
    result = []
    for number, values in rows[1:]:
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        result.append((number, {h: v for h, v in zip(headers, values, strict=False) if h}))
    return headers, result, is_1904
