"""Joint review meetings (联席会议) are recorded from the workbench by the centre's coordinator."""

from __future__ import annotations

from tests.cases.factories import at
from tests.cases.test_intake import submit
from xiaoneng.cases import services
from xiaoneng.cases.models import JointReviewMeeting


def test_coordinator_records_a_meeting_and_everyone_in_scope_sees_it(client, desk):
    case = submit(desk, "2026-03-02")
    services.case_accept(actor=desk.clerk, case=case, at=at("2026-03-02", 10))
    client.force_login(desk.coordinator)
    url = "/workbench/cases/meetings/"
    bad = client.post(
        url,
        {
            "held_on": "2026-03-10",
            "departments": [desk.agency.pk],
            "cases": "NO-SUCH",
            "problems": "消防验收卡点",
            "problems_solved": 1,
        },
    )
    assert "cases" in bad.context["form"].errors
    empty = client.post(
        url, {"held_on": "2026-03-10", "cases": "", "problems": "", "problems_solved": -1}
    )
    assert {"departments", "problems", "problems_solved"} <= set(empty.context["form"].errors)
    assert not JointReviewMeeting.objects.exists()
    ok = client.post(
        url,
        {
            "held_on": "2026-03-10",
            "departments": [desk.agency.pk, desk.co_department.pk],
            "cases": case.number,
            "problems": "消防验收卡点",
            "solutions": "并联审查",
            "problems_solved": 1,
        },
    )
    assert ok.status_code == 302
    meeting = JointReviewMeeting.objects.get()
    assert list(meeting.cases.all()) == [case]
    client.force_login(desk.reviewer)
    page = client.get(url).content.decode()
    assert "消防验收卡点" in page and "meeting-form" not in page
    assert client.post(url, {}).status_code == 403
