"""The `workdays` management command: clear output, clear errors, all-or-nothing import."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from xiaoneng.workdays.models import CalendarNotice

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"


def _run(*args: str) -> str:
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue()


def test_add_and_count() -> None:
    assert _run("add", "2025-09-30", "5").strip() == "2025-09-30 + 5 working days = 2025-10-14"
    assert "= 5" in _run("count", "2025-09-30", "2025-10-14")
    assert "provisional" in _run("add", "2026-12-20", "10")


def test_year_grid_marks_special_days() -> None:
    out = _run("year", "2025")
    assert " 1*" in out  # Oct 1
    assert "28+" in out  # Sep 28 make-up Sunday
    assert "248 working days" in out
    assert "国庆节" in out


def test_out_of_range_is_a_clear_error() -> None:
    with pytest.raises(CommandError, match="outside the working-day calendar"):
        _run("add", "2100-12-30", "5")


@pytest.mark.django_db
def test_import_notice_yaml(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        out = _run("import-notice", str(SAMPLES / "notice-2026.yaml"))
    assert "imported the 2026 notice" in out
    notice = CalendarNotice.objects.get()
    assert (notice.year, notice.document_number) == (2026, "国办发明电〔2025〕7号")
    assert str(notice.published_on) == "2025-11-04"


@pytest.mark.django_db
def test_import_notice_dry_run_saves_nothing() -> None:
    out = _run("import-notice", str(SAMPLES / "notice-2026.csv"), "--dry-run")
    assert "dry run" in out
    assert not CalendarNotice.objects.exists()


@pytest.mark.django_db
def test_bad_rows_are_named_and_nothing_is_applied(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "year,day,kind,name\n2027,2027-01-01,holiday,元旦\n2027,2027-01-32,holiday,x\n"
        "2027,2027-03-03,makeup_workday,x\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as caught:
        _run("import-notice", str(bad))
    message = str(caught.value)
    assert "line 3" in message and "line 4" in message
    assert not CalendarNotice.objects.exists()


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read"):
        _run("import-notice", str(tmp_path / "nope.yaml"))


def test_console_errors_have_no_traceback() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "xiaoneng.config.settings.test"}
    done = subprocess.run(
        [sys.executable, "-m", "xiaoneng", "workdays", "add", "2100-12-30", "5"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert "outside the working-day calendar" in done.stderr
    assert "Traceback" not in done.stderr
