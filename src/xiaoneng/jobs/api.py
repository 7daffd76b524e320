"""Background-work API under /api/v1/: import jobs (their author) and failed tasks (the system
administrator). `accepted` is the 202 answer the import endpoints give for a queued file."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xiaoneng.core.api.schema import results_of
from xiaoneng.jobs import selectors
from xiaoneng.jobs.imports import import_job_as_dict, wants_background
from xiaoneng.jobs.models import ImportJob
from xiaoneng.jobs.serializers import FailedTaskSerializer, ImportJobSerializer
from xiaoneng.jobs.services import import_job_submit

FAILED_LIMIT = 200


def accepted(request: Request, job: ImportJob) -> Response:
    """202 Accepted with the job's address in Location and in the body."""
    url = request.build_absolute_uri(reverse("api-import-job", args=[job.pk]))
    return Response(
        {"id": job.pk, "status": job.status, "url": url},
        status=status.HTTP_202_ACCEPTED,
        headers={"Location": url},
    )


def background_import(request: Request, *, kind: str, lines: list[str]) -> Response | None:
    """Queue the import and answer 202 when the file is large or the client asks for it
    (``Prefer: respond-async``, ``?background=1``); None: import it now, as before."""
    if not wants_background(
        prefer=request.headers.get("Prefer", ""),
        query_flag=request.query_params.get("background"),
        line_count=len(lines),
    ):
        return None
    content = "\n".join(lines).encode("utf-8")
    return accepted(request, import_job_submit(actor=request.user, kind=kind, content=content))


def background_workbook_import(
    request: Request, *, kind: str, data: bytes, rows: int
) -> Response | None:
    """`background_import` for an Excel workbook of `rows` data rows (the threshold counts
    rows); the workbook is kept as it came."""
    if not wants_background(
        prefer=request.headers.get("Prefer", ""),
        query_flag=request.query_params.get("background"),
        line_count=rows,
    ):
        return None
    job = import_job_submit(
        actor=request.user, kind=kind, content=data, total_lines=rows, extension="xlsx"
    )
    return accepted(request, job)


class ImportJobListView(APIView):
    """The imports the signed-in user posted that ran in the background, newest first."""

    @extend_schema(
        operation_id="imports_list",
        responses=results_of(ImportJobSerializer, name="ImportJobList"),
    )
    def get(self, request: Request) -> Response:
        jobs = selectors.import_jobs_for_user(user=request.user)[:100]
        return Response({"results": [import_job_as_dict(job) for job in jobs]})


class ImportJobDetailView(APIView):
    """One import: status, progress (`done_items` of `total_lines`) and, when finished, the
    report the import would have answered at once."""

    @extend_schema(responses=ImportJobSerializer)
    def get(self, request: Request, pk: int) -> Response:
        job = selectors.import_job_get_for_user(user=request.user, pk=pk)
        return Response(import_job_as_dict(job))


class FailedTaskListView(APIView):
    """Tasks whose last attempt failed (system administrator)."""

    @extend_schema(
        operation_id="tasks_failed_list",
        responses=results_of(FailedTaskSerializer, name="FailedTaskList"),
    )
    def get(self, request: Request) -> Response:
        failed = selectors.failed_tasks_for_user(user=request.user)[:FAILED_LIMIT]
        return Response({"results": [selectors.failed_task_as_dict(r) for r in failed]})
