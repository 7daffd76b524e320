"""Import messages name the line at fault and its cause, in the user's language, on every way
of running the import (services, bulk path, bulk path with two replay processes)."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tests.cases.test_import import dump, lines_for
from xiaoneng.cases import importing
from xiaoneng.cases.importing import import_file, import_lines
from xiaoneng.cases.models import Case
from xiaoneng.core.errors import InvalidInput

WAYS = [
    pytest.param({"fast": False}, id="services"),
    pytest.param({"fast": True, "worker": False}, id="bulk"),
    pytest.param({"fast": True, "worker": True}, id="bulk-two-replay-processes"),
]
#: A malformed third line: not JSON at all (names no case), and JSON with a trailing comma
#: that still plainly names its case.
MALFORMED = [
    pytest.param("{not json", id="not-json"),
    pytest.param(
        '{"case": "LEGACY-1", "sequence": 3, "kind": "review_started", '
        '"occurred_at": "2025-09-02T10:00:00+08:00",}',
        id="trailing-comma",
    ),
]


def _rows(desk, bad: str) -> list[str]:  # type: ignore[no-untyped-def]
    rows = dump(lines_for(desk)) + dump(lines_for(desk, "OTHER-1"))
    rows[2] = bad
    return rows


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("bad", MALFORMED)
def test_a_malformed_line_3_is_reported_as_line_3(desk, monkeypatch, way, bad) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(importing, "REPLAY_PROCESSES", 2)
    report = import_lines(_rows(desk, bad), actor=None, **way)
    by_line = {r.line: r for r in report.rejected}
    assert sorted(by_line) == [1, 2, 3, 4, 5]  # the case's lines, nothing of OTHER-1
    assert "JSON" in by_line[3].reason
    for number in (1, 2, 4, 5):
        assert "line 3" in by_line[number].reason, by_line[number].reason
        assert "line 4" not in by_line[number].reason
    assert Case.objects.filter(number="OTHER-1").exists()
    assert not Case.objects.filter(number="LEGACY-1").exists()


@pytest.mark.parametrize("way", WAYS)
def test_the_same_lines_from_a_file_give_the_same_report(desk, tmp_path, monkeypatch, way) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(importing, "REPLAY_PROCESSES", 2)
    path = tmp_path / "legacy.jsonl"
    path.write_text("\n".join(_rows(desk, "{not json")) + "\n", encoding="utf-8")
    report = import_file(path, actor=None, **way)
    assert [(r.line, "line 3" in r.reason or "JSON" in r.reason) for r in report.rejected] == [
        (n, True) for n in (1, 2, 3, 4, 5)
    ]


@pytest.mark.parametrize("way", WAYS)
def test_messages_are_in_simplified_chinese_by_default(desk, monkeypatch, way) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(importing, "REPLAY_PROCESSES", 2)
    with translation.override("zh-hans"):
        report = import_lines(_rows(desk, "{not json"), actor=None, **way)
    by_line = {r.line: r.reason for r in report.rejected}
    assert by_line[3].startswith("不是有效的 JSON")
    for number in (1, 2, 4, 5):
        assert "第3行" in by_line[number], by_line[number]


@pytest.mark.parametrize("way", WAYS[:2])
def test_a_line_that_is_not_utf8_is_named_with_its_byte(desk, tmp_path, way) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "legacy.jsonl"
    rows = [row.encode() for row in dump(lines_for(desk))]
    rows[1] = rows[1].replace("王".encode(), b"\xcd\xf5")  # GBK, not UTF-8
    path.write_bytes(b"\n".join(rows) + b"\n")
    position = rows[1].index(b"\xcd") + 1
    with translation.override("zh-hans"), pytest.raises(InvalidInput) as refused:
        import_file(path, actor=None, **way)
    assert refused.value.field == "file"
    assert str(refused.value.message) == f"第2行不是 UTF-8 文本（该行第{position}个字节）。"
    assert not Case.objects.exists()


def test_the_command_names_the_line_that_is_not_utf8(desk, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "legacy.jsonl"
    path.write_bytes(b'{"case": "X", "actor": "\xcd\xf5"}\n')
    with translation.override("zh-hans"), pytest.raises(CommandError) as failed:
        call_command("import-cases", str(path))
    assert str(failed.value) == "文件：第1行不是 UTF-8 文本（该行第25个字节）。"
