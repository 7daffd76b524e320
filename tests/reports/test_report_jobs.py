"""The situation report on the task queue: the workbench's Generate and POST
/api/v1/reports/situation/jobs/ queue it, `xiaoneng worker` (run here in-process, with the
database backend) makes it as its author, the page and GET .../jobs/<id>/ show its state and the
file when done; a failure stays visible (job and queue); only the author sees a job, only who may
generate reports queues one (HTML and API)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from docx import Document
from rest_framework.test import APIClient

from xiaoneng.core.models import User
from xiaoneng.core.roles import Role
from xiaoneng.reports.models import ReportJob, ReportJobStatus
from xiaoneng.reports.services import report_template_upload
from xiaoneng.reports.template import default_template

pytestmark = pytest.mark.django_db
DB_TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "imports", "notifications"],
    }
}
BODY = {"from": "2025-01-01", "to": "2025-12-31"}


@pytest.fixture
def db_queue(settings):  # type: ignore[no-untyped-def]
    settings.TASKS = DB_TASKS
    return settings


def run_worker() -> None:
    call_command("worker", "--batch", "--no-schedule", stdout=io.StringIO())


def _api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_report_queued_by_the_api_is_made_by_the_worker_and_downloaded(
    db_queue, personas, django_capture_on_commit_callbacks
):
    api = _api(personas[Role.EFFICIENCY_SUPERVISOR])
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(reverse("api-report-jobs"), {**BODY, "format": "docx"}, format="json")
    assert response.status_code == 202, response.content
    job = response.json()
    assert job["status"] == ReportJobStatus.QUEUED and job["download_url"] is None
    assert response["Location"] == job["url"]
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    run_worker()
    done = api.get(job["url"]).json()
    assert done["status"] == ReportJobStatus.FINISHED, done
    assert done["finished_at"] and done["error"] == ""
    download = api.get(done["download_url"])
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    doc = Document(io.BytesIO(download.content))
    assert any("机关服务效能" in p.text for p in doc.paragraphs)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_the_pages_generate_queues_and_shows_the_state_then_the_download(
    db_queue, personas, client, django_capture_on_commit_callbacks
):
    client.force_login(personas[Role.EFFICIENCY_SUPERVISOR])
    form = {"date_from": "2025-01-01", "date_to": "2025-03-31", "output_format": "pdf"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:job-queue"), form)
    assert response.status_code == 302
    job = ReportJob.objects.get()
    page = client.get(reverse("reports:reports")).content.decode()
    assert "job-queued" in page and 'hx-trigger="every 5s"' in page  # it polls while pending
    assert reverse("reports:job-download", args=[job.pk]) not in page

    run_worker()
    page = client.get(reverse("reports:reports")).content.decode()
    assert "job-finished" in page and "every 5s" not in page
    download = client.get(reverse("reports:job-download", args=[job.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")


def test_a_failed_report_is_visible_on_the_job_the_page_and_the_queue(
    db_queue, personas, client, django_capture_on_commit_callbacks
):
    supervisor = personas[Role.EFFICIENCY_SUPERVISOR]
    doc = Document(io.BytesIO(default_template()))
    doc.paragraphs[0].runs[0].text = "{{ no_such_figure.at.all }}"  # parses, fails when filled
    buffer = io.BytesIO()
    doc.save(buffer)
    report_template_upload(actor=supervisor, name="broken.docx", content=buffer.getvalue())
    api = _api(supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        job = api.post(reverse("api-report-jobs"), BODY, format="json").json()

    run_worker()
    failed = api.get(job["url"]).json()
    assert failed["status"] == ReportJobStatus.FAILED
    assert "UndefinedError" in failed["error"] and failed["download_url"] is None
    assert DBTaskResult.objects.failed().count() == 1  # the administrator's failed tasks list it
    assert api.get(reverse("api-report-job-download", args=[job["id"]])).status_code == 409
    client.force_login(supervisor)
    page = client.get(reverse("reports:reports")).content.decode()
    assert "job-failed" in page and "UndefinedError" in page


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.EFFICIENCY_SUPERVISOR, True),
        (Role.LEADER, True),
        (Role.REVIEWER, False),
        (Role.COMPLAINT_HANDLER, False),
    ],
)
def test_only_who_may_generate_reports_queues_one(personas, client, role, allowed):
    """Queueing has the rule of generating (capability report.view), on the API and the page."""
    user = personas[role]
    api = _api(user).post(reverse("api-report-jobs"), BODY, format="json")
    assert api.status_code == (202 if allowed else 403)
    client.force_login(user)
    page = client.post(
        reverse("reports:job-queue"),
        {"date_from": "2025-01-01", "date_to": "2025-12-31", "output_format": "docx"},
    )
    assert page.status_code == (302 if allowed else 403)
    assert ReportJob.objects.count() == (2 if allowed else 0)


def test_a_job_is_seen_by_its_author_only(personas, client):
    job = (
        _api(personas[Role.EFFICIENCY_SUPERVISOR])
        .post(reverse("api-report-jobs"), BODY, format="json")
        .json()
    )
    other = personas[Role.LEADER]  # may generate reports, but did not queue this one
    assert _api(other).get(job["url"]).status_code == 404
    assert _api(other).get(reverse("api-report-job-download", args=[job["id"]])).status_code == 404
    client.force_login(other)
    assert client.get(reverse("reports:job-download", args=[job["id"]])).status_code == 404
    assert (
        reverse("reports:job-download", args=[job["id"]])
        not in client.get(reverse("reports:reports")).content.decode()
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"to": "2025-12-31"}, "from"),
        ({"from": "2025-01-01"}, "to"),
        ({"from": "2025-13-01", "to": "2025-12-31"}, "from"),
        ({"from": "2025-12-01", "to": "2025-01-01"}, "to"),
        ({**BODY, "as_of": "yesterday"}, "as_of"),
        ({**BODY, "unit": "city"}, "unit"),
        ({**BODY, "format": "odt"}, "format"),
    ],
)
def test_a_bad_body_is_a_400_naming_the_field_and_queues_nothing(personas, body, field):
    response = _api(personas[Role.EFFICIENCY_SUPERVISOR]).post(
        reverse("api-report-jobs"), body, format="json"
    )
    assert response.status_code == 400
    assert field in str(response.json())
    assert not ReportJob.objects.exists()
