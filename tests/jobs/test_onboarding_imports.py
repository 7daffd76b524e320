"""Onboarding workbooks (organizations, staff) posted to the API run in the background when large
or asked for (issue 16, part 3): 202 with the job's address, the queue runs the same import as
the synchronous answer (whole file validated first, nothing applied if any row fails), and the
job's GET shows the rows applied and the report; the workbench lists it for its author.

Rules (docs/onboarding.md, xiaoneng.jobs.imports): the background import needs the permission
the synchronous one needs (org.manage, user.manage); a job is seen by its author only; a small
workbook is answered at once as before.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from openpyxl import Workbook
from rest_framework.test import APIClient

from tests.core.test_workbench_pages import login_admin
from xiaoneng.core.models import Organization, User
from xiaoneng.core.onboarding import ORG_COLUMNS, STAFF_COLUMNS, Column
from xiaoneng.core.roles import Role
from xiaoneng.jobs.models import ImportJob, ImportKind, ImportStatus

pytestmark = pytest.mark.django_db
DB_TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "imports", "notifications"],
    }
}
STAFF_URL = "/api/v1/staff/import/"
ORG_URL = "/api/v1/organizations/import/"


def xlsx(columns: list[Column], rows: list[dict[str, Any]]) -> bytes:
    """A workbook as a clerk fills the template: the template's headers, one row per record."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([c.header for c in columns])
    for row in rows:
        sheet.append([row.get(c.key) for c in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def staff_rows(count: int) -> list[dict[str, Any]]:
    return [
        {
            "real_name": f"工作人员{n}",
            "username": f"staff{n:03d}",
            "unit": "江州市民政局",
            "roles": "审核人员",
            "rank": "科员",
            "post": "窗口受理",
        }
        for n in range(count)
    ]


def upload(api: APIClient, url: str, data: bytes, query: str = "", **headers: str):  # type: ignore[no-untyped-def]
    return api.post(f"{url}{query}", {"file": io.BytesIO(data)}, format="multipart", **headers)


def as_user(user: User) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.fixture
def db_queue(settings):  # type: ignore[no-untyped-def]
    settings.TASKS = DB_TASKS
    return settings


@pytest.fixture
def sysadmin(personas):  # type: ignore[no-untyped-def]
    return personas[Role.SYSTEM_ADMIN]


def run_worker() -> None:
    call_command("worker", "--batch", "--no-schedule", stdout=io.StringIO())


def test_a_large_staff_workbook_runs_through_the_queue_and_its_get_shows_the_report(
    db_queue, sysadmin, org_tree, client, django_capture_on_commit_callbacks
):
    db_queue.IMPORT_BACKGROUND_LINES = 5
    api = as_user(sysadmin)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(api, STAFF_URL, xlsx(STAFF_COLUMNS, staff_rows(6)))
    assert response.status_code == 202, response.content
    location = response["Location"]
    assert location.endswith(f"/api/v1/imports/{response.json()['id']}/")
    assert response.json()["url"] == location

    queued = api.get(location).json()
    assert (queued["kind"], queued["status"]) == (ImportKind.STAFF, ImportStatus.QUEUED)
    assert (queued["done_items"], queued["total_lines"]) == (0, 6)  # rows, not file lines
    assert not User.objects.filter(username__startswith="staff").exists()

    run_worker()
    done = api.get(location).json()
    assert done["status"] == ImportStatus.FINISHED, done
    assert done["done_items"] == done["total_lines"] == 6
    assert done["report"] == {
        "applied": True,
        "created": 6,
        "updated": 0,
        "unchanged": 0,
        "errors": [],
    }  # what onboarding.staff_import reports at once
    assert User.objects.filter(username__startswith="staff").count() == 6

    login_admin(client, sysadmin)  # the workbench, with the second factor
    listing = client.get("/workbench/jobs/imports/").content.decode()
    assert f"/workbench/jobs/imports/{done['id']}/" in listing and "6 / 6" in listing
    page = client.get(f"/workbench/jobs/imports/{done['id']}/")
    assert page.status_code == 200 and "6 / 6" in page.content.decode()
    assert "/workbench/jobs/imports/" in client.get("/workbench/").content.decode()  # the menu


def test_a_workbook_with_one_bad_row_applies_nothing_and_lists_the_error(
    db_queue, sysadmin, org_tree, client, django_capture_on_commit_callbacks
):
    rows = staff_rows(4)
    rows[2]["unit"] = "火星局"  # no such unit: Excel row 4 (the header is row 1)
    api = as_user(sysadmin)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(api, STAFF_URL, xlsx(STAFF_COLUMNS, rows), HTTP_PREFER="respond-async")
    assert response.status_code == 202, response.content
    run_worker()
    job = api.get(response["Location"]).json()
    assert job["status"] == ImportStatus.FINISHED
    report = job["report"]
    assert (report["applied"], report["created"], job["done_items"]) == (False, 0, 0)
    assert [(e["row"], e["column"]) for e in report["errors"]] == [(4, "所在单位")]
    assert report["errors"][0]["reason"]
    assert not User.objects.filter(username__startswith="staff").exists()

    login_admin(client, sysadmin)  # the page lists the failing rows for whoever fixes the file
    page = client.get(f"/workbench/jobs/imports/{job['id']}/").content.decode()
    assert "<td>4</td><td>所在单位</td>" in page and "火星局" in page


def test_an_organization_workbook_asked_for_in_the_background(
    sysadmin, org_tree, django_capture_on_commit_callbacks
):
    rows = [
        {"name": "江州市数据局", "kind": "department", "level": 4, "parent": "江州市人民政府"},
        {"name": "数据科", "kind": "department", "level": 4, "parent": "江州市数据局"},
    ]
    api = as_user(sysadmin)
    with django_capture_on_commit_callbacks(execute=True):  # the immediate backend runs it
        response = upload(api, ORG_URL, xlsx(ORG_COLUMNS, rows), "?background=1")
    assert response.status_code == 202, response.content
    job = api.get(response["Location"]).json()
    assert (job["kind"], job["status"], job["done_items"]) == ("organizations", "finished", 2)
    assert job["report"]["created"] == 2 and job["report"]["applied"] is True
    assert Organization.objects.get(name="数据科").parent == Organization.objects.get(
        name="江州市数据局"
    )


@pytest.mark.parametrize(
    ("url", "columns", "rows"),
    [
        (STAFF_URL, STAFF_COLUMNS, staff_rows(1)),
        (ORG_URL, ORG_COLUMNS, [{"name": "江州市数据局", "kind": "department", "level": 4}]),
    ],
)
@pytest.mark.parametrize(
    "role", [Role.SECURITY_ADMIN, Role.AUDIT_ADMIN, Role.HR_OFFICER, Role.DEPARTMENT_HEAD]
)
def test_who_may_not_import_may_not_queue_the_workbook(
    personas, org_tree, url, columns, rows, role
):
    """The background import needs what the synchronous one needs (org.manage, user.manage)."""
    response = upload(as_user(personas[role]), url, xlsx(columns, rows), "?background=1")
    assert response.status_code == 403, (role, response.content)
    assert not ImportJob.objects.exists()


def test_a_job_is_seen_by_its_author_only(
    personas, sysadmin, org_tree, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(
            as_user(sysadmin), STAFF_URL, xlsx(STAFF_COLUMNS, staff_rows(1)), "?background=1"
        )
    location, job_id = response["Location"], response.json()["id"]
    for role in (Role.SECURITY_ADMIN, Role.HR_OFFICER, Role.COMPLAINT_HANDLER):
        other = as_user(personas[role])
        assert other.get(location).status_code == 404, role
        assert job_id not in [j["id"] for j in other.get("/api/v1/imports/").json()["results"]]
        client.force_login(personas[Role.HR_OFFICER])
        assert client.get(f"/workbench/jobs/imports/{job_id}/").status_code == 404


@pytest.mark.parametrize(("url", "columns"), [(STAFF_URL, STAFF_COLUMNS), (ORG_URL, ORG_COLUMNS)])
def test_a_small_workbook_is_still_answered_at_once(sysadmin, org_tree, url, columns):
    rows = (
        staff_rows(2)
        if columns is STAFF_COLUMNS
        else [{"name": "江州市数据局", "kind": "department", "level": 4}]
    )
    response = upload(as_user(sysadmin), url, xlsx(columns, rows))
    assert response.status_code == 200, response.content
    assert response.json()["applied"] is True
    assert not ImportJob.objects.exists()


def test_a_dry_run_is_answered_at_once_even_when_asked_for_the_background(sysadmin, org_tree):
    api = as_user(sysadmin)
    response = api.post(
        f"{STAFF_URL}?background=1",
        {"file": io.BytesIO(xlsx(STAFF_COLUMNS, staff_rows(2))), "dry_run": "true"},
        format="multipart",
    )
    assert response.status_code == 200
    assert response.json() == {"applied": False, "created": 2, "updated": 0, "unchanged": 0}
    assert not ImportJob.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused_at_once(sysadmin, db):
    response = upload(as_user(sysadmin), STAFF_URL, b"not a workbook", "?background=1")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "file"
    assert not ImportJob.objects.exists()
