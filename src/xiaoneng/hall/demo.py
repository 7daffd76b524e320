"""Demo data for the service hall: the city's administrative service centre with a comprehensive
window and a market-regulation window, its chief representative, a week of slots, appointments
of the demo citizen `citizen` (password as every demo account) and today's queue.

Everything goes through `hall.services`, as the workbench and the portal would.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from xiaoneng.catalog.models import ItemStatus, ServiceItem
from xiaoneng.core.demo import DEMO_PASSWORD, DemoContext
from xiaoneng.core.models import Applicant, ApplicantKind, User, UserKind
from xiaoneng.hall import rules, services
from xiaoneng.hall.models import HallKind, WindowKind
from xiaoneng.workdays import is_workday

#: A resident ID with a valid GB 11643 check digit (computed below) for the demo citizen.
CITIZEN_ID_BODY = "36010219900307123"


def _resident_id(body: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(digit) * weight for digit, weight in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


def _next_workdays(start: date, count: int) -> list[date]:
    days: list[date] = []
    day = start
    while len(days) < count:
        day += timedelta(days=1)
        if is_workday(day):
            days.append(day)
    return days


def _citizen(context: DemoContext) -> Applicant:
    account = User.objects.create(
        username="citizen",
        kind=UserKind.APPLICANT,
        real_name="陈晓明",
        password=make_password(DEMO_PASSWORD),
        password_changed_at=timezone.now(),
    )
    context.accounts.append(("citizen", "申请人", "—"))
    applicant, _created = Applicant.objects.get_or_create(
        kind=ApplicantKind.NATURAL_PERSON,
        id_number=_resident_id(CITIZEN_ID_BODY),
        defaults={"name": "陈晓明", "phone": "13800000000"},
    )
    applicant.account = account
    applicant.save(update_fields=["account"])
    return applicant


def build(context: DemoContext) -> None:
    coordinator = context.users["coordinator"]
    clerk = context.users["clerk"]
    head = context.users["head"]
    reviewer = context.users["reviewer"]
    market = context.departments["市场监督管理局"]
    centre = context.offices["service_centre"]
    items = list(
        ServiceItem.objects.filter(
            status=ItemStatus.ACTIVE,
            current_version__isnull=False,
            current_version__is_appointment=True,
        )
        .select_related("agency", "current_version")
        .order_by("implementation_code")
    )
    if not items:
        return
    market_items = [i for i in items if i.agency.path.startswith(market.path)]
    hall = services.hall_create(
        actor=coordinator,
        code="JZ-ZWZX",
        name="江州市政务服务中心",
        kind=HallKind.SERVICE_CENTRE,
        organization=centre,
        address="江州市江南区市民大道1号",
        opens_at=time(9, 0),
        closes_at=time(17, 0),
        slot_minutes=30,
    )
    comprehensive, _created = services.window_save(
        actor=coordinator,
        hall=hall,
        number="1",
        name="综合受理窗口",
        kind=WindowKind.COMPREHENSIVE,
        items=items,
        clerks=[clerk],
        slot_capacity=3,
    )
    services.window_save(
        actor=coordinator,
        hall=hall,
        number="2",
        name="综合受理窗口",
        kind=WindowKind.COMPREHENSIVE,
        items=items,
        slot_capacity=2,
    )
    if market_items:
        services.window_save(
            actor=coordinator,
            hall=hall,
            number="8",
            name="市场监管窗口",
            kind=WindowKind.DEPARTMENT,
            department=market,
            items=market_items,
            clerks=[reviewer],
            slot_capacity=2,
        )
        services.chief_representative_appoint(
            actor=head,
            hall=hall,
            department=market,
            person=reviewer,
            items=market_items[:2],
        )
    services.hall_create(
        actor=coordinator,
        code="JN-BJ",
        name="滨江街道便民服务中心",
        kind=HallKind.SERVICE_STATION,
        organization=centre,
        address="江州市江南区滨江路88号",
    )

    citizen = _citizen(context)
    now = timezone.now()
    times = rules.slot_times(hall.opens_at, hall.closes_at, hall.slot_minutes)
    zone = timezone.get_current_timezone()
    days = _next_workdays(timezone.localdate(), 5)
    for index, day in enumerate(days[:3]):
        starts_at = datetime.combine(day, times[2 + index], tzinfo=zone)
        services.appointment_book(
            actor=citizen.account,  # type: ignore[arg-type]
            window=comprehensive,
            item=items[index % len(items)],
            starts_at=starts_at,
            at=now,
        )
    # a full slot (capacity 3) on the fourth day: two phone bookings and the citizen's
    others = list(
        Applicant.objects.filter(kind=ApplicantKind.NATURAL_PERSON)
        .exclude(pk=citizen.pk)
        .order_by("pk")[:6]
    )
    full_at = datetime.combine(days[3], times[0], tzinfo=zone)
    for applicant in others[:3]:
        services.appointment_book(
            actor=clerk,
            window=comprehensive,
            item=items[0],
            starts_at=full_at,
            applicant=applicant,
            at=now,
        )
    cancelled = services.appointment_book(
        actor=clerk,
        window=comprehensive,
        item=items[0],
        starts_at=datetime.combine(days[4], times[4], tzinfo=zone),
        applicant=others[3] if len(others) > 3 else citizen,
        at=now,
    )
    services.appointment_cancel(actor=clerk, appointment=cancelled, at=now)

    # today's queue: walk-ins, two served, one being served, the rest waiting
    tickets = [
        services.ticket_issue(
            hall=hall, item=items[i % len(items)], at=now - timedelta(minutes=40 - 5 * i)
        )
        for i in range(6)
    ]
    del tickets
    for minutes in (30, 20):
        ticket = services.ticket_call_next(
            actor=clerk, window=comprehensive, at=now - timedelta(minutes=minutes)
        )
        services.ticket_start(actor=clerk, ticket=ticket, at=now - timedelta(minutes=minutes - 1))
        services.ticket_finish(actor=clerk, ticket=ticket, at=now - timedelta(minutes=minutes - 9))
    services.ticket_call_next(actor=clerk, window=comprehensive, at=now - timedelta(minutes=5))
