"""Portal pages of the hall (mounted under /hall/): choose a hall → a window's item → a free
slot of the coming days → book; "my appointments" with cancel and reschedule until the cut-off.

Booking and the applicant's own appointments need an applicant account. Thin: parse → one
service or selector → render; the services' refusals (full slot, cut-off, no-show block) are
shown with the form.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import wraps
from itertools import groupby
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiaoneng.catalog.models import ServiceItem
from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.core.models import User, UserKind
from xiaoneng.hall import rules, selectors, services
from xiaoneng.hall.forms import BookForm, SlotChoiceForm
from xiaoneng.hall.models import Appointment, Hall, Window
from xiaoneng.hall.workflow import AppointmentStatus

SIGN_IN = reverse_lazy("portal:sign_in")
#: Calendar days of slots one page shows.
DAYS_SHOWN = 7

View = Callable[..., HttpResponse]


def applicant_required(view: View) -> View:
    """Signed in (else to the portal's sign-in) with an applicant account (else home)."""

    @login_required(login_url=SIGN_IN)
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if getattr(user, "kind", "") != UserKind.APPLICANT or not hasattr(user, "applicant"):
            messages.error(request, _("Sign in with an applicant account to book appointments."))
            return redirect("portal:home")
        return view(request, *args, **kwargs)

    return wrapped


def _hall(code: str) -> Hall:
    try:
        return selectors.hall_get(code=code)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc


def _own(request: HttpRequest, number: str) -> Appointment:
    """The signed-in applicant's appointment; another's is not found (404)."""
    try:
        return selectors.appointment_get(user=request.user, number=number)  # type: ignore[arg-type]
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc


def _first_day(request: HttpRequest, hall: Hall, errors: list[str]) -> date:
    """The first day shown: ?from=YYYY-MM-DD, within today … the hall's booking horizon."""
    today = timezone.localdate()
    raw = request.GET.get("from", "")
    try:
        first = date.fromisoformat(raw) if raw else today
    except ValueError:
        errors.append(_("Enter a date as YYYY-MM-DD."))
        first = today
    return min(max(first, today), today + timedelta(days=hall.booking_days_ahead))


def _days(
    *, item: ServiceItem, hall: Hall, first: date, window: Window | None, skip: Any = None
) -> list[tuple[date, list[selectors.FreeSlot]]]:
    """The slots from ``first`` for DAYS_SHOWN days, full ones included, grouped by day."""
    slots = selectors.slot_search(
        item_id=item.pk,
        first=first,
        last=first + timedelta(days=DAYS_SHOWN - 1),
        window_id=window.pk if window else None,
        hall_code=hall.code,
        include_full=True,
    )
    slots = [s for s in slots if (s.window_id, s.starts_at) != skip]
    if window is None:
        slots = _best_per_time(slots)
    return [
        (day, list(rows))
        for day, rows in groupby(slots, key=lambda s: timezone.localtime(s.starts_at).date())
    ]


def _best_per_time(slots: list[selectors.FreeSlot]) -> list[selectors.FreeSlot]:
    """Any window: one slot per time, at the window with the most places left (the first of
    equals), so the page offers each time once."""
    best: dict[Any, selectors.FreeSlot] = {}
    for slot in slots:
        if slot.starts_at not in best or slot.free > best[slot.starts_at].free:
            best[slot.starts_at] = slot
    return sorted(best.values(), key=lambda s: s.starts_at)


def _paging(hall: Hall, first: date) -> dict[str, date | None]:
    today = timezone.localdate()
    horizon = today + timedelta(days=hall.booking_days_ahead)
    previous = max(today, first - timedelta(days=DAYS_SHOWN))
    following = first + timedelta(days=DAYS_SHOWN)
    return {
        "first": first,
        "last": first + timedelta(days=DAYS_SHOWN - 1),
        "previous": previous if first > today else None,
        "following": following if following <= horizon else None,
    }


def _query(**params: Any) -> str:
    """The query string the day-paging links keep (ending in "&" for their ``from``)."""
    kept = {name: value for name, value in params.items() if value != ""}
    return urlencode(kept) + "&" if kept else ""


def _errors_of(form: Any, error: DomainError | None = None) -> list[str]:
    found = [str(m) for messages_ in form.errors.values() for m in messages_] if form else []
    if error is not None:
        found += [str(m) for _field, m in error.errors]
    return found


def index(request: HttpRequest) -> HttpResponse:
    """The halls that take appointments."""
    return render(request, "hall/portal/index.html", {"halls": selectors.hall_list()})


def hall_page(request: HttpRequest, code: str) -> HttpResponse:
    """One hall: its windows and the items each books."""
    hall = _hall(code)
    return render(
        request,
        "hall/portal/hall.html",
        {"hall": hall, "rows": selectors.hall_bookable_windows(hall=hall)},
    )


@applicant_required
def book(request: HttpRequest, code: str) -> HttpResponse:
    """The free slots of an item at the hall for the coming days; POST books one."""
    hall = _hall(code)
    user: User = request.user  # type: ignore[assignment]
    rows = selectors.hall_bookable_windows(hall=hall)
    wanted = request.POST.get("item") or request.GET.get("item") or ""
    windows = [w for w, items in rows if any(i.implementation_code == wanted for i in items)]
    if not windows:
        messages.error(request, _("Choose a service item this hall takes appointments for."))
        return redirect("portal_hall:hall", code=hall.code)
    item = next(i for w, items in rows for i in items if i.implementation_code == wanted)
    errors: list[str] = []
    window = None
    if request.GET.get("window"):
        window = next((w for w in windows if str(w.pk) == request.GET["window"]), None)
        if window is None:
            errors.append(_("Choose one of the windows shown."))
    if request.method == "POST":
        form = BookForm(request.POST)
        if form.is_valid():
            chosen = next((w for w in windows if w.pk == form.cleaned_data["window"]), None)
            if chosen is None:
                errors.append(_("Choose one of the windows shown."))
            else:
                try:
                    appointment = services.appointment_book(
                        actor=user,
                        window=chosen,
                        item=item,
                        starts_at=form.cleaned_data["starts_at"],
                    )
                except DomainError as error:
                    errors += _errors_of(None, error)
                else:
                    messages.success(
                        request,
                        _(
                            "Appointment %(number)s booked: %(time)s, %(window)s. "
                            "Your check-in code is %(code)s."
                        )
                        % {
                            "number": appointment.number,
                            "time": timezone.localtime(appointment.starts_at).strftime(
                                "%Y-%m-%d %H:%M"
                            ),
                            "window": chosen.label,
                            "code": appointment.check_in_code,
                        },
                    )
                    return redirect("portal_hall:mine")
        else:
            errors += _errors_of(form)
    first = _first_day(request, hall, errors)
    return render(
        request,
        "hall/portal/book.html",
        {
            "hall": hall,
            "item": item,
            "windows": windows,
            "window": window,
            "days": _days(item=item, hall=hall, first=first, window=window),
            "paging": _paging(hall, first),
            "query": _query(item=item.implementation_code, window=window.pk if window else ""),
            "errors": errors,
        },
    )


@applicant_required
def mine(request: HttpRequest) -> HttpResponse:
    """The signed-in applicant's appointments, latest slot first."""
    now = timezone.now()
    appointments = [
        (appointment, _is_changeable(appointment, now))
        for appointment in selectors.appointment_list(user=request.user)[:100]  # type: ignore[arg-type]
    ]
    return render(request, "hall/portal/mine.html", {"appointments": appointments})


def _is_changeable(appointment: Appointment, now: datetime) -> bool:
    """Whether the page offers cancel and reschedule (the services decide on submit)."""
    return appointment.status == AppointmentStatus.BOOKED and rules.may_change(
        appointment.starts_at, now, appointment.window.hall.change_cutoff_hours
    )


def _appointment_page(
    request: HttpRequest, appointment: Appointment, errors: list[str]
) -> HttpResponse:
    return render(
        request,
        "hall/portal/appointment.html",
        {
            "appointment": appointment,
            "is_changeable": _is_changeable(appointment, timezone.now()),
            "errors": errors,
        },
    )


@applicant_required
def appointment_page(request: HttpRequest, number: str) -> HttpResponse:
    return _appointment_page(request, _own(request, number), [])


@applicant_required
@require_POST
def cancel(request: HttpRequest, number: str) -> HttpResponse:
    appointment = _own(request, number)
    try:
        services.appointment_cancel(actor=request.user, appointment=appointment)  # type: ignore[arg-type]
    except DomainError as error:
        return _appointment_page(request, appointment, _errors_of(None, error))
    messages.success(
        request, _("Appointment %(number)s cancelled.") % {"number": appointment.number}
    )
    return redirect("portal_hall:mine")


@applicant_required
def reschedule(request: HttpRequest, number: str) -> HttpResponse:
    """Another slot for the same item at the same hall; POST moves the appointment there."""
    appointment = _own(request, number)
    hall = appointment.window.hall
    windows = selectors.hall_windows_for_item(hall=hall, item=appointment.item)
    errors: list[str] = []
    if request.method == "POST":
        form = SlotChoiceForm(request.POST)
        if form.is_valid():
            chosen = next((w for w in windows if w.pk == form.cleaned_data["window"]), None)
            if chosen is None:
                errors.append(_("Choose one of the windows shown."))
            else:
                try:
                    moved = services.appointment_reschedule(
                        actor=request.user,  # type: ignore[arg-type]
                        appointment=appointment,
                        starts_at=form.cleaned_data["starts_at"],
                        window=chosen,
                    )
                except DomainError as error:
                    errors += _errors_of(None, error)
                else:
                    messages.success(
                        request,
                        _("Appointment %(number)s moved to %(time)s, %(window)s.")
                        % {
                            "number": moved.number,
                            "time": timezone.localtime(moved.starts_at).strftime("%Y-%m-%d %H:%M"),
                            "window": chosen.label,
                        },
                    )
                    return redirect("portal_hall:mine")
        else:
            errors += _errors_of(form)
    first = _first_day(request, hall, errors)
    return render(
        request,
        "hall/portal/reschedule.html",
        {
            "appointment": appointment,
            "hall": hall,
            "item": appointment.item,
            "is_changeable": _is_changeable(appointment, timezone.now()),
            "days": _days(
                item=appointment.item,
                hall=hall,
                first=first,
                window=None,
                skip=(appointment.window_id, appointment.starts_at),
            ),
            "paging": _paging(hall, first),
            "query": "",
            "errors": errors,
        },
    )
