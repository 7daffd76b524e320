"""The process-wide default calendar: lazy loading, stamps, fallback when notices are unreadable."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

import xiaoneng.workdays as workdays
from xiaoneng.workdays import default
from xiaoneng.workdays.notices import Notice, make_notice

NOTICE_2027 = make_notice(2027, holidays=[date(2027, 10, 1)])


@pytest.fixture
def restore_loader() -> Iterator[None]:
    loader, stamp, recheck = default._loader, default._stamp_function, default._recheck_seconds
    yield
    default.set_notice_loader(loader, stamp=stamp, recheck_seconds=recheck)


def test_loader_is_called_on_first_use_only(restore_loader: None) -> None:
    calls: list[int] = []

    def loader() -> list[Notice]:
        calls.append(1)
        return [NOTICE_2027]

    default.set_notice_loader(loader)
    assert calls == []  # registering does not load
    assert workdays.is_workday(date(2027, 10, 1)) is False
    assert workdays.is_workday(date(2027, 9, 30)) is True
    assert calls == [1]


def test_a_changed_stamp_rebuilds_the_calendar(restore_loader: None) -> None:
    stored: list[Notice] = []
    default.set_notice_loader(lambda: list(stored), stamp=lambda: len(stored), recheck_seconds=0)
    assert workdays.get_calendar().is_known_year(2027) is False
    stored.append(NOTICE_2027)  # e.g. saved by another process
    assert workdays.get_calendar().is_known_year(2027) is True


def test_unreadable_notices_fall_back_to_the_library(restore_loader: None) -> None:
    def loader() -> list[Notice]:
        raise default.NoticesUnavailable("no table")

    default.set_notice_loader(loader, stamp=loader)
    calendar = workdays.get_calendar()
    assert calendar.notices == ()
    assert workdays.add_workdays(date(2025, 9, 30), 5) == date(2025, 10, 14)


def test_explicit_notices_win_over_stored_ones(restore_loader: None) -> None:
    default.set_notice_loader(lambda: [make_notice(2027, holidays=[date(2027, 1, 1)])])
    workdays.set_notices([NOTICE_2027])
    try:
        calendar = workdays.get_calendar()
        assert calendar.is_workday(date(2027, 1, 1)) is True
        assert calendar.is_workday(date(2027, 10, 1)) is False
    finally:
        workdays.set_notices([])
