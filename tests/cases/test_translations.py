"""The UI speaks Simplified Chinese by default: the cases catalogue is complete and used."""

from __future__ import annotations

from pathlib import Path

from django.utils import translation

from xiaoneng.cases.workflow import Status, transition_target
from xiaoneng.core.errors import Conflict

PO = Path(__file__).resolve().parents[2] / "src/xiaoneng/cases/locale/zh_Hans/LC_MESSAGES/django.po"


def test_catalogue_has_no_empty_or_fuzzy_entries() -> None:
    text = PO.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    assert text.count('msgstr ""\n\n') == 0  # only the header may be empty


def test_conflict_reason_in_chinese() -> None:
    with translation.override("zh-hans"):
        try:
            transition_target(Status.SUBMITTED, "approved")
        except Conflict as error:
            assert "已收件" in str(error.message)
            assert "准予许可" in str(error.message)


def test_queue_page_in_chinese(client, desk, settings) -> None:  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "zh-hans"
    client.force_login(desk.reviewer)
    with translation.override("zh-hans"):
        page = client.get("/workbench/cases/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "我的待办" in page.content.decode()
