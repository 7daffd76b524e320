"""Every figure "as of" a day uses only what was known that day (DOMAIN.md §2).

Reference case as in test_lights.py: promised, committed 5 WD, legal 20 WD, accepted Monday
2025-09-01 → committed due Monday 09-08 (yellow from 2 working days left), legal due the
make-up Sunday 09-28; National Day 10-01…10-08, make-up Saturday 10-11.

One table per kind of fact, each row a day and what the lights said on it:
- extension (行政许可法 Art. 42): +10 WD from the day it was granted, never before;
- special procedure (Art. 45): its working days are out of the clock from its start, up to
  its end (an open one freezes the clock, whatever its later end);
- co-department opinion (countersign rule): open from its request to the day it was given;
- supplement notice period (Art. 32): a case deemed accepted counts from the day of receipt,
  but as of a day inside the notice period it was not yet accepted (a notice could still come).
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.supervision.factories import at, make_case, make_version, watch_of
from xiaoneng.supervision.figures import lights_by, period_figures
from xiaoneng.supervision.lights import (
    case_light_page,
    cases_with_light,
    light_of,
    light_summary,
    opinions_with_light,
)

pytestmark = pytest.mark.django_db
D = date.fromisoformat


@pytest.fixture
def version(org_tree):
    return make_version(org_tree.department, committed=5, legal=20)


def assert_everywhere(case, day: date, light: str | None, legal_overdue: bool = False) -> None:  # type: ignore[no-untyped-def]
    """The same light from every reader: one case, the summary, the list, the figures."""
    assert light_of(watch_of(case), day) == light
    summary = light_summary(user=None, as_of=day)
    assert (summary.green, summary.yellow, summary.red) == tuple(
        int(light == name) for name in ("green", "yellow", "red")
    )
    assert summary.legal_overdue == int(legal_overdue)
    listed = cases_with_light(user=None, as_of=day)
    assert [(w.pk, w.light, w.is_legal_overdue) for w in listed] == (
        [(case.pk, light, legal_overdue)] if light else []
    )
    rows = lights_by(user=None, group="agency", as_of=day)
    assert [(r.green, r.yellow, r.red, r.legal_overdue) for r in rows] == (
        [(int(light == "green"), int(light == "yellow"), int(light == "red"), int(legal_overdue))]
        if light
        else []
    )
    open_overdue = period_figures(user=None, start=day, end=day).open_overdue
    assert open_overdue == int(light == "red")


# Art. 42: extended by 10 WD on Friday 09-19 → committed 15 WD, due Monday 09-22, yellow from
# 3 working days left (20 % of 15).  Before 09-19 the case ran under its 5 WD.
EXTENSION_ON_0919 = [
    ("2025-09-05", "yellow"),  # 1 left of 5 (with the extension it would be green)
    ("2025-09-08", "yellow"),  # the deadline as it stood then
    ("2025-09-11", "red"),  # red on the 11th stays red as of the 11th
    ("2025-09-18", "red"),  # the day before the extension
    ("2025-09-19", "yellow"),  # granted that day: 1 working day left of 15
    ("2025-09-22", "yellow"),  # the extended deadline
    ("2025-09-23", "red"),
]


@pytest.mark.parametrize(("as_of", "light"), EXTENSION_ON_0919)
def test_an_extension_counts_from_the_day_it_was_granted(version, as_of, light) -> None:  # type: ignore[no-untyped-def]
    case = make_case(
        version, accepted_on=D("2025-09-01"), extension_days=10, extended_on=D("2025-09-19")
    )
    assert case.committed_due_on == D("2025-09-22")
    assert_everywhere(case, D(as_of), light)


# Art. 42: the legal limit moves too: 20 WD (due 09-28) + 10 → due 10-17, from the day granted.
LEGAL_EXTENSION_ON_1009 = [
    ("2025-09-28", False),  # the legal deadline (make-up Sunday)
    ("2025-09-29", True),  # past it, the extension not yet granted
    ("2025-10-08", True),  # last day of National Day
    ("2025-10-09", False),  # granted that day: due 10-17
    ("2025-10-17", False),
    ("2025-10-20", True),
]


@pytest.mark.parametrize(("as_of", "legal_overdue"), LEGAL_EXTENSION_ON_1009)
def test_a_late_extension_does_not_clear_the_days_before_it(version, as_of, legal_overdue) -> None:  # type: ignore[no-untyped-def]
    case = make_case(
        version, accepted_on=D("2025-09-01"), extension_days=10, extended_on=D("2025-10-09")
    )
    assert case.legal_due_on == D("2025-10-17")
    assert_everywhere(case, D(as_of), "red", legal_overdue)


# Art. 45: expert review from Friday 09-05 to Wednesday 09-10 removes 09-08, 09-09 and 09-10:
# committed due moves from 09-08 to 09-11.
PAUSE_0905_0910 = [
    ("2025-09-04", "yellow"),  # before the procedure: 2 left, as without it
    ("2025-09-05", "yellow"),  # begins: the clock stops with 1 left
    ("2025-09-09", "yellow"),  # running (its end unknown then): still 1 left, not red
    ("2025-09-10", "yellow"),  # ends
    ("2025-09-11", "yellow"),  # the moved deadline
    ("2025-09-12", "red"),
]


@pytest.mark.parametrize(("as_of", "light"), PAUSE_0905_0910)
def test_a_special_procedure_counts_from_its_start_to_its_end(version, as_of, light) -> None:  # type: ignore[no-untyped-def]
    case = make_case(
        version, accepted_on=D("2025-09-01"), pauses=((D("2025-09-05"), D("2025-09-10")),)
    )
    assert case.committed_due_on == D("2025-09-11")
    assert_everywhere(case, D(as_of), light)


# Countersign rule: an opinion requested 09-01 is due 09-10 (7 WD), yellow from 09-08; it was
# given late, on 09-12.
OPINION_GIVEN_0912 = [
    ("2025-08-29", None),  # not yet requested
    ("2025-09-01", "green"),
    ("2025-09-08", "yellow"),
    ("2025-09-11", "red"),  # overdue, not yet given
    ("2025-09-12", None),  # given that day
]


@pytest.mark.parametrize(("as_of", "light"), OPINION_GIVEN_0912)
def test_an_opinion_is_open_from_its_request_to_its_answer(version, org_tree, as_of, light) -> None:  # type: ignore[no-untyped-def]
    make_case(
        version,
        accepted_on=D("2025-09-01"),
        opinions=((org_tree.other_department, D("2025-09-01"), D("2025-09-10"), D("2025-09-12")),),
    )
    found = opinions_with_light(user=None, as_of=D(as_of))
    assert [o.light for o in found] == ([light] if light else [])


# Art. 32: received Monday 09-01, no notice within 5 WD (by 09-08): accepted on 09-01, so the
# committed deadline is 09-08 as well.  Inside the notice period nobody could know that.
DEEMED_AFTER_0908 = [
    ("2025-09-01", None),  # received: a notice may still come
    ("2025-09-08", None),  # last day of the notice period
    ("2025-09-09", "red"),  # deemed accepted on 09-01: 5 WD used up on 09-08
]


@pytest.mark.parametrize(("as_of", "light"), DEEMED_AFTER_0908)
def test_a_deemed_acceptance_is_known_after_the_notice_period(version, as_of, light) -> None:  # type: ignore[no-untyped-def]
    case = make_case(version, accepted_on=D("2025-09-01"), deemed_notice_due_on=D("2025-09-08"))
    assert case.committed_due_on == D("2025-09-08")
    assert_everywhere(case, D(as_of), light)


# Art. 42 and 45 together: the committed 5 WD ran out on 09-08; an expert review ran from
# Wednesday 09-10 to Friday 09-12; the extension (+10 WD) came on 09-19. Before 09-19 the review
# began after the deadline as it stood and did not move it (Art. 45); from 09-19 the limit is
# 15 WD, the review began before that deadline and moves it to 09-24.
PAUSE_AFTER_DEADLINE_THEN_EXTENSION = [
    # as of, light, working days left, committed deadline shown, paused
    ("2025-09-09", "red", -1, "2025-09-08", False),
    ("2025-09-10", "red", -2, "2025-09-08", True),  # the review begins, the case already late
    ("2025-09-11", "red", -3, "2025-09-08", True),  # it stops nothing: 8 WD used of 5
    ("2025-09-12", "red", -4, "2025-09-08", False),  # its last day
    ("2025-09-18", "red", -8, "2025-09-08", False),  # the day before the extension
    ("2025-09-19", "yellow", 3, "2025-09-24", False),  # 15 WD, 2 WD of review not counted
    ("2025-09-24", "yellow", 0, "2025-09-24", False),
    ("2025-09-25", "red", -1, "2025-09-24", False),
]


@pytest.mark.parametrize(
    ("as_of", "light", "days_left", "due", "paused"), PAUSE_AFTER_DEADLINE_THEN_EXTENSION
)
def test_a_pause_moves_only_the_deadline_that_held_when_it_began(  # type: ignore[no-untyped-def]
    version, as_of, light, days_left, due, paused
) -> None:
    case = make_case(
        version,
        accepted_on=D("2025-09-01"),
        extension_days=10,
        extended_on=D("2025-09-19"),
        pauses=((D("2025-09-10"), D("2025-09-12")),),
    )
    assert case.committed_due_on == D("2025-09-24")
    total, rows = case_light_page(user=None, as_of=D(as_of))
    assert total == 1
    row = rows[0]
    assert (row.light, row.days_left, row.committed_due_on, row.is_paused) == (
        light,
        days_left,
        D(due),
        paused,
    )
    assert light_of(watch_of(case), D(as_of)) == light


# What a light list showed as of a day: the deadlines and the "paused" flag of that day, not
# today's (extension Art. 42, special procedure Art. 45).
LIST_FACTS = [
    # as of, committed deadline, legal deadline, paused
    ("2025-09-04", "2025-09-08", "2025-09-28", False),  # nothing known yet
    ("2025-09-05", "2025-09-08", "2025-09-28", True),  # review begins (its end unknown)
    ("2025-09-09", "2025-09-10", "2025-09-30", True),  # still running: moved by 2 WD so far
    ("2025-09-10", "2025-09-11", "2025-10-09", False),  # ended: moved by 3 WD (National Day)
    ("2025-09-19", "2025-09-25", "2025-10-22", False),  # extended by 10 WD that day
]


@pytest.mark.parametrize(("as_of", "committed", "legal", "paused"), LIST_FACTS)
def test_light_lists_show_the_deadlines_known_that_day(  # type: ignore[no-untyped-def]
    version, as_of, committed, legal, paused
) -> None:
    case = make_case(
        version,
        accepted_on=D("2025-09-01"),
        extension_days=10,
        extended_on=D("2025-09-19"),
        pauses=((D("2025-09-05"), D("2025-09-10")),),
    )
    assert (case.committed_due_on, case.legal_due_on) == (D("2025-09-25"), D("2025-10-22"))
    _total, rows = case_light_page(user=None, as_of=D(as_of))
    assert (rows[0].committed_due_on, rows[0].legal_due_on, rows[0].is_paused) == (
        D(committed),
        D(legal),
        paused,
    )


def test_a_light_list_uses_the_calendar_known_that_day(  # type: ignore[no-untyped-def]
    version, django_capture_on_commit_callbacks
) -> None:
    """Art. 82: working days follow the State Council's notice; as of a day before the 2027
    notice was entered, the legal deadline running into 2027 rested on the weekend rule
    (provisional), and the list shows it so; from the day it was entered, the exact one."""
    from xiaoneng.workdays import services as calendar_services
    from xiaoneng.workdays.models import CalendarNoticeVersion
    from xiaoneng.workdays.notices import DayKind, NoticeDay

    make_case(version, accepted_on=D("2026-12-21"))
    with django_capture_on_commit_callbacks(execute=True):
        calendar_services.notice_import(
            actor=None,
            actor_name="test",
            year=2027,
            days=[NoticeDay(D("2027-01-01"), DayKind.HOLIDAY, "元旦")],
        )
    CalendarNoticeVersion.objects.update(entered_at=at(D("2026-12-23"), 15))
    lights = {}
    for as_of in ("2026-12-22", "2026-12-23"):
        _total, rows = case_light_page(user=None, as_of=D(as_of))
        lights[as_of] = (rows[0].light, rows[0].legal_due_on, rows[0].is_deadline_provisional)
    # Weekends only: 20 WD after Monday 2026-12-21 end on Monday 2027-01-18; with New Year's
    # Day off, on 01-19. The light is the same both days (no changed day lies before them).
    assert lights == {
        "2026-12-22": ("green", D("2027-01-18"), True),
        "2026-12-23": ("green", D("2027-01-19"), False),
    }
