"""The hall's kiosk (取号机): applicants take a walk-in ticket or check in an appointment
without an account.

A kiosk is a browser in the hall, so it must not hold a staff session that anyone passing by
could use. Hall staff switch a device on from the workbench: that signs them out on the device
and leaves a signed cookie naming the hall and the staff member, valid HALL_KIOSK_DAYS days and
sent only to the kiosk's pages. Every kiosk request checks again that this staff member is
active and may still run the hall's kiosk, so offboarding or a lost roster place switches the
kiosk off at once. Thin views: parse → one service or selector → render.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiaoneng.core.audit import audit
from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.core.models import User
from xiaoneng.hall import selectors, services
from xiaoneng.hall.models import Hall

COOKIE = "xiaoneng_kiosk"
_SALT = "xiaoneng.hall.kiosk"


def _max_age() -> int:
    return int(settings.HALL_KIOSK_DAYS) * 24 * 3600


def _hall(code: str, user: User | None = None) -> Hall:
    try:
        return selectors.hall_get(code=code, user=user)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc


def kiosk_operator(request: HttpRequest, hall: Hall) -> User | None:
    """The staff member who switched this device on as ``hall``'s kiosk, if the switch is still
    valid: signed, not expired, for this hall, and the person still may run its kiosk."""
    try:
        value = signing.loads(request.COOKIES.get(COOKIE, ""), salt=_SALT, max_age=_max_age())
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or value.get("hall") != hall.pk:
        return None
    if not isinstance(value.get("user"), int):
        return None
    operator = User.objects.filter(pk=value["user"], is_active=True).first()
    if operator is None or not selectors.may_run_kiosk(operator, hall):
        return None
    return operator


@login_required
@require_POST
def switch_on(request: HttpRequest, code: str) -> HttpResponse:
    """Make this device the hall's kiosk: the staff member is signed out here."""
    user: User = request.user  # type: ignore[assignment]
    hall = _hall(code, user)
    if not selectors.may_run_kiosk(user, hall):
        raise PermissionDenied
    audit(actor=user, action="hall.kiosk_switch_on", obj=hall, detail={"code": hall.code})
    value = signing.dumps({"hall": hall.pk, "user": user.pk}, salt=_SALT)
    logout(request)
    response = redirect("portal_hall:kiosk", code=hall.code)
    response.set_cookie(
        COOKIE,
        value,
        max_age=_max_age(),
        path="/hall/kiosk/",
        secure=request.is_secure(),
        httponly=True,
        samesite="Strict",
    )
    return response


def _switched_off(request: HttpRequest, hall: Hall) -> HttpResponse:
    return render(request, "hall/kiosk_off.html", {"hall": hall}, status=403)


def kiosk(request: HttpRequest, code: str) -> HttpResponse:
    """The kiosk's screen: the items to take a walk-in ticket for, and the appointment check-in
    (appointment number and check-in code, from the booking confirmation)."""
    hall = _hall(code)
    operator = kiosk_operator(request, hall)
    if operator is None:
        return _switched_off(request, hall)
    error = ""
    if request.method == "POST":
        try:
            if request.POST.get("action") == "check_in":
                ticket = services.appointment_check_in_at_kiosk(
                    actor=operator,
                    hall=hall,
                    number=request.POST.get("number", ""),
                    check_in_code=request.POST.get("check_in_code", ""),
                )
            else:
                item = selectors.kiosk_items(hall=hall).filter(pk=_pk(request.POST.get("item")))
                if not item.exists():
                    raise NotFound(_("Choose a service from the list."), field="item")
                ticket = services.ticket_issue(actor=operator, hall=hall, item=item.get())
        except DomainError as exc:
            error = str(exc.message)
        else:
            return redirect("portal_hall:kiosk_ticket", code=hall.code, pk=ticket.pk)
    return render(
        request,
        "hall/kiosk.html",
        {"hall": hall, "items": selectors.kiosk_items(hall=hall), "error": error},
        status=400 if error else 200,
    )


def kiosk_ticket(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """The ticket slip: number, service, people ahead; printable, back to the start by itself."""
    hall = _hall(code)
    if kiosk_operator(request, hall) is None:
        return _switched_off(request, hall)
    ticket = selectors.kiosk_ticket(hall=hall, pk=pk, day=timezone.localdate())
    if ticket is None:
        raise Http404(_("No such ticket."))
    return render(
        request,
        "hall/kiosk_ticket.html",
        {"hall": hall, "ticket": ticket, "ahead": selectors.waiting_ahead(ticket=ticket)},
    )


def _pk(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0
