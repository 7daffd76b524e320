"""Catalog API: public reads, staff writes, permissions and bad input (400 naming the field)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from tests.catalog.factories import AGENCY_CODE, item_data, make_item
from xiaoneng.catalog import services
from xiaoneng.catalog.models import ItemStatus, ServiceItem
from xiaoneng.core.excel import workbook_bytes
from xiaoneng.core.roles import Role

ITEMS = "/api/v1/catalog/items/"


def _client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def items(org_tree):
    active = make_item(agency=org_tree.department, name="食品经营许可")
    suspended = make_item(agency=org_tree.department, name="药品零售许可")
    services.item_suspend(actor=None, item=suspended, reason="上级暂停")
    other = make_item(agency=org_tree.other_city_department, name="河州食品许可")
    return active, suspended, other


def test_public_sees_active_items_only(items):
    active, suspended, other = items
    response = _client().get(ITEMS)
    assert response.status_code == 200
    codes = {row["implementation_code"] for row in response.json()["results"]}
    assert codes == {active.implementation_code, other.implementation_code}
    assert _client().get(f"{ITEMS}{suspended.implementation_code}/").status_code == 404
    detail = _client().get(f"{ITEMS}{active.implementation_code}/").json()
    assert detail["current"]["committed_limit_days"] == 5
    assert len(detail["current"]["materials"]) == 2
    assert "versions" not in detail


def test_staff_see_their_scope_in_any_status(items, personas):
    active, suspended, other = items
    response = _client(personas[Role.REVIEWER]).get(ITEMS, {"status": "suspended"})
    assert [r["implementation_code"] for r in response.json()["results"]] == [
        suspended.implementation_code
    ]
    detail = _client(personas[Role.REVIEWER]).get(f"{ITEMS}{suspended.implementation_code}/")
    assert detail.status_code == 200 and detail.json()["versions"][0]["version"] == 1


def test_search_by_name_code_and_agency(items, org_tree):
    active, _suspended, other = items
    client = _client()
    assert [r["name"] for r in client.get(ITEMS, {"q": "河州"}).json()["results"]] == [
        "河州食品许可"
    ]
    by_code = client.get(ITEMS, {"q": active.implementation_code[-9:].lower()}).json()
    assert active.implementation_code in {r["implementation_code"] for r in by_code["results"]}
    by_agency = client.get(ITEMS, {"agency": org_tree.department.pk}).json()["results"]
    assert [r["implementation_code"] for r in by_agency] == [active.implementation_code]


def test_create_by_head_and_refusal_for_clerk(org_tree, personas):
    body = {
        **item_data(),
        "agency": org_tree.department.pk,
        "basic_code": "000101009000",
        "implementation_code": AGENCY_CODE + "000101009000",
    }
    refused = _client(personas[Role.WINDOW_CLERK]).post(ITEMS, body, format="json")
    assert refused.status_code == 403
    anonymous = _client().post(ITEMS, body, format="json")
    assert anonymous.status_code in (401, 403)
    created = _client(personas[Role.DEPARTMENT_HEAD]).post(ITEMS, body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["current"]["version"] == 1


BAD_BODIES = [
    ({"committed_limit_days": 25}, "committed_limit_days"),
    (
        {"handling_type": "immediate", "committed_limit_days": 1, "steps": []},
        "committed_limit_days",
    ),
    ({"item_type": "99"}, "item_type"),
    ({"implementation_code": "123"}, "implementation_code"),
    ({"agency": "abc"}, "agency"),
    ({"agency": 999999}, "agency"),
    ({"materials": [{"originals": 1}]}, "materials[0].name"),
    ({"co_departments": [{"organization": 999999}]}, "co_departments[0].organization"),
    ({"colour": "red"}, "colour"),
]


@pytest.mark.parametrize(("change", "field"), BAD_BODIES)
def test_bad_input_is_400_naming_the_field(org_tree, personas, change, field):
    body = {
        **item_data(),
        "agency": org_tree.department.pk,
        "basic_code": "000101009000",
        "implementation_code": AGENCY_CODE + "000101009000",
        **change,
    }
    response = _client(personas[Role.DEPARTMENT_HEAD]).post(ITEMS, body, format="json")
    assert response.status_code == 400, response.content
    assert field in [e["field"] for e in response.json()["errors"]]
    assert ServiceItem.objects.count() == 0


def test_revise_suspend_cancel_reactivate(items, personas):
    active, _suspended, _other = items
    head = _client(personas[Role.DEPARTMENT_HEAD])
    url = f"{ITEMS}{active.implementation_code}/"
    revised = head.post(
        f"{url}revise/", {"change_reason": "压缩时限", "committed_limit_days": 6}, format="json"
    )
    assert revised.status_code == 200, revised.json()
    assert revised.json()["version"] == 2
    old = head.get(f"{url}versions/1/").json()
    assert old["committed_limit_days"] == 5
    assert (
        head.post(f"{url}revise/", {"committed_limit_days": 6}, format="json").json()["errors"][0][
            "field"
        ]
        == "change_reason"
    )
    assert (
        head.post(
            f"{url}revise/", {"change_reason": "x", "basic_code": "1"}, format="json"
        ).status_code
        == 400
    )
    no_reason = head.post(f"{url}suspend/", {}, format="json")
    assert no_reason.status_code == 400 and no_reason.json()["errors"][0]["field"] == "reason"
    assert (
        head.post(f"{url}suspend/", {"reason": "上级暂停"}, format="json").json()["status"]
        == ItemStatus.SUSPENDED
    )
    assert head.post(f"{url}suspend/", {"reason": "again"}, format="json").status_code == 409
    assert (
        head.post(f"{url}cancel/", {"reason": "上级取消"}, format="json").json()["status"]
        == ItemStatus.CANCELLED
    )
    assert (
        head.post(f"{url}reactivate/", {"reason": "恢复"}, format="json").json()["status"]
        == ItemStatus.ACTIVE
    )
    clerk = _client(personas[Role.WINDOW_CLERK])
    assert clerk.post(f"{url}suspend/", {"reason": "x"}, format="json").status_code == 403


def test_old_versions_are_for_staff_only(items, personas):
    active, _s, _o = items
    services.item_revise(actor=None, item=active, change_reason="x", committed_limit_days=6)
    url = f"{ITEMS}{active.implementation_code}/versions/"
    assert _client().get(f"{url}1/").status_code == 404
    assert _client().get(f"{url}2/").status_code == 200
    assert _client(personas[Role.REVIEWER]).get(f"{url}1/").status_code == 200


def test_compression_overall(items):
    data = _client().get("/api/v1/catalog/compression/").json()
    # Two active items, 5 of 20 days each: 10 ÷ 40.
    assert data == {
        "items": 2,
        "committed_days": 10,
        "legal_days": 40,
        "ratio": 0.25,
        "cut": 0.75,
    }


def test_import_and_export_endpoints(items, personas):
    active, _s, _o = items
    head = _client(personas[Role.DEPARTMENT_HEAD])
    exported = head.get("/api/v1/catalog/export/")
    assert exported.status_code == 200
    wb = load_workbook(io.BytesIO(exported.content))
    codes = [row[0] for row in wb["事项"].iter_rows(min_row=2, values_only=True)]
    assert active.implementation_code in codes
    assert _client().get("/api/v1/catalog/export/").status_code in (401, 403)

    upload = io.BytesIO(workbook_bytes(services.catalog_export_sheets([active])))
    upload.name = "catalog.xlsx"
    ok = head.post("/api/v1/catalog/import/", {"file": upload}, format="multipart")
    assert ok.status_code == 200 and ok.json() == {"created": 0, "updated": 0}
    assert (
        head.post("/api/v1/catalog/import/", {}, format="multipart").json()["errors"][0]["field"]
        == "file"
    )
    junk = io.BytesIO(b"not excel")
    junk.name = "x.xlsx"
    bad = head.post("/api/v1/catalog/import/", {"file": junk}, format="multipart")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "file"
    clerk = _client(personas[Role.WINDOW_CLERK])
    assert clerk.post("/api/v1/catalog/import/", {}, format="multipart").status_code == 403
