"""The hall figures read like the other dashboards (issue 20, part 3): the summary row first,
anchored sections, and the period as YYYY-MM-DD text inputs with the local date picker."""

from __future__ import annotations

import pytest
from django.test import Client

from xiaoneng.core.roles import Role

pytestmark = pytest.mark.django_db
FIGURES = "/workbench/hall/figures/"


def test_summary_row_first_then_anchored_sections(hall_desk, personas, client: Client):  # type: ignore[no-untyped-def]
    client.force_login(personas[Role.LEADER])
    html = client.get(FIGURES, {"start": "2026-06-01", "end": "2026-06-30"}).content.decode()
    summary = html.index('class="summary-row"')
    assert html.index('class="filters"') < summary < html.index('id="appointments"')
    nav = html[html.index('class="section-nav"') :]
    nav = nav[: nav.index("</nav>")]
    for anchor in ("appointments", "by-0", "by-1", "by-2", "ratings"):
        assert f'href="#{anchor}"' in nav and f'id="{anchor}"' in html


def test_period_is_iso_text_with_the_local_picker(hall_desk, personas, client: Client):  # type: ignore[no-untyped-def]
    client.force_login(personas[Role.LEADER])
    html = client.get(FIGURES, {"start": "2026-06-01", "end": "2026-06-30"}).content.decode()
    assert 'type="text" name="start" value="2026-06-01"' in html
    assert "data-datepicker" in html and 'type="date"' not in html
    assert "/static/vendor/flatpickr-4.6.13/flatpickr.min.js" in html


def _other_hall(org_tree):  # type: ignore[no-untyped-def]
    from xiaoneng.hall.models import Hall, HallKind

    return Hall.objects.create(
        code="JN01",
        name="江南区政务服务中心",
        kind=HallKind.SERVICE_CENTRE,
        organization=org_tree.county,
    )


def test_the_unit_filter_narrows_to_the_halls_the_unit_runs(hall_desk, personas, org_tree, client):  # type: ignore[no-untyped-def]
    """A unit typed by name (the type-ahead fills its id) keeps the halls it runs, itself and
    below; empty keeps every hall the reader may see."""
    other = _other_hall(org_tree)
    client.force_login(personas[Role.EFFICIENCY_SUPERVISOR])
    html = client.get(FIGURES).content.decode()
    assert 'data-unit-search="/api/v1/organizations/lookup/"' in html
    assert 'data-unit-perm="supervision.view"' in html
    assert client.get(FIGURES).context["halls"] == [other.name, hall_desk.hall.name]  # by code
    narrowed = client.get(FIGURES, {"unit": org_tree.county.name}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert narrowed.status_code == 200 and not narrowed.context["form"].errors
    assert narrowed.context["halls"] == [other.name]
    assert f"计入的大厅：{other.name}</p>" in narrowed.content.decode()


@pytest.mark.parametrize(
    ("role", "place", "unit", "refused"),
    [
        # a county's coordinator (hall.manage) reads the county's halls, not the city's
        (Role.CENTRE_COORDINATOR, "county_department", "department", True),
        (Role.CENTRE_COORDINATOR, "county_department", "county", False),
        # a county supervisor reads the county, not the city's departments
        (Role.EFFICIENCY_SUPERVISOR, "county_department", "department", True),
    ],
)
def test_a_unit_outside_the_readers_scope_is_an_error(  # type: ignore[no-untyped-def]
    hall_desk, org_tree, make_user, client, role, place, unit, refused
):
    reader = make_user(role, organization=getattr(org_tree, place))
    client.force_login(reader)
    response = client.get(FIGURES, {"organization": getattr(org_tree, unit).pk})
    assert response.status_code == 200
    assert bool(response.context["form"].errors.get("unit")) is refused
