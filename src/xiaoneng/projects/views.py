"""Workbench page of key projects: each project's cases with their status and its prerequisite
items (the approval flow of the project, item before item)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from xiaoneng.core.access import user_has_perm
from xiaoneng.core.roles import Perm
from xiaoneng.projects import selectors


@login_required
def projects(request: HttpRequest) -> HttpResponse:
    if not user_has_perm(request.user, Perm.SUPERVISION_VIEW):
        raise PermissionDenied
    rows = selectors.project_list(user=request.user)  # type: ignore[arg-type]
    return render(request, "projects/projects.html", {"title": _("Key projects"), "rows": rows})
