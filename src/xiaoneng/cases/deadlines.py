"""Statutory deadlines of a case: pure functions over dates and the working-day calendar.

Every limit is in working days excluding statutory holidays, the day of the triggering event
not counted (行政许可法 Art. 82; see :func:`xiaoneng.workdays.add_workdays`).  No function here
touches the database; the services store what these return.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from xiaoneng.workdays import (
    add_workdays,
    add_workdays_checked,
    count_workdays,
    deadline_with_pauses_checked,
    elapsed_workdays,
)

#: Art. 32: the supplement notice comes on the spot or within 5 (working) days of receipt.
SUPPLEMENT_NOTICE_DAYS = 5
#: Art. 42: decision within 20 working days of acceptance, +10 with the agency head's approval.
DECISION_DAYS = 20
EXTENSION_DAYS = 10
#: Art. 42 para. 2: joint or centralized handling 45 working days, +15 with the government
#: head's approval.
JOINT_DECISION_DAYS = 45
JOINT_EXTENSION_DAYS = 15
#: Art. 44: certificate delivered within 10 working days of the decision.
DELIVERY_DAYS = 10
#: Inter-department countersign (会签): an opinion within 7 working days.
OPINION_DAYS = 7

Pause = tuple[date, date | None]


@dataclass(frozen=True)
class Due:
    """A computed deadline and whether it rests on a year without an announced notice."""

    on: date
    is_provisional: bool = False


def supplement_notice_due(received_on: date) -> date:
    """Last day for the one-time supplement notice (行政许可法 Art. 32 (4)).

    The notice is given on the spot or within 5 working days of receipt; when none is given
    in time the application counts as accepted on the day it was received.
    2025-09-30 (received) → 2025-10-14, National Day in between.
    """
    return add_workdays(received_on, SUPPLEMENT_NOTICE_DAYS)


def is_notice_period_over(received_on: date, today: date) -> bool:
    """True when no supplement notice may be given any more: today is after the 5th working
    day after receipt (Art. 32), so the application counts as accepted on ``received_on``."""
    return today > supplement_notice_due(received_on)


def legal_limit_days(*, item_legal_days: int | None, is_joint: bool) -> int:
    """The legal limit a case runs under (Art. 42): the item's own, else 20, joint items 45.

    An item's legal limit wins when given (some laws set a shorter one); a joint item is
    never allowed more than 45 working days plus the extension.
    """
    if item_legal_days:
        return item_legal_days
    return JOINT_DECISION_DAYS if is_joint else DECISION_DAYS


def extension_days(*, is_joint: bool) -> int:
    """Working days one extension adds (Art. 42): 10 with the agency head's approval,
    joint or centralized handling 15 with the government head's approval.  Once only."""
    return JOINT_EXTENSION_DAYS if is_joint else EXTENSION_DAYS


def decision_due(
    accepted_on: date,
    limit_days: int,
    *,
    extension: int = 0,
    pauses: Sequence[Pause] = (),
    as_of: date | None = None,
) -> Due:
    """Decision deadline: ``limit_days`` (+ ``extension``) working days after acceptance,
    the clock stopped during special procedures (Art. 42, Art. 45).

    ``limit_days == 0`` is an immediate item, due on the day of acceptance ("not
    overnight", 即办事项不过夜).  A special procedure from day a to day b moves the deadline
    by ``count_workdays(a, b)`` working days, provided it began before the deadline (a
    procedure begun after the deadline cannot save an overdue case).  An open procedure
    (b = None) counts up to ``as_of``.
    """
    n = limit_days + extension
    if n == 0:
        return Due(accepted_on, False)
    result = deadline_with_pauses_checked(accepted_on, n, pauses, as_of=as_of)
    return Due(result.day, result.is_provisional)


def shift_for_pause(due_on: date, started_on: date, ended_on: date) -> date:
    """A deadline moved by a closed special procedure (Art. 45): by count_workdays(a, b).

    Equivalent to :func:`decision_due` with the pause when ``started_on`` < ``due_on``.
    """
    if started_on >= due_on:
        return due_on
    return add_workdays(due_on, count_workdays(started_on, ended_on))


def delivery_due(decided_on: date) -> Due:
    """Delivery deadline of the certificate or decision: 10 working days (Art. 44)."""
    result = add_workdays_checked(decided_on, DELIVERY_DAYS)
    return Due(result.day, result.is_provisional)


def opinion_due(requested_on: date, limit_days: int = OPINION_DAYS) -> date:
    """A co-department's opinion is due ``limit_days`` (default 7) working days after the
    request (countersign rule; the item's co-department row may set another limit)."""
    return add_workdays(requested_on, limit_days)


def workdays_used(accepted_on: date, as_of: date, pauses: Sequence[Pause] = ()) -> int:
    """Working days on which the clock ran between acceptance and ``as_of`` (pauses out)."""
    if as_of <= accepted_on:
        return 0
    return elapsed_workdays(accepted_on, as_of, pauses)


def workdays_left(due_on: date, as_of: date) -> int:
    """Working days from ``as_of`` to the deadline: 0 on the deadline itself, negative when
    overdue (−1 on the first working day after it)."""
    if as_of <= due_on:
        return count_workdays(as_of, due_on)
    return -count_workdays(due_on, as_of)


def paused_workdays(pauses: Sequence[Pause], as_of: date) -> int:
    """Working days removed by special procedures: Σ count_workdays(a, b), open ones to as_of."""
    total = 0
    for started_on, ended_on in pauses:
        total += count_workdays(started_on, ended_on or max(started_on, as_of))
    return total
