"""Halls and windows from Excel (hall/services/imports.py): the whole file is checked first,
every bad row is listed with its row and column and nothing is applied; a re-run updates and
never duplicates; the import acts through the hall services (hall.manage, audited)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from xiaoneng.core.errors import NotPermitted
from xiaoneng.core.models import AuditRecord
from xiaoneng.hall.models import Hall, Window
from xiaoneng.hall.services.imports import (
    HALL_COLUMNS,
    HALL_SHEET,
    WINDOW_COLUMNS,
    WINDOW_SHEET,
    halls_import,
    halls_template,
)

pytestmark = pytest.mark.django_db


def _hall_row(**changes: Any) -> dict[str, Any]:
    return {
        "大厅编码": "JZ09",
        "大厅名称": "江州市民中心东厅",
        "大厅类型": "政务服务中心",
        "主管单位": "江州市行政服务中心",
        "地址": "江州市民大道9号",
        "开始办公时间": "09:00",
        "结束办公时间": "17:00",
        "时段长度(分钟)": 30,
    } | changes


def _window_row(item_codes: str, **changes: Any) -> dict[str, Any]:
    return {
        "大厅编码": "JZ09",
        "窗口编号": "1",
        "窗口名称": "市场监管窗口",
        "窗口类型": "部门窗口",
        "所属部门": "江州市市场监督管理局",
        "事项编码": item_codes,
        "每时段预约数": 3,
    } | changes


def _workbook(
    halls: list[dict[str, Any]],
    windows: list[dict[str, Any]],
    *,
    drop: str | None = None,
) -> bytes:
    """A real .xlsx written with openpyxl; ``drop`` leaves one column out of both sheets."""
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for title, columns, rows in (
        (HALL_SHEET, HALL_COLUMNS, halls),
        (WINDOW_SHEET, WINDOW_COLUMNS, windows),
    ):
        headers = [h for h in columns.values() if h != drop]
        ws = wb.create_sheet(title)
        ws.append(headers)
        for row in rows:
            ws.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _codes(hall_desk: Any) -> str:
    return f"{hall_desk.item.implementation_code}、{hall_desk.other_item.implementation_code}"


def test_template_has_both_sheets_with_the_chinese_headers() -> None:
    wb = load_workbook(io.BytesIO(halls_template()), read_only=True)
    assert wb.sheetnames[:2] == [HALL_SHEET, WINDOW_SHEET]
    halls = next(wb[HALL_SHEET].iter_rows(values_only=True))
    windows = next(wb[WINDOW_SHEET].iter_rows(values_only=True))
    assert list(halls) == list(HALL_COLUMNS.values())
    assert list(windows) == list(WINDOW_COLUMNS.values())


def test_good_workbook_applied_then_rerun_unchanged(hall_desk: Any) -> None:
    data = _workbook(
        [_hall_row()],
        [
            _window_row(_codes(hall_desk)),
            _window_row(
                hall_desk.item.implementation_code,
                窗口编号="2",
                窗口名称="综合受理",
                窗口类型="综合窗口",
                所属部门="",
            ),
        ],
    )
    report = halls_import(actor=hall_desk.coordinator, data=data)
    assert report.errors == []
    assert (report.applied, report.created, report.updated, report.unchanged) == (True, 3, 0, 0)
    hall = Hall.objects.get(code="JZ09")
    first = Window.objects.get(hall=hall, number="1")
    assert set(first.items.all()) == {hall_desk.item, hall_desk.other_item}
    assert first.slot_capacity == 3
    assert AuditRecord.objects.filter(action="hall.import").count() == 1
    assert AuditRecord.objects.filter(action="hall.create").count() == 1

    again = halls_import(actor=hall_desk.coordinator, data=data)
    assert (again.applied, again.created, again.updated, again.unchanged) == (True, 0, 0, 3)
    assert Hall.objects.filter(code="JZ09").count() == 1
    assert Window.objects.filter(hall=hall).count() == 2


def test_changed_row_updates_in_place(hall_desk: Any) -> None:
    halls_import(
        actor=hall_desk.coordinator,
        data=_workbook([_hall_row()], [_window_row(_codes(hall_desk))]),
    )
    report = halls_import(
        actor=hall_desk.coordinator,
        data=_workbook(
            [_hall_row(结束办公时间="16:30")], [_window_row(_codes(hall_desk), 每时段预约数=5)]
        ),
    )
    assert (report.created, report.updated, report.unchanged) == (0, 2, 0)
    assert Window.objects.get(hall__code="JZ09", number="1").slot_capacity == 5


def test_dry_run_applies_nothing(hall_desk: Any) -> None:
    report = halls_import(
        actor=hall_desk.coordinator,
        data=_workbook([_hall_row()], [_window_row(_codes(hall_desk))]),
        apply=False,
    )
    assert (report.applied, report.created) == (False, 2)
    assert not Hall.objects.filter(code="JZ09").exists()


BAD_ROWS = [
    # (case, hall changes, window changes, expected (row, column))
    ("unknown unit", {"主管单位": "不存在的单位"}, {}, (2, "主管单位")),
    ("bad opening hour", {"开始办公时间": "9点"}, {}, (2, "开始办公时间")),
    ("closes before opening", {"结束办公时间": "08:00"}, {}, (2, "结束办公时间")),
    ("unknown hall kind", {"大厅类型": "大楼"}, {}, (2, "大厅类型")),
    ("unknown item code", {}, {"事项编码": "NO-SUCH-ITEM"}, (2, "事项编码")),
    ("unknown window kind", {}, {"窗口类型": "特殊窗口"}, (2, "窗口类型")),
    ("capacity not a number", {}, {"每时段预约数": "很多"}, (2, "每时段预约数")),
    ("unknown hall code", {}, {"大厅编码": "XX99"}, (2, "大厅编码")),
]


@pytest.mark.parametrize(
    ("case", "hall", "window", "expected"), BAD_ROWS, ids=[r[0] for r in BAD_ROWS]
)
def test_bad_row_listed_and_nothing_applied(
    hall_desk: Any, case: str, hall: dict, window: dict, expected: tuple[int, str]
) -> None:
    window_row = _window_row(_codes(hall_desk)) | window
    report = halls_import(
        actor=hall_desk.coordinator, data=_workbook([_hall_row(**hall)], [window_row])
    )
    assert not report.applied
    assert expected in [(e.row, e.field) for e in report.errors]
    assert not Hall.objects.filter(code="JZ09").exists()


def test_duplicate_window_listed_with_both_rows(hall_desk: Any) -> None:
    row = _window_row(_codes(hall_desk))
    report = halls_import(
        actor=hall_desk.coordinator, data=_workbook([_hall_row()], [row, dict(row)])
    )
    assert [(e.row, e.field) for e in report.errors] == [(3, "窗口编号")]
    assert "2" in report.errors[0].reason
    assert not Hall.objects.filter(code="JZ09").exists()


def test_every_bad_row_of_the_file_is_listed(hall_desk: Any) -> None:
    report = halls_import(
        actor=hall_desk.coordinator,
        data=_workbook(
            [_hall_row(主管单位="不存在"), _hall_row(大厅编码="JZ10", 开始办公时间="x")],
            [_window_row("NOPE", 大厅编码="JZ10")],
        ),
    )
    assert [(e.row, e.field) for e in report.errors] == [
        (2, "主管单位"),
        (3, "开始办公时间"),
        (2, "大厅编码"),
        (2, "事项编码"),
    ]


def test_missing_column_named_and_nothing_applied(hall_desk: Any) -> None:
    report = halls_import(
        actor=hall_desk.coordinator,
        data=_workbook([_hall_row()], [_window_row(_codes(hall_desk))], drop="窗口名称"),
    )
    assert [(e.row, e.field) for e in report.errors] == [(1, "窗口名称")]
    assert not Hall.objects.filter(code="JZ09").exists()


def test_user_without_hall_manage_refused(hall_desk: Any) -> None:
    with pytest.raises(NotPermitted):
        halls_import(
            actor=hall_desk.clerk,
            data=_workbook([_hall_row()], [_window_row(_codes(hall_desk))]),
        )
    assert not Hall.objects.filter(code="JZ09").exists()


def test_hall_outside_the_actors_scope_listed(hall_desk: Any) -> None:
    """The department head manages halls of the department only, not the centre's."""
    report = halls_import(
        actor=hall_desk.head,
        data=_workbook([_hall_row()], [_window_row(_codes(hall_desk))]),
    )
    assert (2, "大厅编码") in [(e.row, e.field) for e in report.errors]
    assert not Hall.objects.filter(code="JZ09").exists()


def test_command_prints_counts_and_errors(hall_desk: Any, tmp_path: Path) -> None:
    good = tmp_path / "halls.xlsx"
    good.write_bytes(_workbook([_hall_row()], [_window_row(_codes(hall_desk))]))
    out = io.StringIO()
    user = hall_desk.coordinator.username
    call_command("import-halls", str(good), "--actor", user, "--dry-run", stdout=out)
    assert "Checked, nothing applied: 2 created, 0 updated, 0 unchanged." in out.getvalue()
    call_command("import-halls", str(good), "--actor", user, stdout=out)
    assert "2 created, 0 updated, 0 unchanged." in out.getvalue()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(_workbook([_hall_row(主管单位="不存在")], []))
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 errors; nothing was applied."):
        call_command("import-halls", str(bad), "--actor", user, stderr=err)
    assert "row 2, 主管单位" in err.getvalue()
    template = tmp_path / "template.xlsx"
    call_command("import-halls", "--template", str(template), stdout=out)
    assert load_workbook(template).sheetnames[:2] == [HALL_SHEET, WINDOW_SHEET]


# --- the import on the API and the workbench page ------------------------------------------------


def _upload(client: Any, data: bytes, **extra: Any) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("halls.xlsx", data)
    return client.post("/api/v1/hall/halls/import/", {"file": upload, **extra})


def test_api_import_dry_run_then_apply(hall_desk: Any, client: Any) -> None:
    data = _workbook([_hall_row()], [_window_row(_codes(hall_desk))])
    client.force_login(hall_desk.coordinator)
    checked = _upload(client, data, dry_run="true")
    assert checked.status_code == 200, checked.json()
    assert checked.json() == {"applied": False, "created": 2, "updated": 0, "unchanged": 0}
    assert not Hall.objects.filter(code="JZ09").exists()
    applied = _upload(client, data)
    assert applied.status_code == 200 and applied.json()["applied"] is True
    assert Window.objects.filter(hall__code="JZ09", number="1").exists()


def test_api_import_lists_every_bad_row_and_applies_nothing(hall_desk: Any, client: Any) -> None:
    data = _workbook(
        [_hall_row(开始办公时间="9点")], [_window_row(_codes(hall_desk), 每时段预约数="三")]
    )
    client.force_login(hall_desk.coordinator)
    response = _upload(client, data)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {(e["row"], e["column"]) for e in errors} >= {(2, "开始办公时间"), (2, "每时段预约数")}
    assert all(e["field"] == "file" and e["reason"] for e in errors)
    assert not Hall.objects.filter(code="JZ09").exists()


@pytest.mark.parametrize("who, expected", [("clerk", 403), ("account", 403), (None, 401)])
def test_api_import_is_refused_without_hall_manage(
    hall_desk: Any, client: Any, who: str | None, expected: int
) -> None:
    if who is not None:
        client.force_login(getattr(hall_desk, who))
    response = _upload(client, _workbook([_hall_row()], [_window_row(_codes(hall_desk))]))
    assert response.status_code == expected
    assert not Hall.objects.filter(code="JZ09").exists()


def test_api_import_of_a_file_that_is_not_a_workbook_is_400(hall_desk: Any, client: Any) -> None:
    client.force_login(hall_desk.coordinator)
    response = _upload(client, b"not a workbook")
    assert response.status_code == 400 and response.json()["errors"][0]["reason"]


def test_workbench_page_checks_then_applies_and_offers_the_template(
    hall_desk: Any, client: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(hall_desk.coordinator)
    halls_page = client.get("/workbench/hall/").content.decode()
    assert "/workbench/import/halls/" in halls_page
    template = client.get("/workbench/import/halls/?template=1")
    assert template.status_code == 200
    assert load_workbook(io.BytesIO(template.content)).sheetnames[:2] == [HALL_SHEET, WINDOW_SHEET]
    data = _workbook([_hall_row()], [_window_row(_codes(hall_desk))])
    checked = client.post(
        "/workbench/import/halls/", {"file": SimpleUploadedFile("halls.xlsx", data)}
    )
    assert checked.status_code == 200 and not Hall.objects.filter(code="JZ09").exists()
    token = client.session["onboarding_halls"]
    applied = client.post("/workbench/import/halls/", {"confirm": token})
    assert applied.status_code == 302 and applied["Location"] == "/workbench/hall/"
    assert Hall.objects.filter(code="JZ09").exists()


def test_workbench_import_page_is_refused_without_hall_manage(hall_desk: Any, client: Any) -> None:
    client.force_login(hall_desk.clerk)
    assert client.get("/workbench/import/halls/").status_code == 403
    assert "/workbench/import/halls/" not in client.get("/workbench/hall/").content.decode()
