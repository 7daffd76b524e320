"""Notice files: CSV or YAML, bad rows named by line, nothing applied when any is bad."""

from __future__ import annotations

from pathlib import Path

import pytest

from xiaoneng.workdays import WorkdayCalendar
from xiaoneng.workdays.noticefile import (
    NoticeFileError,
    parse_notice_csv,
    parse_notice_yaml,
    read_notice_file,
)

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"


def test_samples_reproduce_the_library_2026() -> None:
    yaml_file = read_notice_file(SAMPLES / "notice-2026.yaml")
    csv_file = read_notice_file(SAMPLES / "notice-2026.csv")
    assert yaml_file.notice == csv_file.notice
    assert yaml_file.notice.reference == "国办发明电〔2025〕7号"
    assert WorkdayCalendar([yaml_file.notice]).changed_days(WorkdayCalendar()) == []


def test_bad_csv_rows_are_named_by_line() -> None:
    text = (
        "year,day,kind,name\n"
        "2027,2027-02-05,holiday,春节\n"
        "2027,2027-02-31,holiday,春节\n"
        "2027,2027-02-13,rest,春节\n"
        "2027,2027-02-08,makeup_workday,春节\n"
        "2027,2027-02-05,holiday,春节\n"
    )
    with pytest.raises(NoticeFileError) as caught:
        parse_notice_csv(text)
    problems = caught.value.problems
    assert any(p.startswith("line 3:") and "not a date" in p for p in problems)
    assert any(p.startswith("line 4:") and "kind" in p for p in problems)
    assert any(p.startswith("line 5:") and "weekday" in p for p in problems)
    assert any(p.startswith("line 6:") and "line 2" in p for p in problems)


def test_csv_needs_one_year_and_the_columns() -> None:
    with pytest.raises(NoticeFileError, match="missing column"):
        parse_notice_csv("day,kind\n2027-01-01,holiday\n")
    with pytest.raises(NoticeFileError, match="one year"):
        parse_notice_csv("year,day,kind\n2027,2027-01-01,holiday\n2028,2028-01-01,holiday\n")


def test_yaml_rows_are_named_by_line() -> None:
    text = (
        "year: 2027\n"
        "reference: test\n"
        "days:\n"
        "  - {day: 2027-01-01, kind: holiday, name: 元旦}\n"
        "  - {day: 2027-01-04, kind: 班}\n"
    )
    with pytest.raises(NoticeFileError) as caught:
        parse_notice_yaml(text)
    assert caught.value.problems == [
        "line 5: 2027-01-04 is a weekday; a make-up working day must be a Saturday or a Sunday"
    ]


def test_yaml_accepts_chinese_kinds() -> None:
    parsed = parse_notice_yaml(
        "year: 2027\ndays:\n  - {day: 2027-01-01, kind: 休}\n  - {day: 2027-01-02, kind: 班}\n"
    )
    assert [d.kind.value for d in parsed.notice.days] == ["holiday", "makeup_workday"]


def test_unreadable_yaml_is_a_clear_error() -> None:
    with pytest.raises(NoticeFileError, match="YAML"):
        parse_notice_yaml("year: [2027\n")
