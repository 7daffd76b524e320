"""Workbench pages for signed-in sessions: one's own (list, end one, end the others) and the
security administrator's "sign this staff member out everywhere" (core/sessions.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiaoneng.core import sessions
from xiaoneng.core.access import user_has_perm
from xiaoneng.core.errors import DomainError
from xiaoneng.core.models import User, UserKind
from xiaoneng.core.roles import Perm
from xiaoneng.core.selectors import sessions_of
from xiaoneng.workbench.forms import StaffSessionsEndForm


def _holder(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # login_required
    return request.user


@login_required
def my_sessions(request: HttpRequest) -> HttpResponse:
    rows = sessions_of(user=_holder(request), current_session_key=request.session.session_key)
    return render(
        request,
        "workbench/sessions.html",
        {"sessions": rows, "has_others": any(not row.is_current for row in rows)},
    )


@login_required
@require_POST
def my_session_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End one of one's own sessions; someone else's is not found (404)."""
    ended = sessions.session_end(actor=_holder(request), session_id=pk)
    messages.success(request, _("Session ended: %(count)s.") % {"count": ended})
    return redirect("workbench:my_sessions")


@login_required
@require_POST
def my_sessions_end_others(request: HttpRequest) -> HttpResponse:
    ended = sessions.sessions_end_others(
        actor=_holder(request), current_session_key=request.session.session_key
    )
    messages.success(request, _("Other sessions ended: %(count)s.") % {"count": ended})
    return redirect("workbench:my_sessions")


@login_required
@require_POST
def security_end_sessions(request: HttpRequest) -> HttpResponse:
    """The security administrator signs a staff member out everywhere, giving a reason."""
    if not user_has_perm(request.user, Perm.SECURITY_MANAGE):
        raise PermissionDenied
    form = StaffSessionsEndForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("workbench:security")
    username = form.cleaned_data["username"]
    person = User.objects.filter(username=username, kind=UserKind.STAFF).first()
    if person is None:
        messages.error(request, _("No account has this user name."))
        return redirect("workbench:security")
    try:
        ended = sessions.staff_sessions_end(
            actor=_holder(request), user=person, reason=form.cleaned_data["reason"]
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("Sessions of %(name)s ended: %(count)s.") % {"name": username, "count": ended},
        )
    return redirect("workbench:security")
