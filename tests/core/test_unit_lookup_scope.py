"""The dashboards' unit type-ahead never offers a unit outside the person's scope for the
dashboard's permission (issue 20, part 3): each dashboard's ``perm`` against a person scoped
to part of the tree; a bad ``perm`` is a 400 naming the parameter."""

from __future__ import annotations

import pytest
from django.test import Client

from xiaoneng.core.access import organizations_visible
from xiaoneng.core.roles import Perm, Role

pytestmark = pytest.mark.django_db
LOOKUP = "/api/v1/organizations/lookup/"


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


#: (dashboard's permission, role, where the person works, units they may be offered,
#:  units they must never be offered)
CASES = [
    (
        Perm.SUPERVISION_VIEW,
        Role.EFFICIENCY_SUPERVISOR,
        "county_department",  # a supervisor's scope is their government's: the county
        {"county", "county_department", "street"},
        {"city", "department", "efficiency_office", "other_city_department"},
    ),
    (
        Perm.COMPLAINT_VIEW,
        Role.DEPARTMENT_HEAD,
        "county_department",
        {"county_department"},
        {"city", "department", "county", "complaint_centre", "other_city_department"},
    ),
    (
        Perm.HALL_MANAGE,  # the hall figures' filter: a coordinator's scope is the government's
        Role.CENTRE_COORDINATOR,
        "county_department",
        {"county", "county_department", "street"},
        {"city", "department", "efficiency_office", "other_city_department"},
    ),
    (
        Perm.COMMUNITY_VIEW,
        Role.COMMUNITY_STAFF,
        "community",
        {"community"},
        {"street", "street_department", "county", "county_department", "city"},
    ),
    (
        Perm.COMMUNITY_VIEW,
        Role.STREET_OFFICE_STAFF,
        "street",
        {"street", "street_department", "community"},
        {"county", "county_department", "city", "department", "other_city_department"},
    ),
]


@pytest.mark.parametrize(("perm", "role", "place", "inside", "outside"), CASES)
def test_lookup_offers_only_units_of_the_scope(
    make_user, org_tree, perm, role, place, inside, outside
):  # type: ignore[no-untyped-def]
    person = make_user(role, organization=getattr(org_tree, place))
    client = client_for(person)
    offered = {row["id"] for row in client.get(LOOKUP, {"perm": perm}).json()}
    assert {getattr(org_tree, name).pk for name in inside} <= offered
    assert not offered & {getattr(org_tree, name).pk for name in outside}
    assert offered <= set(organizations_visible(person, perm).values_list("pk", flat=True))
    for name in outside:  # typed by name: still nothing
        unit = getattr(org_tree, name)
        rows = client.get(LOOKUP, {"perm": perm, "q": unit.name}).json()
        assert unit.pk not in {row["id"] for row in rows}


@pytest.mark.parametrize("perm", [Perm.COMPLAINT_VIEW, Perm.COMMUNITY_VIEW])
def test_lookup_gives_nothing_to_a_person_without_the_permission(personas, perm):  # type: ignore[no-untyped-def]
    response = client_for(personas[Role.WINDOW_CLERK]).get(LOOKUP, {"perm": perm})
    assert response.status_code == 200 and response.json() == []


@pytest.mark.parametrize("perm", ["case.accept", "case.view", "supervision.view "])
def test_lookup_refuses_a_permission_no_dashboard_filters_by(personas, perm):  # type: ignore[no-untyped-def]
    response = client_for(personas[Role.LEADER]).get(LOOKUP, {"perm": perm})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "perm"


def test_lookup_needs_a_login(client):  # type: ignore[no-untyped-def]
    assert client.get(LOOKUP, {"perm": Perm.COMPLAINT_VIEW}).status_code in (401, 403)
