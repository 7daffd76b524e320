"""The hall's figures in the cockpit (issue: "on the supervision dashboard and in the
cockpit"): each headline equals hall.figures for the same halls and period, and its drill-down
opens the hall figures page of that period with the same number. Appointments made count as
the seed counts its "9,000+ window appointments": booked in the period."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from tests.hall.conftest import NOW, SLOT, at
from xiaoneng.cockpit.selectors import cockpit_headlines
from xiaoneng.core.roles import Role
from xiaoneng.hall import figures, services
from xiaoneng.hall.selectors import halls_with_figures

pytestmark = pytest.mark.django_db
JUNE = date(2026, 6, 30)


def _day_in_the_hall(d) -> None:  # type: ignore[no-untyped-def]
    services.appointment_book(actor=d.account, window=d.window, item=d.item, starts_at=SLOT, at=NOW)
    for minute in (0, 5):
        services.ticket_issue(hall=d.hall, item=d.item, at=at("2026-06-02", 9, minute))
    first = services.ticket_call_next(actor=d.clerk, window=d.window, at=at("2026-06-02", 9, 50))
    services.ticket_start(actor=d.clerk, ticket=first, at=at("2026-06-02", 9, 51))
    services.ticket_finish(actor=d.clerk, ticket=first, at=at("2026-06-02", 10, 0))


@pytest.mark.parametrize(
    "code, expected",
    [
        ("hall_appointments_made", 1),  # booked on 1 June
        ("hall_tickets_served", 1),
        ("hall_waits_over_limit", 1),  # called 50 minutes after issue, limit 30
    ],
)
def test_cockpit_hall_headline_equals_the_hall_figures(hall_desk, personas, code, expected):  # type: ignore[no-untyped-def]
    d = hall_desk
    _day_in_the_hall(d)
    leader = personas[Role.LEADER]
    headline = cockpit_headlines(user=leader, as_of=JUNE, period="month").headline(code)
    summary = figures.summary(
        halls=halls_with_figures(user=leader),
        first=date(2026, 6, 1),
        last=JUNE,
        wait_limit_minutes=30,
    )
    own = {
        "hall_appointments_made": summary["appointments"].made,  # type: ignore[attr-defined]
        "hall_tickets_served": summary["served"],
        "hall_waits_over_limit": summary["over_limit"],
    }[code]
    assert headline.value == own == expected
    assert headline.previous == 0  # May: nothing yet


def test_drill_down_opens_the_figures_of_that_period(hall_desk, personas, client: Client):  # type: ignore[no-untyped-def]
    _day_in_the_hall(hall_desk)
    leader = personas[Role.LEADER]
    headline = cockpit_headlines(user=leader, as_of=JUNE).headline("hall_tickets_served")
    client.force_login(leader)
    page = client.get(headline.drill_url)
    assert page.status_code == 200
    assert page.context["first"] == date(2026, 6, 1) and page.context["last"] == JUNE
    assert page.context["summary"]["served"] == headline.value == 1
    empty = client.get("/workbench/hall/figures/?start=2026-07-01&end=2026-07-31")
    assert empty.context["summary"]["served"] == 0


@pytest.mark.parametrize(
    ("query", "field", "said"),
    [
        ("start=2026-13-01", "start", "2025-09-30"),
        ("end=yesterday", "end", "2025-09-30"),
        ("start=2026-06-30&end=2026-06-01", "start", ""),
    ],
)
def test_figures_page_says_what_is_wrong_with_the_dates(
    hall_desk, personas, client, query, field, said
):  # type: ignore[no-untyped-def]
    client.force_login(personas[Role.LEADER])
    page = client.get(f"/workbench/hall/figures/?{query}")
    assert page.status_code == 200
    assert list(page.context["form"].errors) == [field]
    html = page.content.decode()
    error = html[html.index('class="error" role="alert"') :][:200]
    assert said in error


def test_figures_page_is_refused_to_a_clerk_and_an_applicant(hall_desk, client):  # type: ignore[no-untyped-def]
    for user in (hall_desk.clerk, hall_desk.account):
        client.force_login(user)
        assert client.get("/workbench/hall/figures/").status_code == 403
