"""The batched readers the cockpit uses give exactly the per-day and per-period figures,
computed from the watches or read from the recorded figures of finished days (daily.py).

`lights.light_summaries(days)` counts every day's lights in one scan and
`figures.period_figures_for(spans)` every period's figures in one grouped query; for each day
and period they must equal `light_summary` and `period_figures` (on-time rate = closed on
time ÷ (closed + open and overdue), DOMAIN.md §3), including cases with a special procedure
(Art. 45: the clock stands still) and an extension (Art. 42: counted from the day granted),
which are read through the full light computation rather than the covering index.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.supervision.factories import make_case, make_version
from xiaoneng.cockpit.selectors import cockpit_headlines, cockpit_headlines_per_figure
from xiaoneng.core.roles import Role
from xiaoneng.supervision.daily import daily_figures_record, recorded_days
from xiaoneng.supervision.figures import period_figures, period_figures_for
from xiaoneng.supervision.lights import light_summaries, light_summary

pytestmark = pytest.mark.django_db
D = date.fromisoformat


@pytest.fixture
def scene(org_tree):
    quick = make_version(org_tree.department, committed=5, legal=20)
    slow = make_version(org_tree.other_department, committed=10, legal=20)
    immediate = make_version(org_tree.department, handling_type="immediate", committed=0)
    # decided on time, late, early; open and overdue; open in time
    make_case(quick, accepted_on=D("2025-09-01"), decided_on=D("2025-09-03"))
    make_case(quick, accepted_on=D("2025-09-01"), decided_on=D("2025-09-15"))
    make_case(slow, accepted_on=D("2025-08-04"), decided_on=D("2025-08-05"))
    make_case(quick, accepted_on=D("2025-09-01"))
    make_case(slow, accepted_on=D("2025-09-22"))
    make_case(immediate, accepted_on=D("2025-09-10"))
    # a special procedure still running, one ended, one begun after the deadline
    make_case(quick, accepted_on=D("2025-09-01"), pauses=((D("2025-09-03"), None),))
    make_case(
        quick,
        accepted_on=D("2025-08-20"),
        pauses=((D("2025-08-21"), D("2025-09-05")),),
        decided_on=D("2025-09-12"),
    )
    make_case(slow, accepted_on=D("2025-07-01"), pauses=((D("2025-08-01"), D("2025-08-10")),))
    # an extension granted on 12 September: before that day the deadline is the first one
    make_case(quick, accepted_on=D("2025-09-01"), extension_days=10, extended_on=D("2025-09-12"))
    make_case(slow, accepted_on=D("2024-09-02"), decided_on=D("2024-09-20"))


DAYS = [D("2025-07-15") + timedelta(days=k) for k in range(0, 80, 3)] + [D("2024-09-10")]


@pytest.fixture(params=["computed", "recorded"])
def source(request, scene):
    """`recorded`: every finished day of the scene recorded first, as the sweep records them."""
    if request.param == "recorded":
        # the days of the comparisons below, the others (and every later day) left computed:
        # the readers mix recorded and computed days
        september = (D("2024-09-01") + timedelta(days=k) for k in range(30))
        summer = (D("2025-07-01") + timedelta(days=k) for k in range(92))
        for day in {*DAYS, *september, *summer}:
            daily_figures_record(day=day)
    return request.param


def test_light_summaries_equal_light_summary_on_every_day(source, personas):
    if source == "recorded":
        assert recorded_days(DAYS) == set(DAYS)
    for user in (None, personas[Role.LEADER], personas[Role.DEPARTMENT_HEAD]):
        batched = light_summaries(user=user, days=DAYS)
        assert sorted(batched) == sorted(set(DAYS))
        for day in DAYS:
            assert batched[day] == light_summary(user=user, as_of=day), (user, day)
    assert light_summaries(user=None, days=[]) == {}
    # the scene has lights of every colour on some day, so the comparison is not vacuous
    summaries = light_summaries(user=None, days=DAYS).values()
    assert max(s.red for s in summaries) > 0 and max(s.yellow for s in summaries) > 0


SPANS = [
    (D("2025-09-01"), D("2025-09-26")),
    (D("2025-08-01"), D("2025-08-26")),
    (D("2025-08-01"), D("2025-08-31")),  # overlaps the one before
    (D("2024-09-01"), D("2024-09-26")),
    (D("2025-07-01"), D("2025-09-30")),
    (D("2026-01-01"), D("2026-01-31")),  # nothing decided
]


def test_period_figures_for_equal_period_figures_per_period(source, personas):
    for user in (None, personas[Role.LEADER], personas[Role.DEPARTMENT_HEAD]):
        batched = period_figures_for(user=user, spans=SPANS)
        expected = [period_figures(user=user, start=s, end=e) for s, e in SPANS]
        assert batched == expected, user
    september = period_figures_for(user=None, spans=SPANS)[0]
    assert september.closed == 3 and september.open_overdue > 0
    assert september.average_workdays_used is not None
    assert period_figures_for(user=None, spans=[]) == []


@pytest.mark.parametrize("period", ["month", "quarter", "year"])
@pytest.mark.parametrize("as_of", [D("2025-09-26"), D("2025-09-11"), D("2025-03-31")])
def test_batched_cockpit_equals_one_selector_call_per_figure(source, personas, period, as_of):
    for role in (Role.LEADER, Role.EFFICIENCY_SUPERVISOR):
        user = personas[role]
        batched = cockpit_headlines(user=user, as_of=as_of, period=period)
        assert batched == cockpit_headlines_per_figure(user=user, as_of=as_of, period=period)
        assert batched.headlines
