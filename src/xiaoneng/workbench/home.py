"""The workbench home: each person's day, one section per role.

A section is built by a `CardSource`: a permission and a small read through a context's
selectors. It holds numbers (each a link to the list that makes it, filtered the same way),
a short list (the rows that need the person first, each linking to its page, deadlines
marked with colour and text) and the role's primary action. The shell depends on the
contexts, never the other way round; every section costs a bounded number of queries
whatever the amount of data (tests/workbench/test_home.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.cases import deadlines
from xiaoneng.cases.selectors import case_list, queue_light, review_queue
from xiaoneng.cases.workflow import Status
from xiaoneng.cockpit.periods import Period
from xiaoneng.cockpit.selectors import cockpit_headlines
from xiaoneng.community.models import OrganizerLevel
from xiaoneng.community.rules import quotas
from xiaoneng.community.selectors import (
    admission_awaiting,
    admission_list,
    communities_visible,
    inspection_list,
    meeting_list,
    meetings_awaiting_approval,
)
from xiaoneng.community.workflow import COUNTED_MEETING_STATUSES, AdmissionStatus
from xiaoneng.complaints.deadlines import deadline_light
from xiaoneng.complaints.selectors import complaint_queue, complaint_unit_inbox, due_window
from xiaoneng.core.access import user_has_perm
from xiaoneng.core.models import User
from xiaoneng.core.roles import Perm
from xiaoneng.evaluation.selectors.rounds import round_list
from xiaoneng.evaluation.selectors.tasks import tasks_overdue
from xiaoneng.evaluation.workflow import RoundStatus
from xiaoneng.hall.selectors import appointment_list, windows_served_by
from xiaoneng.hall.workflow import AppointmentStatus
from xiaoneng.supervision.figures import lights_by
from xiaoneng.supervision.lights import light_summary
from xiaoneng.supervision.models import AccountabilityDeliverable
from xiaoneng.supervision.selectors import accountability_list, breach_list
from xiaoneng.supervision.workflow import DeliverableStatus

SHORT_LIST = 5
#: Days back that count as "new" for rule breaches on the supervisor's home.
NEW_DAYS = 7
#: The cockpit's figures a leader sees first (cockpit.selectors.METRICS codes), in this order.
LEADER_FIGURES = (
    "case_on_time_rate",
    "lights_red",
    "lights_yellow",
    "complaints_received",
    "complaint_closure_rate",
    "rating_satisfaction_rate",
    "tasks_overdue",
)


@dataclass(frozen=True)
class Card:
    """A number and the address of the list behind it."""

    title: str
    value: int | str
    url: str
    tone: str = ""  # "", "yellow" or "red"
    note: str = ""  # e.g. the change against the previous period, or the quota


@dataclass(frozen=True)
class Row:
    """One line of a section's short list, linking to the thing itself."""

    label: str
    text: str
    url: str
    light: str = ""  # deadline light: "red" (已超期), "yellow", "green" or ""
    due_on: date | None = None
    note: str = ""
    tone: str = ""  # without a deadline: the note shown as a coloured label ("red", ...)


@dataclass(frozen=True)
class Action:
    label: str
    url: str


@dataclass
class Section:
    key: str  # stable name (the section's id on the page, tests)
    title: str
    cards: list[Card] = field(default_factory=list)
    rows_title: str = ""
    rows: list[Row] = field(default_factory=list)
    more_url: str = ""  # the whole list the short one is the head of
    actions: list[Action] = field(default_factory=list)


@dataclass(frozen=True)
class CardSource:
    perm: str
    build: Callable[[User, date], Section]
    #: Not shown to users holding one of these: a fuller section of theirs has the same numbers.
    unless: tuple[str, ...] = ()


def _url(name: str, *args: object, **query: object) -> str:
    params = {k: str(v) for k, v in query.items() if v not in (None, "")}
    return reverse(name, args=args) + ("?" + urlencode(params) if params else "")


def _tone(count: int, tone: str) -> str:
    return tone if count else ""


# --- the window clerk ---------------------------------------------------------------------------


def _window(user: User, today: date) -> Section:
    """Applications received today, waiting for acceptance (oldest first, with the last day
    for the one-time supplement notice, 行政许可法 Art. 32: 5 working days after receipt),
    supplements asked for, today's appointments at the clerk's windows, and the register
    button (收件)."""
    received = case_list(user=user, received_on=today).count()
    waiting_qs = case_list(user=user, status=Status.SUBMITTED)
    waiting = waiting_qs.count()
    supplements = case_list(user=user, status=Status.SUPPLEMENT_REQUESTED).count()
    section = Section(
        "window",
        _("Window acceptance"),
        cards=[
            Card(
                _("Applications received today"),
                received,
                _url("cases:search", received=today.isoformat()),
            ),
            Card(
                _("Applications waiting for acceptance"),
                waiting,
                _url("cases:search", status=Status.SUBMITTED),
                _tone(waiting, "yellow"),
            ),
            Card(
                _("Supplements requested, awaiting the applicant"),
                supplements,
                _url("cases:search", status=Status.SUPPLEMENT_REQUESTED),
            ),
        ],
        rows_title=_("Waiting for acceptance: last day for a supplement notice"),
        more_url=_url("cases:search", status=Status.SUBMITTED),
        actions=[Action(_("Register an application"), reverse("cases:window"))],
    )
    for case in waiting_qs.order_by("received_at", "id")[:SHORT_LIST]:
        notice_due_on = deadlines.supplement_notice_due(timezone.localdate(case.received_at))
        left = deadlines.workdays_left(notice_due_on, today)
        section.rows.append(
            Row(
                case.number,
                case.title,
                reverse("cases:window_case", args=[case.number]),
                "red" if left < 0 else "yellow" if left <= 1 else "green",
                notice_due_on,
            )
        )
    section.cards.extend(_appointments_today(user, today))
    return section


def _appointments_today(user: User, today: date) -> list[Card]:
    """Appointments booked or checked in today at each window the clerk serves (hall)."""
    windows = windows_served_by(user=user)
    if not windows:
        return []
    zone = timezone.get_current_timezone()
    start = datetime.combine(today, time.min, tzinfo=zone)
    counts = Counter(
        appointment_list(user=user)
        .filter(
            window__in=windows,
            starts_at__gte=start,
            starts_at__lt=start + timedelta(days=1),
            status__in=[AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN],
        )
        .values_list("window_id", flat=True)
    )
    labels = "、".join(window.label for window in windows[:3]) + ("…" if len(windows) > 3 else "")
    return [
        Card(
            _("Appointments today at my windows (%(windows)s)") % {"windows": labels},
            sum(counts.values()),
            reverse("hall:window", args=[windows[0].pk])
            if len(windows) == 1
            else reverse("hall:halls"),
        )
    ]


# --- the reviewer -------------------------------------------------------------------------------


def _review(user: User, today: date) -> Section:
    """The review queue, the cases past the committed deadline, and the five due soonest,
    red first."""
    queue = review_queue(user=user, limit=200)
    overdue = case_list(user=user, is_overdue=True, today=today).count()
    lights = [(case, *queue_light(case, today)) for case in queue]
    order = {"red": 0, "yellow": 1, "green": 2, "": 3}
    lights.sort(key=lambda r: (order[r[1]], r[0].committed_due_on or date.max, r[0].received_at))
    return Section(
        "review",
        _("My review queue"),
        cards=[
            Card(_("Cases in my review queue"), len(queue), reverse("cases:queue")),
            Card(
                _("Past the committed deadline"),
                overdue,
                _url("cases:search", overdue=1),
                _tone(overdue, "red"),
            ),
        ],
        rows_title=_("Due soonest"),
        rows=[
            Row(
                case.number,
                case.title,
                reverse("cases:case", args=[case.number]),
                light,
                case.committed_due_on,
                _("%(n)s working days left") % {"n": left} if left is not None else "",
            )
            for case, light, left in lights[:SHORT_LIST]
        ],
        more_url=reverse("cases:queue"),
    )


# --- the efficiency supervisor ------------------------------------------------------------------


def _supervision(user: User, today: date) -> Section:
    """Lights today, rule breaches of the last days (new alerts), documents of
    accountabilities waiting for review, overdue supervision tasks, red cases by unit."""
    summary = light_summary(user=user, as_of=today)
    since = today - timedelta(days=NEW_DAYS - 1)
    breaches = breach_list(user=user, start=since, end=today).count()
    pending = AccountabilityDeliverable.objects.filter(
        accountability__in=accountability_list(user=user).values("pk"),
        status=DeliverableStatus.SUBMITTED,
    ).count()
    section = Section(
        "supervision",
        _("Electronic supervision"),
        cards=[
            Card(
                _("Red: past the committed deadline"),
                summary.red,
                _url("supervision:cases", light="red", as_of=today),
                _tone(summary.red, "red"),
            ),
            Card(
                _("Yellow: deadline near"),
                summary.yellow,
                _url("supervision:cases", light="yellow", as_of=today),
                _tone(summary.yellow, "yellow"),
            ),
            Card(
                _("New rule breaches (last %(n)s days)") % {"n": NEW_DAYS},
                breaches,
                _url("supervision:breaches", start=since, end=today),
                _tone(breaches, "yellow"),
            ),
            Card(
                _("Accountability documents to review"),
                pending,
                reverse("supervision:accountabilities"),
                _tone(pending, "yellow"),
            ),
        ],
        rows_title=_("Red cases by unit"),
        more_url=_url("supervision:cases", light="red", as_of=today),
    )
    if user_has_perm(user, Perm.TASK_MANAGE):
        section.cards.append(_overdue_tasks_card(user, today))
    if user_has_perm(user, Perm.WARNING_ISSUE):
        section.actions.append(Action(_("Issue a warning"), reverse("supervision:warnings")))
    for row in lights_by(user=user, group="agency", as_of=today):
        if not row.red or len(section.rows) >= SHORT_LIST:
            break
        section.rows.append(
            Row(
                row.label,
                _("%(n)s yellow") % {"n": row.yellow},
                _url("supervision:cases", light="red", as_of=today, agency=row.key),
                note=_("%(n)s red") % {"n": row.red},
                tone="red",
            )
        )
    return section


def _overdue_tasks_card(user: User, today: date) -> Card:
    count = tasks_overdue(user=user, on=today).count()
    return Card(
        _("Overdue supervision tasks"),
        count,
        _url("evaluation:tasks", overdue=1),
        _tone(count, "red"),
    )


def _lights(user: User, today: date) -> Section:
    summary = light_summary(user=user, as_of=today)
    return Section(
        "lights",
        _("Electronic supervision"),
        cards=[
            Card(
                _("Red: past the committed deadline"),
                summary.red,
                _url("supervision:cases", light="red", as_of=today),
                _tone(summary.red, "red"),
            ),
            Card(
                _("Yellow: deadline near"),
                summary.yellow,
                _url("supervision:cases", light="yellow", as_of=today),
                _tone(summary.yellow, "yellow"),
            ),
        ],
    )


# --- complaints ---------------------------------------------------------------------------------


def _complaints(user: User, today: date) -> Section:
    """The centre's queue: overdue, due this week, the five due soonest (overdue first)."""
    queue = complaint_queue(user=user)
    overdue = due_window(queue, "overdue", today).count()
    this_week = due_window(queue, "week", today).count()
    return Section(
        "complaints",
        _("Complaint handling"),
        cards=[
            Card(_("Complaints in the centre's queue"), queue.count(), reverse("complaints:queue")),
            Card(
                _("Past the deadline"),
                overdue,
                _url("complaints:queue", due="overdue"),
                _tone(overdue, "red"),
            ),
            Card(
                _("Due this week"),
                this_week,
                _url("complaints:queue", due="week"),
                _tone(this_week, "yellow"),
            ),
        ],
        rows_title=_("Due soonest"),
        rows=[
            Row(
                c.number,
                c.title,
                reverse("complaints:detail", args=[c.number]),
                deadline_light(c.due_on, c.is_finished, today),
                c.due_on,
            )
            for c in queue[:SHORT_LIST]
        ],
        more_url=reverse("complaints:queue"),
        actions=[Action(_("Register a complaint"), reverse("complaints:register"))],
    )


def _complaint_inbox(user: User, today: date) -> Section:
    count = complaint_unit_inbox(user=user).count()
    return Section(
        "complaint_inbox",
        _("Complaints transferred to my unit"),
        cards=[
            Card(
                _("Complaints transferred to my unit"),
                count,
                reverse("complaints:inbox"),
                _tone(count, "yellow"),
            )
        ],
    )


# --- community burden reduction -----------------------------------------------------------------


def _month(today: date) -> tuple[date, date]:
    first = today.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def _community(user: User, today: date) -> Section:
    """Admission requests of the user's communities still pending (rule 2, 准入), and this
    month's quota status per community (rule 5: street meetings a community is called
    to, at most `street_meetings_per_month`; rule 6: the street's inspections of it, at most
    `street_inspections_per_month`), counted as community.services count them."""
    limits = quotas()
    start, end = _month(today)
    communities = list(communities_visible(user=user).order_by("path")[:SHORT_LIST])
    ids = [c.pk for c in communities]
    meetings = Counter(
        meeting_list(user=user)
        .filter(
            held_on__range=(start, end),
            status__in=COUNTED_MEETING_STATUSES,
            is_routine=False,
            organizer_level__in=[OrganizerLevel.STREET_OFFICE, OrganizerLevel.STREET_DEPARTMENT],
            communities__in=ids,
        )
        .values_list("communities", flat=True)
    )
    inspections = Counter(
        inspection_list(user=user)
        .filter(inspected_on__range=(start, end), inspected__in=ids)
        .values_list("inspected_id", flat=True)
    )
    section = Section(
        "community",
        _("Community burden reduction"),
        rows_title=_("This month's quotas"),
        more_url=reverse("community:dashboard"),
    )
    if not user_has_perm(user, Perm.COMMUNITY_APPROVE):  # those who decide: "awaiting my decision"
        pending = (
            admission_list(user=user)
            .filter(status__in=[AdmissionStatus.SUBMITTED, AdmissionStatus.STREET_APPROVED])
            .count()
        )
        section.cards.append(
            Card(
                _("Admission requests not yet decided"),
                pending,
                reverse("community:admissions"),
                _tone(pending, "yellow"),
            )
        )
    for community in communities:
        m, i = meetings[community.pk], inspections[community.pk]
        over = m > limits.street_meetings_per_month or i > limits.street_inspections_per_month
        full = m >= limits.street_meetings_per_month or i >= limits.street_inspections_per_month
        section.rows.append(
            Row(
                community.short_name or community.name,
                _("street meetings %(m)s of %(ml)s, street inspections %(i)s of %(il)s")
                % {
                    "m": m,
                    "ml": limits.street_meetings_per_month,
                    "i": i,
                    "il": limits.street_inspections_per_month,
                },
                reverse("community:meetings"),
                note=_("over quota") if over else _("quota reached") if full else _("within quota"),
                tone="red" if over else "yellow" if full else "green",
            )
        )
    return section


def _community_approvals(user: User, today: date) -> Section:
    meetings = meetings_awaiting_approval(user=user).count()
    admissions = admission_awaiting(user=user).count()
    return Section(
        "community_approvals",
        _("Awaiting my decision"),
        cards=[
            Card(
                _("Meetings awaiting approval"),
                meetings,
                reverse("community:meetings"),
                _tone(meetings, "yellow"),
            ),
            Card(
                _("Admission requests awaiting decision"),
                admissions,
                reverse("community:admissions"),
                _tone(admissions, "yellow"),
            ),
        ],
    )


# --- evaluation ---------------------------------------------------------------------------------


def _evaluation(user: User, today: date) -> Section:
    """Rounds open for scoring, with their scoring deadline and the units not yet scored."""
    open_rounds = round_list(user=user).filter(status=RoundStatus.SCORING)
    count = open_rounds.count()
    section = Section(
        "evaluation",
        _("Performance evaluation"),
        cards=[Card(_("Rounds open for scoring"), count, reverse("evaluation:rounds"))],
        rows_title=_("Open rounds: units not yet scored"),
        more_url=reverse("evaluation:rounds"),
        actions=[Action(_("Start a new round"), reverse("evaluation:rounds"))],
    )
    for evaluation_round in open_rounds.order_by("score_deadline", "pk")[:SHORT_LIST]:
        scored = evaluation_round.scores.values("unit")
        missing = evaluation_round.units.exclude(organization__in=scored).count()
        section.rows.append(
            Row(
                evaluation_round.name,
                _("%(n)s units not yet scored") % {"n": missing},
                reverse("evaluation:round", args=[evaluation_round.pk]),
                deadline_light(evaluation_round.score_deadline, False, today),
                evaluation_round.score_deadline,
            )
        )
    return section


# --- the leader ---------------------------------------------------------------------------------


def _figure(value: Decimal | int | None, is_rate: bool) -> str:
    if value is None:
        return "—"
    return f"{value}%" if is_rate else str(value)


def _change(change: Decimal | None, is_rate: bool) -> str:
    if change is None:
        return _("no comparison with the previous month")
    sign = "+" if change > 0 else ""
    unit = _("pts") if is_rate else "%"
    return _("%(change)s vs the previous month") % {"change": f"{sign}{change} {unit}"}


def _cockpit(user: User, today: date) -> Section:
    """The cockpit's headline figures this month with the change against the previous month,
    read from the cockpit (never recomputed here); each links to its tile in the cockpit."""
    cockpit = cockpit_headlines(
        user=user,
        as_of=today,
        period=Period.MONTH,
        trend_periods=1,
        with_ranking=False,
        codes=LEADER_FIGURES,
    )
    by_code = {h.code: h for h in cockpit.headlines}
    cards = []
    for code in LEADER_FIGURES:
        headline = by_code.get(code)
        if headline is None:
            continue
        cards.append(
            Card(
                headline.label,
                _figure(headline.value, headline.is_rate),
                reverse("cockpit:cockpit") + f"#h-{code}",
                "red" if code == "lights_red" and headline.value else "",
                _change(headline.period_on_period, headline.is_rate),
            )
        )
    return Section(
        "cockpit",
        _("This month at a glance"),
        cards=cards,
        actions=[Action(_("Open the cockpit"), reverse("cockpit:cockpit"))],
    )


SOURCES = [
    # The supervisors' own section holds their figures; the cockpit is one click away.
    CardSource(Perm.COCKPIT_VIEW, _cockpit, unless=(Perm.SUPERVISION_ACT,)),
    CardSource(Perm.CASE_ACCEPT, _window),
    CardSource(Perm.CASE_REVIEW, _review),
    CardSource(Perm.SUPERVISION_ACT, _supervision),
    CardSource(Perm.COMPLAINT_HANDLE, _complaints),
    CardSource(Perm.COMMUNITY_RECORD, _community),
    CardSource(Perm.COMMUNITY_APPROVE, _community_approvals),
    CardSource(Perm.EVALUATION_MANAGE, _evaluation),
    CardSource(Perm.COMPLAINT_REPLY, _complaint_inbox),
    CardSource(Perm.SUPERVISION_VIEW, _lights, unless=(Perm.SUPERVISION_ACT, Perm.COCKPIT_VIEW)),
]


def sections_for(user: User, today: date | None = None) -> list[Section]:
    """The home's sections for the user's roles, in the order of SOURCES."""
    today = today or timezone.localdate()
    return [
        source.build(user, today)
        for source in SOURCES
        if user_has_perm(user, source.perm)
        and not any(user_has_perm(user, perm) for perm in source.unless)
    ]
