"""A staff member's working life (core/staff_lifecycle.py): edit, transfer, offboard, password
reset — through the service, the workbench and the API, with the forbidden paths refused
(三员分立: the system administrator edits, transfers and offboards; only the security
administrator resets passwords; nobody acts outside their own government)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.sessions.models import Session
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.core.test_workbench_pages import login_admin
from tests.evaluation.factories import PostHoldingFactory
from xiaoneng.core import staff_lifecycle
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.models import AuditRecord, StaffTransfer, User
from xiaoneng.core.roles import Role
from xiaoneng.evaluation.models import PostHolding

FORBIDDEN_TO_MANAGE = [r for r in Role if r != Role.SYSTEM_ADMIN]
FORBIDDEN_TO_RESET = [r for r in Role if r != Role.SECURITY_ADMIN]


@pytest.fixture
def person(make_user, org_tree):  # type: ignore[no-untyped-def]
    return make_user(
        Role.REVIEWER,
        organization=org_tree.department,
        username="lina",
        real_name="李娜",
        post="审批科科员",
        post_since=date(2018, 4, 1),
    )


@pytest.fixture
def sysadmin(personas):  # type: ignore[no-untyped-def]
    return personas[Role.SYSTEM_ADMIN]


@pytest.fixture
def secadmin(personas):  # type: ignore[no-untyped-def]
    return personas[Role.SECURITY_ADMIN]


@pytest.fixture
def outsider(make_user, org_tree):  # type: ignore[no-untyped-def]
    """A system administrator of another city's government."""
    return make_user(Role.SYSTEM_ADMIN, organization=org_tree.other_city_department)


def api_as(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


# --- edit ------------------------------------------------------------------------------------


def test_edit_changes_name_post_and_rank_and_is_audited(sysadmin, person):
    staff_lifecycle.user_update(
        actor=sysadmin, user=person, real_name="李娜娜", post="审批科副科长", rank="section"
    )
    person.refresh_from_db()
    assert (person.real_name, person.post, person.rank) == ("李娜娜", "审批科副科长", "section")
    record = AuditRecord.objects.get(action="user.update", object_id=str(person.pk))
    assert record.detail["post"] == "审批科副科长"


def test_edit_masks_the_phone_in_the_audit_trail(sysadmin, person):
    staff_lifecycle.user_update(actor=sysadmin, user=person, phone="13912345678")
    record = AuditRecord.objects.get(action="user.update", object_id=str(person.pk))
    assert record.detail["phone"] == "139****5678"


def test_edit_corrects_the_open_post_holding(sysadmin, person, org_tree):
    PostHoldingFactory(
        person=person, unit=org_tree.department, post="审批科科员", started_on=date(2018, 4, 1)
    )
    staff_lifecycle.user_update(actor=sysadmin, user=person, post="审批科科员（窗口）")
    holding = PostHolding.objects.get(person=person)
    assert (holding.post, holding.started_on, holding.ended_on) == (
        "审批科科员（窗口）",
        date(2018, 4, 1),
        None,
    )


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"real_name": " "}, "real_name"), ({"rank": "general"}, "rank"), ({"kind": "x"}, "kind")],
)
def test_edit_refuses_bad_values(sysadmin, person, fields, field):
    with pytest.raises(InvalidInput) as error:
        staff_lifecycle.user_update(actor=sysadmin, user=person, **fields)
    assert error.value.field == field


def test_edit_through_the_workbench_and_the_api(client, sysadmin, person):
    login_admin(client, sysadmin)
    response = client.post(
        f"/workbench/staff/{person.pk}/",
        {"action": "edit", "real_name": "李娜娜", "post": "科员", "rank": "ordinary"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.real_name == "李娜娜"
    answer = api_as(sysadmin).patch(
        f"/api/v1/staff/{person.pk}/", {"rank": "section"}, format="json"
    )
    assert answer.status_code == 200 and answer.json()["rank"] == "section"
    assert answer.json()["phone"] == "138****8000"  # masked
    assert person.phone == "13800138000"  # a blank phone on the form keeps it


def test_the_edit_form_does_not_show_the_full_phone(client, sysadmin, person):
    """The system administrator reads no personal data (DOMAIN.md §6): masked on display."""
    login_admin(client, sysadmin)
    page = client.get(f"/workbench/staff/{person.pk}/").content.decode()
    assert "13800138000" not in page and "138****8000" in page


# --- transfer --------------------------------------------------------------------------------


def test_transfer_keeps_the_history_and_restarts_the_rotation_clock(sysadmin, person, org_tree):
    PostHoldingFactory(
        person=person, unit=org_tree.department, post="审批科科员", started_on=date(2018, 4, 1)
    )
    on = date(2026, 11, 2)
    staff_lifecycle.user_transfer(
        actor=sysadmin, user=person, to_unit=org_tree.other_department, transferred_on=on
    )
    staff_lifecycle.user_transfer(
        actor=sysadmin,
        user=person,
        to_unit=org_tree.county_department,
        to_post="综合科科员",
        transferred_on=on + timedelta(days=10),
    )
    person.refresh_from_db()
    assert (person.organization, person.post, person.post_since) == (
        org_tree.county_department,
        "综合科科员",
        on + timedelta(days=10),
    )
    moves = list(StaffTransfer.objects.filter(user=person).order_by("transferred_on"))
    assert [(m.from_unit, m.to_unit, m.from_post, m.to_post) for m in moves] == [
        (org_tree.department, org_tree.other_department, "审批科科员", "审批科科员"),
        (org_tree.other_department, org_tree.county_department, "审批科科员", "综合科科员"),
    ]
    history = list(PostHolding.objects.filter(person=person).order_by("started_on"))
    assert [(h.unit, h.started_on, h.ended_on) for h in history] == [
        (org_tree.department, date(2018, 4, 1), on - timedelta(days=1)),
        (org_tree.other_department, on, on + timedelta(days=9)),
        (org_tree.county_department, on + timedelta(days=10), None),
    ]
    assert AuditRecord.objects.filter(action="user.transfer", object_id=str(person.pk)).count() == 2


@pytest.mark.parametrize(
    ("unit", "on", "field"),
    [
        ("department", None, "to_unit"),  # already works there
        ("other_department", date(2017, 1, 1), "transferred_on"),  # before the post began
        ("other_department", date(2099, 1, 1), "transferred_on"),  # in the future
    ],
)
def test_transfer_refuses(sysadmin, person, org_tree, unit, on, field):
    with pytest.raises(InvalidInput) as error:
        staff_lifecycle.user_transfer(
            actor=sysadmin, user=person, to_unit=getattr(org_tree, unit), transferred_on=on
        )
    assert error.value.field == field
    assert not StaffTransfer.objects.exists()


def test_transfer_through_the_workbench_and_the_api(client, sysadmin, person, org_tree):
    login_admin(client, sysadmin)
    response = client.post(
        f"/workbench/staff/{person.pk}/",
        {
            "action": "transfer",
            "to_unit": org_tree.other_department.pk,
            "to_post": "",
            "transferred_on": "2026-11-02",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.organization == org_tree.other_department
    assert person.post == "审批科科员"  # a blank new post keeps the post's name
    page = client.get(f"/workbench/staff/{person.pk}/").content.decode()
    assert org_tree.department.name in page  # the transfer is listed
    answer = api_as(sysadmin).post(
        f"/api/v1/staff/{person.pk}/transfer/",
        {"to_unit": org_tree.department.pk, "transferred_on": "2026-11-20"},
        format="json",
    )
    assert answer.status_code == 200 and answer.json()["organization"] == org_tree.department.pk
    assert StaffTransfer.objects.filter(user=person).count() == 2


# --- offboard --------------------------------------------------------------------------------


def test_offboarding_ends_sessions_and_tokens_and_keeps_history(client, sysadmin, person, org_tree):
    client.force_login(person)
    assert client.get("/workbench/").status_code == 200
    token = Token.objects.create(user=person)
    PostHoldingFactory(person=person, unit=org_tree.department, started_on=date(2018, 4, 1))
    staff_lifecycle.user_transfer(actor=sysadmin, user=person, to_unit=org_tree.other_department)
    staff_lifecycle.user_offboard(actor=sysadmin, user=person, reason="调离本市")
    person.refresh_from_db()
    assert not person.is_active and person.offboarded_at is not None
    assert not any(
        s.get_decoded().get("_auth_user_id") == str(person.pk) for s in Session.objects.all()
    )
    assert not Token.objects.filter(pk=token.pk).exists()
    # Signed out: the old session cookie leads to the sign-in page; the token is refused.
    assert client.get("/workbench/").status_code == 302
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/me/").status_code == 401
    # History kept: the account, its transfer, its post history (ended), the audit trail.
    assert StaffTransfer.objects.filter(user=person).count() == 1
    assert not PostHolding.objects.filter(person=person, ended_on__isnull=True).exists()
    record = AuditRecord.objects.get(action="user.offboard", object_id=str(person.pk))
    assert record.detail["reason"] == "调离本市" and record.detail["sessions"] == 1


def test_an_offboarded_account_is_left_alone(sysadmin, person, org_tree):
    staff_lifecycle.user_offboard(actor=sysadmin, user=person)
    with pytest.raises(Conflict):
        staff_lifecycle.user_offboard(actor=sysadmin, user=person)
    with pytest.raises(Conflict):
        staff_lifecycle.user_update(actor=sysadmin, user=person, real_name="x")
    with pytest.raises(Conflict):
        staff_lifecycle.user_transfer(actor=sysadmin, user=person, to_unit=org_tree.city)


def test_no_one_offboards_their_own_account(secadmin):
    with pytest.raises(InvalidInput):
        staff_lifecycle.user_offboard(actor=secadmin, user=secadmin)


def test_an_administrator_is_offboarded_only_by_the_security_administrator(
    personas, sysadmin, secadmin
):
    """三员分立: the system administrator cannot close the other administrators' accounts."""
    auditor = personas[Role.AUDIT_ADMIN]
    with pytest.raises(NotPermitted):
        staff_lifecycle.user_offboard(actor=sysadmin, user=auditor)
    staff_lifecycle.user_offboard(actor=secadmin, user=auditor)
    auditor.refresh_from_db()
    assert not auditor.is_active


def test_offboard_through_the_workbench_and_the_api(client, sysadmin, person, make_user, org_tree):
    login_admin(client, sysadmin)
    response = client.post(f"/workbench/staff/{person.pk}/", {"action": "offboard", "reason": ""})
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.is_active
    other = make_user(Role.REVIEWER, organization=org_tree.department)
    answer = api_as(sysadmin).post(f"/api/v1/staff/{other.pk}/offboard/", {}, format="json")
    assert answer.status_code == 200 and answer.json()["is_active"] is False
    again = api_as(sysadmin).post(f"/api/v1/staff/{other.pk}/offboard/", {}, format="json")
    assert again.status_code == 409


# --- password reset --------------------------------------------------------------------------


def test_password_reset_forces_a_change_at_the_next_sign_in(client, secadmin, person):
    token = Token.objects.create(user=person)
    one_time = staff_lifecycle.user_password_reset(actor=secadmin, user=person)
    person.refresh_from_db()
    assert person.must_change_password and person.check_password(one_time)
    assert not Token.objects.filter(pk=token.pk).exists()
    assert AuditRecord.objects.filter(action="user.password_reset").count() == 1
    # Workbench: every page leads to the password change until it is done.
    client.force_login(person)
    response = client.get("/workbench/")
    assert response.status_code == 302 and response["Location"].endswith("/account/password/")
    # API: refused until the password is changed, then open.
    api = api_as(person)
    assert api.get("/api/v1/me/").status_code == 403
    changed = api.post(
        "/api/v1/me/password/",
        {"old_password": one_time, "new_password": "Jiangzhou@2027xn"},
        format="json",
    )
    assert changed.status_code == 200, changed.json()
    person.refresh_from_db()
    assert not person.must_change_password
    assert api_as(person).get("/api/v1/me/").status_code == 200


def test_password_reset_through_the_workbench_and_the_api(client, secadmin, person, make_user):
    login_admin(client, secadmin)
    response = client.post("/workbench/security/password-reset/", {"username": "lina"})
    assert response.status_code == 200
    one_time = response.context["one_time"]
    person.refresh_from_db()
    assert one_time and person.check_password(one_time) and person.must_change_password
    answer = api_as(secadmin).post(f"/api/v1/staff/{person.pk}/password-reset/")
    assert answer.status_code == 200 and answer.json()["must_change_password"] is True
    person.refresh_from_db()
    assert person.check_password(answer.json()["one_time_password"])


def test_the_security_administrator_cannot_reset_their_own_password(secadmin):
    with pytest.raises(InvalidInput):
        staff_lifecycle.user_password_reset(actor=secadmin, user=secadmin)


# --- attacker side: every forbidden path, on the workbench and the API --------------------


def _sign_in(client, user):  # type: ignore[no-untyped-def]
    if user.is_administrator:
        login_admin(client, user)
    else:
        client.force_login(user)


@pytest.mark.parametrize("role", FORBIDDEN_TO_MANAGE)
@pytest.mark.parametrize("action", ["edit", "transfer", "offboard"])
def test_other_roles_cannot_edit_transfer_or_offboard(
    client, personas, person, org_tree, role, action
):
    actor = personas[role]
    data = {
        "edit": {"real_name": "攻击者", "post": "", "rank": ""},
        "transfer": {"to_unit": org_tree.city.pk, "transferred_on": "2026-11-02"},
        "offboard": {"reason": "x"},
    }[action]
    _sign_in(client, actor)
    page = client.post(f"/workbench/staff/{person.pk}/", {"action": action, **data})
    assert page.status_code in (403, 404)
    url = {
        "edit": f"/api/v1/staff/{person.pk}/",
        "transfer": f"/api/v1/staff/{person.pk}/transfer/",
        "offboard": f"/api/v1/staff/{person.pk}/offboard/",
    }[action]
    api = api_as(actor)
    answer = api.patch(url, data, format="json") if action == "edit" else api.post(url, data)
    assert answer.status_code in (403, 404), answer.json()
    person.refresh_from_db()
    assert (person.real_name, person.organization, person.is_active) == (
        "李娜",
        org_tree.department,
        True,
    )


@pytest.mark.parametrize("action", ["edit", "transfer", "offboard"])
def test_a_system_administrator_of_another_government_is_refused(
    client, outsider, person, org_tree, action
):
    data = {
        "edit": {"real_name": "攻击者", "post": "", "rank": ""},
        "transfer": {"to_unit": org_tree.other_city_department.pk, "transferred_on": "2026-11-02"},
        "offboard": {"reason": "x"},
    }[action]
    _sign_in(client, outsider)
    page = client.post(f"/workbench/staff/{person.pk}/", {"action": action, **data})
    assert page.status_code in (403, 404)
    url = f"/api/v1/staff/{person.pk}/" + ("" if action == "edit" else f"{action}/")
    api = api_as(outsider)
    answer = api.patch(url, data, format="json") if action == "edit" else api.post(url, data)
    assert answer.status_code in (403, 404)
    person.refresh_from_db()
    assert (person.real_name, person.organization, person.is_active) == (
        "李娜",
        org_tree.department,
        True,
    )


def test_a_transfer_into_another_government_is_refused(sysadmin, person, org_tree):
    with pytest.raises(NotPermitted):
        staff_lifecycle.user_transfer(
            actor=sysadmin, user=person, to_unit=org_tree.other_city_department
        )
    answer = api_as(sysadmin).post(
        f"/api/v1/staff/{person.pk}/transfer/",
        {"to_unit": org_tree.other_city_department.pk},
        format="json",
    )
    assert answer.status_code == 403


@pytest.mark.parametrize("role", FORBIDDEN_TO_RESET)
def test_only_the_security_administrator_resets_passwords(client, personas, person, role):
    actor = personas[role]
    before = person.password
    _sign_in(client, actor)
    page = client.post("/workbench/security/password-reset/", {"username": "lina"})
    assert page.status_code == 403
    answer = api_as(actor).post(f"/api/v1/staff/{person.pk}/password-reset/")
    assert answer.status_code == 403
    person.refresh_from_db()
    assert person.password == before and not person.must_change_password


def test_a_security_administrator_of_another_government_cannot_reset(
    client, make_user, person, org_tree
):
    other = make_user(Role.SECURITY_ADMIN, organization=org_tree.other_city_department)
    _sign_in(client, other)
    page = client.post("/workbench/security/password-reset/", {"username": "lina"})
    assert "one_time" not in page.context or not page.context["one_time"]
    assert api_as(other).post(f"/api/v1/staff/{person.pk}/password-reset/").status_code == 403
    person.refresh_from_db()
    assert not person.must_change_password
