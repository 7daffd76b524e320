"""Onboarding from Excel (docs/onboarding.md): staff and organization imports through the
service, the commands, the API and the workbench — whole file or nothing, every row's errors,
idempotent re-runs, audited, and never a grant of an administrator role (三员分立)."""

from __future__ import annotations

import io
from datetime import date

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook, load_workbook
from rest_framework.test import APIClient

from tests.core.onboarding_synth import workbooks
from tests.core.test_workbench_pages import login_admin
from xiaoneng.core import onboarding
from xiaoneng.core.errors import InvalidInput, NotPermitted
from xiaoneng.core.models import AuditRecord, Organization, StaffTransfer, User, UserRole
from xiaoneng.core.onboarding import ORG_COLUMNS, STAFF_COLUMNS, workbook_for
from xiaoneng.core.roles import Role
from xiaoneng.evaluation.models import PostHolding

TODAY = date(2026, 12, 7)


def staff_file(*rows: dict) -> bytes:
    return workbook_for(STAFF_COLUMNS, rows, "人员")


def org_file(*rows: dict) -> bytes:
    return workbook_for(ORG_COLUMNS, rows, "单位")


def wang(**changes: object) -> dict:
    row = {
        "real_name": "王伟",
        "username": "wangwei",
        "unit": "江州市民政局",
        "roles": "审核人员、部门负责人",
        "rank": "科级",
        "post": "审批科科长",
        "post_since": date(2019, 3, 1),
        "phone": "13800138000",
    }
    return row | changes


@pytest.fixture(autouse=True)
def _chinese_and_today():  # type: ignore[no-untyped-def]
    with translation.override("zh-hans"), time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def sysadmin(personas):  # type: ignore[no-untyped-def]
    return personas[Role.SYSTEM_ADMIN]


# --- staff import: what a correct file does -------------------------------------------------


def test_staff_import_creates_accounts_with_every_column(sysadmin, org_tree):
    report = onboarding.staff_import(actor=sysadmin, data=staff_file(wang()))
    assert (report.ok, report.applied, report.created) == (True, True, 1)
    user = User.objects.get(username="wangwei")
    assert (user.real_name, user.organization, user.rank, user.post) == (
        "王伟",
        org_tree.other_department,
        "section",
        "审批科科长",
    )
    assert user.post_since == date(2019, 3, 1) and user.phone == "13800138000"
    assert user.role_set == {Role.REVIEWER, Role.DEPARTMENT_HEAD}
    # No password was hashed: the security administrator issues one (docs/onboarding.md).
    assert not user.has_usable_password()
    # Rotation reads post history: the imported post and start date are there at once.
    holding = PostHolding.objects.get(person=user)
    assert (holding.unit, holding.post, holding.started_on) == (
        org_tree.other_department,
        "审批科科长",
        date(2019, 3, 1),
    )


def test_staff_import_is_audited_per_account_and_for_the_file(sysadmin, org_tree):
    onboarding.staff_import(
        actor=sysadmin, data=staff_file(wang(), wang(username="lina", real_name="李娜"))
    )
    created = AuditRecord.objects.filter(action="user.create", actor=sysadmin)
    assert created.count() == 2
    summary = AuditRecord.objects.get(action="staff.import")
    assert summary.detail["created"] == 2 and len(summary.detail["sha256"]) == 64


def test_rerun_reports_unchanged_and_never_duplicates(sysadmin, org_tree):
    data = staff_file(wang(), wang(username="lina", real_name="李娜"))
    onboarding.staff_import(actor=sysadmin, data=data)
    again = onboarding.staff_import(actor=sysadmin, data=data)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert User.objects.filter(username__in=["wangwei", "lina"]).count() == 2
    assert UserRole.objects.filter(user__username="wangwei").count() == 2
    assert PostHolding.objects.filter(person__username="wangwei").count() == 1


def test_rerun_with_changes_updates_in_place(sysadmin, org_tree):
    onboarding.staff_import(actor=sysadmin, data=staff_file(wang()))
    report = onboarding.staff_import(
        actor=sysadmin,
        data=staff_file(wang(real_name="王伟强", roles="审核人员", rank="处级", phone="")),
    )
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    user = User.objects.get(username="wangwei")
    assert (user.real_name, user.rank, user.phone) == ("王伟强", "division", "")
    assert user.role_set == {Role.REVIEWER}
    update = AuditRecord.objects.filter(action="user.update", object_id=str(user.pk)).get()
    assert update.detail["real_name"] == "王伟强"


def test_a_column_left_out_is_left_alone(sysadmin, org_tree):
    onboarding.staff_import(actor=sysadmin, data=staff_file(wang()))
    few = [c for c in STAFF_COLUMNS if c.key in {"real_name", "username", "unit"}]
    onboarding.staff_import(
        actor=sysadmin, data=workbook_for(few, [wang(real_name="王伟")], "人员")
    )
    user = User.objects.get(username="wangwei")
    assert user.phone == "13800138000" and user.role_set == {Role.REVIEWER, Role.DEPARTMENT_HEAD}


def test_a_new_unit_in_the_file_is_a_transfer_and_restarts_the_rotation_clock(sysadmin, org_tree):
    onboarding.staff_import(actor=sysadmin, data=staff_file(wang()))
    report = onboarding.staff_import(
        actor=sysadmin, data=staff_file(wang(unit="江州市市场监督管理局", post_since=None))
    )
    assert report.updated == 1
    user = User.objects.get(username="wangwei")
    assert user.organization == org_tree.department and user.post_since == TODAY
    transfer = StaffTransfer.objects.get(user=user)
    assert (transfer.from_unit, transfer.to_unit, transfer.transferred_on) == (
        org_tree.other_department,
        org_tree.department,
        TODAY,
    )
    history = list(PostHolding.objects.filter(person=user).order_by("started_on"))
    assert [(h.unit, h.started_on, h.ended_on) for h in history] == [
        (org_tree.other_department, date(2019, 3, 1), date(2026, 12, 6)),
        (org_tree.department, TODAY, None),
    ]


def test_labels_codes_and_english_headers_are_accepted(sysadmin, org_tree):
    english = [
        ["real_name", "username", "unit", "roles", "rank", "post_since"],
        [
            "李娜",
            "lina",
            "江州市人民政府/江州市民政局",
            "reviewer, window_clerk",
            "ordinary",
            "2020/5/1",
        ],
    ]
    report = onboarding.staff_import(actor=sysadmin, data=_raw(english))
    assert report.ok, report.errors
    user = User.objects.get(username="lina")
    assert user.role_set == {Role.REVIEWER, Role.WINDOW_CLERK}
    assert user.post_since == date(2020, 5, 1)


def test_dry_run_checks_and_writes_nothing(sysadmin, org_tree):
    before = AuditRecord.objects.count()
    report = onboarding.staff_import(actor=sysadmin, data=staff_file(wang()), apply=False)
    assert (report.ok, report.applied, report.created) == (True, False, 1)
    assert not User.objects.filter(username="wangwei").exists()
    assert AuditRecord.objects.count() == before


# --- staff import: whole-file validation -----------------------------------------------------

# Each rule of docs/onboarding.md "Errors": the row, the column (as printed) and the reason.
BAD_ROWS = [
    ({"real_name": ""}, "姓名", "姓名"),
    ({"username": "a b"}, "账号", "150"),
    ({"unit": "不存在的局"}, "所在单位", "不存在的局"),
    ({"roles": "宇航员"}, "角色", "宇航员"),
    ({"rank": "将军"}, "职级", "职级"),
    ({"post_since": "2019-13-45"}, "任职起始日期", "YYYY-MM-DD"),
    ({"post_since": date(2027, 1, 1)}, "任职起始日期", "未来"),
    ({"phone": "call me"}, "手机号码", "数字"),
    ({"email": "not-an-address"}, "电子邮箱", "电子邮件"),
]


@pytest.mark.parametrize(("change", "column", "reason"), BAD_ROWS)
def test_each_bad_cell_is_reported_with_row_column_and_reason(
    sysadmin, org_tree, change, column, reason
):
    report = onboarding.staff_import(
        actor=sysadmin,
        data=staff_file(wang(username="ok1"), wang(**{"username": "bad1", **change})),
    )
    assert not report.applied
    assert [(e.row, e.field) for e in report.errors] == [(3, column)]
    assert reason in report.errors[0].reason
    assert not User.objects.filter(username__in=["ok1", "bad1"]).exists()


def test_every_failing_row_is_listed_and_nothing_applied(sysadmin, org_tree):
    report = onboarding.staff_import(
        actor=sysadmin,
        data=staff_file(
            wang(username="good"),
            wang(username="xa1", unit="火星局"),
            wang(username="good"),
            wang(username="xb2", rank="将军", phone="?"),
        ),
    )
    assert [(e.row, e.field) for e in report.errors] == [
        (3, "所在单位"),
        (4, "账号"),
        (5, "职级"),
        (5, "手机号码"),
    ]
    assert "第 2 行" in report.errors[1].reason
    assert not User.objects.filter(username__in=["good", "xa1", "xb2"]).exists()


def test_a_file_without_the_required_columns_is_refused(sysadmin, org_tree):
    with pytest.raises(InvalidInput) as error:
        onboarding.staff_import(actor=sysadmin, data=_raw([["姓名", "电话"], ["王伟", "1"]]))
    assert "账号" in str(error.value.message) and "所在单位" in str(error.value.message)


def test_an_applicants_account_is_not_taken_over(sysadmin, org_tree, make_user):
    make_user(organization=None, username="wangwei", kind="applicant")
    report = onboarding.staff_import(actor=sysadmin, data=staff_file(wang()))
    assert [e.field for e in report.errors] == ["账号"]


# --- 三员分立: the import never grants or changes an administrator -----------------------


@pytest.mark.parametrize(
    "roles",
    ["系统管理员", "security_admin", "审计管理员", "audit_admin", "安全管理员"],
)
@pytest.mark.parametrize("actor_is_system", [False, True])
def test_no_import_grants_an_administrator_role(sysadmin, org_tree, roles, actor_is_system):
    """DOMAIN.md §6 (等保2.0 level 3, 三员分立): administrator roles are granted one account at
    a time, never by a file — not even by the command, which runs as the system."""
    actor = None if actor_is_system else sysadmin
    report = onboarding.staff_import(actor=actor, data=staff_file(wang(roles=roles)))
    assert [e.field for e in report.errors] == ["角色"]
    assert "三员分立" in report.errors[0].reason
    assert not User.objects.filter(username="wangwei").exists()


def test_an_administrators_account_is_not_changed_by_an_import(sysadmin, personas, org_tree):
    security = personas[Role.SECURITY_ADMIN]
    row = wang(username=security.username, roles="审核人员", unit=org_tree.efficiency_office.name)
    report = onboarding.staff_import(actor=sysadmin, data=staff_file(row))
    assert [e.field for e in report.errors] == ["账号"]
    assert security.role_set == {Role.SECURITY_ADMIN}
    assert UserRole.objects.filter(user=security).get().role == Role.SECURITY_ADMIN


# --- who may import --------------------------------------------------------------------------


@pytest.mark.parametrize("role", [r for r in Role if r != Role.SYSTEM_ADMIN])
def test_only_the_system_administrator_imports_staff(personas, org_tree, role):
    with pytest.raises(NotPermitted):
        onboarding.staff_import(actor=personas[role], data=staff_file(wang()))
    assert not User.objects.filter(username="wangwei").exists()


def test_a_system_administrator_imports_only_into_their_own_government(
    org_tree, make_user, sysadmin
):
    other = make_user(Role.SYSTEM_ADMIN, organization=org_tree.other_city_department)
    report = onboarding.staff_import(actor=other, data=staff_file(wang()))
    assert [e.field for e in report.errors] == ["所在单位"]
    # …nor moves someone of another government into theirs.
    onboarding.staff_import(actor=sysadmin, data=staff_file(wang()))
    report = onboarding.staff_import(
        actor=other, data=staff_file(wang(unit=org_tree.other_city_department.name))
    )
    assert [e.field for e in report.errors] == ["所在单位"]
    assert User.objects.get(username="wangwei").organization == org_tree.other_department


# --- organizations ---------------------------------------------------------------------------


def test_organization_rerun_reports_unchanged(sysadmin, org_tree):
    data = org_file(
        {"name": "江州市新区人民政府", "kind": "政府", "level": 4, "parent": "江州市人民政府"},
        {"name": "新区民政局", "kind": "民政部门", "level": 4, "parent": "江州市新区人民政府"},
    )
    first = onboarding.organization_import(actor=sysadmin, data=data)
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0), first.errors
    again = onboarding.organization_import(actor=sysadmin, data=data)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert Organization.objects.filter(name="新区民政局").count() == 1
    assert AuditRecord.objects.filter(action="organization.import").count() == 2


def test_organization_template_reads_back_as_an_import(sysadmin, org_tree):
    workbook = load_workbook(io.BytesIO(onboarding.organization_template()))
    assert [c.value for c in workbook.worksheets[0][1]] == [c.header for c in ORG_COLUMNS]
    assert onboarding.organization_import(
        actor=sysadmin, data=onboarding.organization_template(), apply=False
    ).ok


# --- commands --------------------------------------------------------------------------------


def test_commands_import_check_and_rerun(tmp_path, org_tree, capsys):
    orgs, staff = tmp_path / "orgs.xlsx", tmp_path / "staff.xlsx"
    orgs.write_bytes(
        org_file({"name": "新区", "kind": "政府", "level": 4, "parent": "江州市人民政府"})
    )
    staff.write_bytes(staff_file(wang(unit="新区")))
    call_command("import-organizations", str(orgs), "--dry-run")
    assert not Organization.objects.filter(name="新区").exists()
    call_command("import-organizations", str(orgs))
    call_command("import-staff", str(staff), "--dry-run")
    assert "未导入" in capsys.readouterr().out
    assert not User.objects.filter(username="wangwei").exists()
    call_command("import-staff", str(staff))
    call_command("import-staff", str(staff))
    out = capsys.readouterr().out
    assert "新建 0 个" in out and "未变 1 个" in out, out
    assert User.objects.filter(username="wangwei").count() == 1


def test_command_lists_every_error_and_fails(tmp_path, org_tree, capsys):
    path = tmp_path / "staff.xlsx"
    path.write_bytes(staff_file(wang(unit="火星局"), wang(username="x", roles="系统管理员")))
    with pytest.raises(CommandError):
        call_command("import-staff", str(path))
    err = capsys.readouterr().err
    assert "第 2 行" in err and "第 3 行" in err, err
    assert not User.objects.filter(username="wangwei").exists()


# --- API -------------------------------------------------------------------------------------


def _upload(client: APIClient, url: str, data: bytes, **extra: object):  # type: ignore[no-untyped-def]
    return client.post(url, {"file": io.BytesIO(data), **extra}, format="multipart")


def test_api_import_answers_200_with_the_report(sysadmin, org_tree):
    api = APIClient()
    api.force_authenticate(sysadmin)
    response = _upload(api, "/api/v1/staff/import/", staff_file(wang()))
    assert response.status_code == 200
    assert response.json() == {"applied": True, "created": 1, "updated": 0, "unchanged": 0}
    response = _upload(api, "/api/v1/staff/import/", staff_file(wang()), dry_run="true")
    assert response.json() == {"applied": False, "created": 0, "updated": 0, "unchanged": 1}


def test_api_import_answers_400_with_every_rows_errors(sysadmin, org_tree):
    api = APIClient()
    api.force_authenticate(sysadmin)
    response = _upload(
        api, "/api/v1/staff/import/", staff_file(wang(unit="火星局"), wang(username="a b"))
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(2, "所在单位"), (3, "账号")]
    assert all(e["field"] == "file" and e["reason"] for e in errors)
    assert not User.objects.filter(username="wangwei").exists()


def test_api_import_of_a_non_workbook_is_400(sysadmin, org_tree):
    api = APIClient()
    api.force_authenticate(sysadmin)
    response = _upload(api, "/api/v1/organizations/import/", b"not a workbook")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "file"


@pytest.mark.parametrize("url", ["/api/v1/staff/import/", "/api/v1/organizations/import/"])
@pytest.mark.parametrize(
    "role", [Role.SECURITY_ADMIN, Role.AUDIT_ADMIN, Role.HR_OFFICER, Role.DEPARTMENT_HEAD]
)
def test_api_import_is_refused_to_other_roles(personas, org_tree, url, role):
    api = APIClient()
    api.force_authenticate(personas[role])
    data = (
        staff_file(wang())
        if "staff" in url
        else org_file({"name": "x", "kind": "政府", "level": 4})
    )
    assert _upload(api, url, data).status_code == 403
    assert not User.objects.filter(username="wangwei").exists()
    assert not Organization.objects.filter(name="x").exists()


def test_api_import_is_refused_to_the_anonymous(db):
    assert _upload(APIClient(), "/api/v1/staff/import/", b"x").status_code == 401


# --- workbench -------------------------------------------------------------------------------


def test_workbench_template_check_then_apply(client, sysadmin, org_tree):
    login_admin(client, sysadmin)
    template = client.get("/workbench/import/staff/?template=1")
    assert template.status_code == 200
    headers = [c.value for c in load_workbook(io.BytesIO(template.content)).worksheets[0][1]]
    assert headers == [c.header for c in STAFF_COLUMNS]
    checked = client.post(
        "/workbench/import/staff/", {"file": _named(staff_file(wang()), "staff.xlsx")}
    )
    assert checked.status_code == 200 and not User.objects.filter(username="wangwei").exists()
    token = checked.context["token"]
    assert token
    applied = client.post("/workbench/import/staff/", {"confirm": token})
    assert applied.status_code == 302
    assert User.objects.filter(username="wangwei").count() == 1
    # The checked file is used once: a replayed confirmation applies nothing more.
    again = client.post("/workbench/import/staff/", {"confirm": token})
    assert again.status_code == 302
    assert AuditRecord.objects.filter(action="staff.import").count() == 1


def test_workbench_lists_errors_and_offers_them_as_excel(client, sysadmin, org_tree):
    login_admin(client, sysadmin)
    response = client.post(
        "/workbench/import/staff/",
        {"file": _named(staff_file(wang(unit="火星局"), wang(username="a b")), "staff.xlsx")},
    )
    assert response.status_code == 200
    assert not response.context["token"]
    page = response.content.decode()
    assert "所在单位" in page and "火星局" in page
    report = client.get("/workbench/import/staff/?errors=xlsx")
    rows = list(load_workbook(io.BytesIO(report.content)).active.iter_rows(values_only=True))
    assert [r[:2] for r in rows[1:]] == [(2, "所在单位"), (3, "账号")]


@pytest.mark.parametrize("kind", ["staff", "organizations"])
@pytest.mark.parametrize(
    "role", [Role.SECURITY_ADMIN, Role.AUDIT_ADMIN, Role.HR_OFFICER, Role.REVIEWER]
)
def test_workbench_import_is_refused_to_other_roles(client, personas, org_tree, kind, role):
    user = personas[role]
    if role in (Role.SECURITY_ADMIN, Role.AUDIT_ADMIN):
        login_admin(client, user)
    else:
        client.force_login(user)
    assert client.get(f"/workbench/import/{kind}/?template=1").status_code == 403
    response = client.post(
        f"/workbench/import/{kind}/", {"file": _named(staff_file(wang()), "f.xlsx")}
    )
    assert response.status_code == 403
    assert not User.objects.filter(username="wangwei").exists()


# --- a generated city (the bench's workbook, small) -----------------------------------------


def test_a_generated_city_imports_and_reimports_unchanged(db):
    """The 2,000-unit, 20,000-staff benchmark (bench/onboarding_bench.py) on 120 and 600."""
    orgs, staff = workbooks(120, 600)
    first = onboarding.organization_import(actor=None, data=orgs)
    assert first.created == 120, first.errors[:3]
    report = onboarding.staff_import(actor=None, data=staff)
    assert (report.ok, report.created) == (True, 600), report.errors[:3]
    assert PostHolding.objects.count() == 600
    again = onboarding.staff_import(actor=None, data=staff)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 600)
    assert User.objects.filter(username__startswith="staff").count() == 600


def _raw(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _named(data: bytes, name: str) -> io.BytesIO:
    buffer = io.BytesIO(data)
    buffer.name = name
    return buffer
