"""Workbench pages of background work: the user's imports, failed tasks for the administrator."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from xiaoneng.core.errors import NotFound, NotPermitted
from xiaoneng.jobs import selectors

FAILED_LIMIT = 200


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    jobs = selectors.import_jobs_for_user(user=request.user)[:100]
    return render(request, "jobs/imports.html", {"jobs": jobs})


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        job = selectors.import_job_get_for_user(user=request.user, pk=pk)
    except NotFound:
        raise Http404 from None
    return render(request, "jobs/import.html", {"job": job})


@login_required
def failed_list(request: HttpRequest) -> HttpResponse:
    try:
        failed = selectors.failed_tasks_for_user(user=request.user)[:FAILED_LIMIT]
    except NotPermitted:
        raise PermissionDenied from None
    rows = [selectors.failed_task_as_dict(result) for result in failed]
    return render(request, "jobs/failed.html", {"rows": rows})
