"""Complaint import messages (issue: import messages in the user's language and precise) and
the number rule of the complaint figures (docs/api.md, "Numbers")."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation
from rest_framework.test import APIClient

from xiaoneng.complaints.importing import complaints_import

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "samples" / "complaints-import.jsonl"


def _with_bad_line_6() -> list[str]:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()[:5]
    return [*lines, "{not json"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "line 6: Not valid JSON at character 2."),
        ("zh-hans", "第 6 行：不是有效的 JSON（第2个字符处）。"),  # as the case import says it
    ],
)
def test_bad_json_names_the_line_and_where(language, expected, handler, org_tree) -> None:  # type: ignore[no-untyped-def]
    """Was “第 6 行，line：不是有效的 JSON：Expecting value” (parser English, raw label)."""
    with translation.override(language):
        report = complaints_import(actor=handler, lines=_with_bad_line_6())
        assert [str(error) for error in report.errors] == [expected]


def test_field_of_a_line_is_named_for_the_reader(handler, org_tree) -> None:  # type: ignore[no-untyped-def]
    first = json.loads(SAMPLE.read_text(encoding="utf-8").splitlines()[0])
    first["data"]["unit"] = "不存在的局"
    with translation.override("zh-hans"):
        report = complaints_import(actor=handler, lines=[json.dumps(first, ensure_ascii=False)])
        [error] = report.errors
        assert error.field == "data.unit"
        assert str(error).startswith("第 1 行，事件数据（data） › unit：")


def test_summary_counts_refused_lines(handler, org_tree, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The summary said “complaints refused: 0” after refusing a line."""
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(_with_bad_line_6()) + "\n", encoding="utf-8")
    out, err = StringIO(), StringIO()
    with translation.override("en"), pytest.raises(SystemExit):
        call_command(
            "import-complaints", str(path), "--user", handler.username, stdout=out, stderr=err
        )
    assert "lines refused: 1" in out.getvalue()
    assert "line 6: Not valid JSON at character 2." in err.getvalue()
    report = complaints_import(actor=handler, lines=_with_bad_line_6())
    assert report.as_dict()["lines_refused"] == 1


def test_figures_rates_are_json_numbers(handler, org_tree) -> None:  # type: ignore[no-untyped-def]
    complaints_import(actor=handler, lines=SAMPLE.read_text(encoding="utf-8").splitlines())
    api = APIClient()
    api.force_authenticate(handler)
    body = api.get("/api/v1/complaints/stats/?from=2025-01-01&to=2025-12-31&as_of=2025-12-31")
    assert body.status_code == 200, body.content
    data = body.json()
    for name in ("closure_rate", "on_time_rate"):
        assert data[name] is None or isinstance(data[name], float | int), data[name]
    assert isinstance(data["received"], int)
