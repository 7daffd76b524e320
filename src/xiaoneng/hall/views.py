"""Workbench pages of the hall: halls and windows, the window clerk's page, the counter
(tablet) where the applicant rates, the hall display (full screen, refreshed by htmx) and the
figures. Thin: parse → one service or selector → render."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.cases.submission import resolve_or_register_applicant
from xiaoneng.core.access import user_has_perm
from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.core.models import ApplicantKind, User
from xiaoneng.core.roles import Perm
from xiaoneng.hall import figures, selectors, services
from xiaoneng.hall.forms import FiguresFilterForm
from xiaoneng.hall.models import Hall, Window


def _window(request: HttpRequest, pk: int) -> Window:
    try:
        window = selectors.window_get(pk=pk, user=request.user)  # type: ignore[arg-type]
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    if not selectors.may_serve(request.user, window):  # type: ignore[arg-type]
        raise PermissionDenied
    return window


@login_required
def halls(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if not (user_has_perm(user, Perm.HALL_MANAGE) or user_has_perm(user, Perm.CASE_ACCEPT)):
        raise PermissionDenied
    rows = [
        (
            hall,
            selectors.window_list(hall=hall, user=user),
            selectors.chief_representatives(hall=hall),
            selectors.may_run_kiosk(user, hall),
        )
        for hall in selectors.hall_list(user=user)
    ]
    return render(
        request,
        "hall/halls.html",
        {
            "rows": rows,
            "mine": selectors.windows_served_by(user=user),
            "may_import": user_has_perm(user, Perm.HALL_MANAGE),
        },
    )


@login_required
def window_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The window clerk's page: the current ticket, call next, start, finish, skip, transfer,
    and register the case of the applicant being served."""
    window = _window(request, pk)
    user: User = request.user  # type: ignore[assignment]
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            current = selectors.current_ticket(window=window)
            if action == "call_next":
                ticket = services.ticket_call_next(actor=user, window=window)
                messages.success(request, _("Called %(ticket)s.") % {"ticket": ticket.number})
            elif current is None:
                raise NotFound(_("No ticket at this window."), field="ticket")
            elif action == "start":
                services.ticket_start(actor=user, ticket=current)
            elif action == "finish":
                services.ticket_finish(actor=user, ticket=current)
            elif action == "skip":
                services.ticket_skip(actor=user, ticket=current)
            elif action == "transfer":
                target = selectors.window_get(pk=int(request.POST.get("to") or 0), user=user)
                services.ticket_transfer(actor=user, ticket=current, window=target)
            elif action == "register_case":
                from_id = request.POST.get("applicant_id_number", "")
                applicant = _applicant(request, user, from_id)
                case = services.ticket_register_case(
                    actor=user, ticket=current, applicant=applicant
                )
                messages.success(
                    request, _("Case %(number)s registered.") % {"number": case.number}
                )
        except (DomainError, ValueError) as error:
            messages.error(request, str(getattr(error, "message", error)))
        return redirect("hall:window", pk=window.pk)
    current = selectors.current_ticket(window=window)
    return render(
        request,
        "hall/window.html",
        {
            "window": window,
            "current": current,
            "waiting": selectors.waiting_for(window=window, now=timezone.now())[:20],
            "others": window.hall.windows.exclude(pk=window.pk).filter(is_active=True),
        },
    )


def _applicant(request: HttpRequest, user: User, id_number: str):  # type: ignore[no-untyped-def]
    return resolve_or_register_applicant(
        actor=user,
        kind=request.POST.get("applicant_kind") or ApplicantKind.NATURAL_PERSON,
        name=request.POST.get("applicant_name", ""),
        id_number=id_number,
        phone=request.POST.get("applicant_phone", ""),
    )


@login_required
def counter(request: HttpRequest, pk: int) -> HttpResponse:
    """The counter tablet beside the window: the applicant just served rates the service."""
    window = _window(request, pk)
    ticket = selectors.last_served(window=window)
    if request.method == "POST" and ticket is not None:
        try:
            services.ticket_rate(
                ticket=ticket,
                overall=request.POST.get("overall"),
                dimensions={k: request.POST.get(k) for k in ("efficiency", "level", "attitude")},
                comment=request.POST.get("comment", ""),
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Thank you for your rating."))
        return redirect("hall:counter", pk=window.pk)
    return render(request, "hall/counter.html", {"window": window, "ticket": ticket})


def _hall(code: str) -> Hall:
    try:
        return selectors.hall_get(code=code)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc


def display(request: HttpRequest, code: str) -> HttpResponse:
    """The hall's screen (no sign-in: ticket numbers and windows only); htmx reloads the board."""
    hall = _hall(code)
    return render(
        request,
        "hall/display.html",
        {"hall": hall, "board": selectors.hall_display(hall=hall, now=timezone.now())},
    )


def display_board(request: HttpRequest, code: str) -> HttpResponse:
    hall = _hall(code)
    return render(
        request,
        "hall/_board.html",
        {"hall": hall, "board": selectors.hall_display(hall=hall, now=timezone.now())},
    )


@login_required
def figures_page(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if not (user_has_perm(user, Perm.SUPERVISION_VIEW) or user_has_perm(user, Perm.HALL_MANAGE)):
        raise PermissionDenied
    halls = selectors.halls_with_figures(user=user)
    # the unit type-ahead follows the permission that opens the page
    perm = Perm.SUPERVISION_VIEW if user_has_perm(user, Perm.SUPERVISION_VIEW) else Perm.HALL_MANAGE
    form = FiguresFilterForm(request.GET or None, user=user, perm=perm)
    data = form.cleaned_data if form.is_valid() else getattr(form, "cleaned_data", {})
    if unit := data.get("organization"):
        halls = halls.filter(organization__path__startswith=unit.path)
    last = data.get("end") or timezone.localdate()
    first = data.get("start") or last - timedelta(days=30)
    if first > last:
        first = last - timedelta(days=30)
    return render(
        request,
        "hall/figures.html",
        {
            "form": form,
            "first": first,
            "last": last,
            "halls": list(halls.order_by("code").values_list("name", flat=True)),
            "summary": figures.summary(
                halls=halls,
                first=first,
                last=last,
                wait_limit_minutes=settings.HALL_WAIT_ALERT_MINUTES,
            ),
            "groups": [
                (
                    _("By window"),
                    figures.time_figures(halls=halls, first=first, last=last, by="window"),
                ),
                (
                    _("By service item"),
                    figures.time_figures(halls=halls, first=first, last=last, by="item"),
                ),
                (
                    _("By hour"),
                    figures.time_figures(halls=halls, first=first, last=last, by="hour"),
                ),
            ],
            "ratings": figures.rating_figures(halls=halls, first=first, last=last),
        },
    )
