"""Shared helpers of the workbench pages: a generic page of a form and a table."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from xiaoneng.core.access import user_has_perm
from xiaoneng.core.errors import DomainError, NotFound, NotPermitted
from xiaoneng.core.roles import Perm


@dataclass
class Action:
    """A small POST button in a table row; `fields` become hidden inputs, `ask` a text input.
    With `link`, a plain link to a page of its own (e.g. the correction form) instead."""

    label: str
    url: str
    fields: dict[str, Any] = field(default_factory=dict)
    ask: str = ""
    style: str = ""
    link: bool = False


@dataclass
class Row:
    cells: Sequence[Any]
    actions: Sequence[Action] = ()
    css: str = ""


@dataclass
class Table:
    headers: Sequence[str]
    rows: list[Row]
    empty: str = ""

    @property
    def has_actions(self) -> bool:
        return any(row.actions for row in self.rows)


def require_perm(request: HttpRequest, *perms: str) -> None:
    if not any(user_has_perm(request.user, p) for p in perms):
        raise PermissionDenied


def may(request: HttpRequest, *perms: str) -> bool:
    return any(user_has_perm(request.user, p) for p in perms)


def require_view(request: HttpRequest) -> None:
    require_perm(request, Perm.COMMUNITY_VIEW)


def run(form: forms.Form, call: Callable[[], Any]) -> Any:
    """Call a service; a domain error becomes a form error on its field (or the whole form)."""
    try:
        return call()
    except DomainError as error:
        for name, message in error.errors:
            base = (name or "").split(".")[0].split("[")[0]
            form.add_error(base if base in form.fields else None, str(message))
        return None


def post_action(
    request: HttpRequest, call: Callable[[], Any], success: str, back: str
) -> HttpResponse:
    """Run a row action and go back to the list with a message."""
    try:
        call()
    except DomainError as error:
        messages.error(request, "; ".join(str(m) for _f, m in error.errors))
    else:
        messages.success(request, success)
    return redirect(back)


def page(
    request: HttpRequest,
    *,
    title: str,
    intro: str = "",
    form: forms.Form | None = None,
    form_title: str = "",
    submit: str = "",
    table: Table | None = None,
    warning: Sequence[str] = (),
    links: Sequence[tuple[str, str]] = (),
    extra: Any = None,
    multipart: bool = False,
    filters: forms.Form | None = None,
    confirm_label: str = "",
) -> HttpResponse:
    return render(
        request,
        "community/page.html",
        {
            "title": title,
            "intro": intro,
            "form": form,
            "form_title": form_title,
            "submit": submit,
            "table": table,
            "warning": warning,
            "links": links,
            "extra": extra,
            "multipart": multipart,
            "filters": filters,
            "confirm_label": confirm_label,
        },
    )


def url(name: str, *args: Any) -> str:
    return reverse(f"community:{name}", args=args)


def staff_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in staff only; an object outside the user's scope is a 404, a refused action a
    403 — never a 500."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as error:
            raise Http404(str(error.message)) from error
        except NotPermitted as error:
            raise PermissionDenied(str(error.message)) from error

    return wrapper
