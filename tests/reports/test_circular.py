"""Circulars (通报) of a period: numbered like the supervision documents (效督通〔YYYY〕N号),
with each department's on-time rate, the red and black lists and the warnings issued; only the
efficiency office and leaders issue them (HTML and service)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from docx import Document

from tests.supervision.factories import make_case, make_version
from xiaoneng.core.errors import InvalidInput, NotPermitted
from xiaoneng.core.roles import Role
from xiaoneng.evaluation.models import SupervisionDocument
from xiaoneng.reports.services import circular_generate

pytestmark = pytest.mark.django_db
D = date.fromisoformat


@pytest.fixture
def scene(org_tree):
    version = make_version(org_tree.department, committed=5, legal=20)
    make_case(version, accepted_on=D("2025-09-01"), decided_on=D("2025-09-03"))
    make_case(version, accepted_on=D("2025-09-01"), decided_on=D("2025-09-30"))  # late
    other = make_version(org_tree.other_department, committed=10, legal=20)
    make_case(other, accepted_on=D("2025-09-01"), decided_on=D("2025-09-02"))
    return org_tree


def test_the_circular_is_numbered_and_lists_rates_red_and_black(scene, personas):
    supervisor = personas[Role.EFFICIENCY_SUPERVISOR]
    first = circular_generate(
        actor=supervisor, start=D("2025-09-01"), end=D("2025-09-30"), owner=scene.efficiency_office
    )
    second = circular_generate(
        actor=supervisor, start=D("2025-09-01"), end=D("2025-09-30"), owner=scene.efficiency_office
    )
    numbers = list(SupervisionDocument.objects.order_by("pk").values_list("number", flat=True))
    year = date.today().year
    assert numbers == [f"效督通〔{year}〕1号", f"效督通〔{year}〕2号"]
    text = "\n".join(p.text for p in Document(io.BytesIO(first.content)).paragraphs)
    assert f"{scene.department.name}：50.0%" in text
    assert f"{scene.other_department.name}：100.0%" in text
    red = text.split("二、红榜")[1].split("三、黑榜")[0]
    black = text.split("三、黑榜")[1].split("四、效能告诫")[0]
    assert scene.other_department.name in red.splitlines()[1]
    assert scene.department.name in black and scene.other_department.name not in black
    assert second.filename != first.filename


# A circular is a numbered document in the office's name: leaders read reports, never issue.
@pytest.mark.parametrize(
    "role", [Role.WINDOW_CLERK, Role.REVIEWER, Role.COMMUNITY_STAFF, Role.LEADER]
)
def test_other_roles_may_not_issue_circulars(scene, personas, client, role):
    user = personas[role]
    with pytest.raises(NotPermitted):
        circular_generate(actor=user, start=D("2025-09-01"), end=D("2025-09-30"), owner=scene.city)
    client.force_login(user)
    response = client.post(
        reverse("reports:circular"),
        {"circular-date_from": "2025-09-01", "circular-date_to": "2025-09-30"},
    )
    assert response.status_code == 403
    if role == Role.LEADER:  # the reports page is theirs, without the circular's form
        page = client.get(reverse("reports:reports")).content.decode()
        assert reverse("reports:circular") not in page


def test_the_workbench_downloads_the_circular(scene, personas, client):
    client.force_login(personas[Role.EFFICIENCY_SUPERVISOR])
    response = client.post(
        reverse("reports:circular"),
        {"circular-date_from": "2025-09-01", "circular-date_to": "2025-09-30"},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_a_period_ending_before_it_starts_is_refused(scene, personas):
    with pytest.raises(InvalidInput) as error:
        circular_generate(
            actor=personas[Role.EFFICIENCY_SUPERVISOR],
            start=D("2025-09-30"),
            end=D("2025-09-01"),
            owner=scene.efficiency_office,
        )
    assert error.value.field == "to"
