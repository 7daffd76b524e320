"""The supervision sweep (`xiaoneng supervise`): idempotent, safe to run any number of times.

1. deemed acceptance — the cases context's `case_deem_accepted_overdue` (Art. 32), when present;
2. watches — create the missing ones, rebuild those whose case changed since (all with `full`);
3. time-based rule breaches as of the day (breaches.detect_time_based);
4. alerts — a case that is yellow or red gets one notification per level, to its assignee and
   the efficiency supervisors covering its agency (dedupe key ``light:<case>:<level>``; the
   watch also remembers the alert so the next sweep does not even try again).
5. recorded figures — the finished days of the last month not recorded yet (daily.py), which
   the cockpit's trend reads instead of recomputing a year of cases.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.cases import services as case_services
from xiaoneng.cases.models import Case
from xiaoneng.core.models import Organization, User
from xiaoneng.core.notifications import notify
from xiaoneng.core.roles import Role
from xiaoneng.core.selectors import staff_with_role
from xiaoneng.supervision.breaches import detect_time_based
from xiaoneng.supervision.clock import provisional_flags_sync, watch_refresh
from xiaoneng.supervision.daily import daily_figures_catch_up
from xiaoneng.supervision.lights import CONDITIONS, as_of_day, open_at, with_lights
from xiaoneng.supervision.models import CaseWatch, Light, SupervisionSettings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SweepReport:
    as_of: date
    deemed_accepted: int
    watches_refreshed: int
    new_breaches: int
    alerts: int
    days_recorded: int = 0


def watches_refresh(*, full: bool = False) -> int:
    """Create missing watches and rebuild those of cases changed since; `full` rebuilds every
    open one (after a calendar notice or a threshold change)."""
    defaults = SupervisionSettings.current()
    accepted = Case.objects.filter(accepted_on__isnull=False)
    if full:
        stale = accepted.filter(Q(watch__isnull=True) | Q(watch__finished_on__isnull=True))
    else:
        stale = accepted.filter(
            Q(watch__isnull=True) | Q(last_event_at__gt=F("watch__refreshed_at"))
        )
    count = 0
    for case in stale.select_related("agency", "item_version__item").iterator(chunk_size=500):
        watch_refresh(case, defaults=defaults)
        count += 1
    return count


def _recipients(watch: CaseWatch, cache: dict[int, list[User]]) -> list[User]:
    if watch.agency_id not in cache:
        agency = Organization.objects.get(pk=watch.agency_id)
        cache[watch.agency_id] = staff_with_role(
            role=Role.EFFICIENCY_SUPERVISOR, organization=agency
        )
    people = list(cache[watch.agency_id])
    if watch.assignee is not None:
        people.append(watch.assignee)
    return people


def alerts_send(*, as_of: date) -> int:
    """One notification per case and level (yellow, red) to its assignee and supervisors."""
    lit = with_lights(open_at(CaseWatch.objects.all(), as_of), as_of)
    cache: dict[int, list[User]] = {}
    sent = 0
    now = timezone.now()
    for level, field in ((Light.RED, "red_alerted_at"), (Light.YELLOW, "yellow_alerted_at")):
        due = lit.filter(CONDITIONS[level], **{f"{field}__isnull": True}).select_related("assignee")
        alerted = []
        for watch in due.iterator(chunk_size=500):
            if level == Light.RED:
                title = _("Case %(number)s is past its committed deadline (%(due)s)")
            else:
                title = _("Case %(number)s is near its committed deadline (%(due)s)")
            created = notify(
                recipients=_recipients(watch, cache),
                title=title % {"number": watch.case_number, "due": watch.committed_due_on},
                body=_("%(item)s — %(days)s working days left.")
                % {"item": watch.item_name, "days": getattr(watch, "days_left", "")},
                link=f"/workbench/supervision/cases/?light={level}",
                level="danger" if level == Light.RED else "warning",
                dedupe_key=f"light:{watch.pk}:{level}",
                # the wording: the notifications context's templates (notifications/kinds.py)
                kind=f"deadline_{level}",
                context={
                    "case_number": watch.case_number,
                    "item_name": watch.item_name,
                    "due_on": watch.committed_due_on,
                    "days_left": getattr(watch, "days_left", ""),
                },
            )
            sent += len(created)
            alerted.append(watch.pk)
        CaseWatch.objects.filter(pk__in=alerted).update(**{field: now})
    return sent


def supervise(*, as_of: date | None = None, full: bool = False) -> SweepReport:
    """Run the whole sweep as of `as_of` (default today)."""
    day = as_of_day(as_of)
    deem = getattr(case_services, "case_deem_accepted_overdue", None)
    deemed = deem(as_of=day) if deem is not None else 0
    refreshed = watches_refresh(full=full)
    provisional_flags_sync()
    breaches = detect_time_based(as_of=day)
    alerts = alerts_send(as_of=day)
    recorded = daily_figures_catch_up()
    report = SweepReport(day, deemed, refreshed, breaches, alerts, recorded)
    logger.info("supervision sweep %s", report)
    return report
