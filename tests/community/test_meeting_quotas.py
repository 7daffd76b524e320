"""Rule 5 (压缩各类参会): district ≤ 2 a year, street ≤ 4 a month, one weekly routine meeting,
street departments need the street head's approval; over quota → warning, held → violation."""

from __future__ import annotations

from datetime import date

import pytest

from tests.community.factories import register_meeting
from xiaoneng.community.models import Meeting, Violation, ViolationRule
from xiaoneng.community.services import meetings as meeting_services
from xiaoneng.community.services.meetings import QuotaWarning
from xiaoneng.community.workflow import MeetingStatus
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-03-02 09:00 +0800", tick=False)


@pytest.mark.parametrize(
    ("earlier_dates", "new_date", "warned"),
    [
        # rule 5: 区级组织的会议每年不得超过2次
        ([], date(2026, 5, 1), False),  # 1st
        ([date(2026, 1, 10)], date(2026, 5, 1), False),  # 2nd: allowed
        ([date(2026, 1, 10), date(2026, 3, 1)], date(2026, 5, 1), True),  # 3rd: warned
        ([date(2025, 11, 1), date(2025, 12, 1)], date(2026, 1, 5), False),  # new year resets
    ],
)
def test_district_meetings_quota_two_a_year(cm, earlier_dates, new_date, warned):
    for day in earlier_dates:
        register_meeting(cm.district_staff, cm.county_department, day, [cm.community])
    if warned:
        with pytest.raises(QuotaWarning) as caught:
            register_meeting(cm.district_staff, cm.county_department, new_date, [cm.community])
        assert "2" in caught.value.reasons[0]
        assert Meeting.objects.count() == len(earlier_dates)  # nothing saved before confirming
    else:
        meeting = register_meeting(
            cm.district_staff, cm.county_department, new_date, [cm.community]
        )
        assert not meeting.is_over_quota


@pytest.mark.parametrize(
    ("earlier", "new_date", "warned"),
    [
        # rule 5: 街道办事处组织的会议每月不得超过4次
        (3, date(2026, 3, 20), False),  # 4th in March: allowed
        (4, date(2026, 3, 20), True),  # 5th in March: warned
        (4, date(2026, 4, 1), False),  # April starts afresh
    ],
)
def test_street_meetings_quota_four_a_month(cm, earlier, new_date, warned):
    for i in range(earlier):
        register_meeting(cm.street_staff, cm.street, date(2026, 3, 2 + i), [cm.community])
    if warned:
        with pytest.raises(QuotaWarning):
            register_meeting(cm.street_staff, cm.street, new_date, [cm.community])
    else:
        assert not register_meeting(
            cm.street_staff, cm.street, new_date, [cm.community]
        ).is_over_quota


def test_quota_counts_per_community_summoned(cm):
    """Rule 5: the quota protects each community; another community is unaffected."""
    for i in range(4):
        register_meeting(cm.street_staff, cm.street, date(2026, 3, 2 + i), [cm.community])
    meeting = register_meeting(cm.street_staff, cm.street, date(2026, 3, 20), [cm.other_community])
    assert not meeting.is_over_quota


def test_street_department_meetings_count_towards_the_street_quota(cm):
    for i in range(3):
        register_meeting(cm.street_staff, cm.street, date(2026, 3, 2 + i), [cm.community])
    requested = register_meeting(
        cm.department_staff, cm.street_department, date(2026, 3, 9), [cm.community]
    )
    meeting_services.meeting_approve(actor=cm.street_head, meeting=requested, approve=True)
    with pytest.raises(QuotaWarning):
        register_meeting(cm.street_staff, cm.street, date(2026, 3, 20), [cm.community])


def test_routine_weekly_meeting_does_not_count_but_only_one_a_week(cm):
    """Rule 5: 每周只召开一次由社区主要负责人参加的工作例会."""
    for i in range(4):
        register_meeting(cm.street_staff, cm.street, date(2026, 3, 2 + i), [cm.community])
    routine = register_meeting(
        cm.street_staff, cm.street, date(2026, 3, 9), [cm.community], is_routine=True
    )
    assert not routine.is_over_quota
    with pytest.raises(QuotaWarning):  # a second routine meeting in the same week
        register_meeting(
            cm.street_staff, cm.street, date(2026, 3, 12), [cm.community], is_routine=True
        )
    next_week = register_meeting(
        cm.street_staff, cm.street, date(2026, 3, 16), [cm.community], is_routine=True
    )
    assert not next_week.is_over_quota


def test_cancelled_meetings_do_not_count(cm):
    meetings = [
        register_meeting(cm.street_staff, cm.street, date(2026, 3, 2 + i), [cm.community])
        for i in range(4)
    ]
    meeting_services.meeting_cancel(actor=cm.street_staff, meeting=meetings[0])
    assert not register_meeting(
        cm.street_staff, cm.street, date(2026, 3, 20), [cm.community]
    ).is_over_quota


def test_confirmed_over_quota_meeting_is_saved_and_becomes_a_violation_when_held(cm, time_machine):
    for i in range(4):
        register_meeting(cm.street_staff, cm.street, date(2026, 3, 2 + i), [cm.community])
    meeting = register_meeting(
        cm.street_staff, cm.street, date(2026, 3, 20), [cm.community], confirm_over_quota=True
    )
    assert meeting.is_over_quota and meeting.status == MeetingStatus.REGISTERED
    assert not Violation.objects.exists()  # registered, not yet held
    time_machine.move_to("2026-03-21 09:00 +0800", tick=False)
    meeting_services.meeting_hold(actor=cm.street_staff, meeting=meeting)
    violation = Violation.objects.get()
    assert violation.rule == ViolationRule.MEETING_OVER_QUOTA
    assert violation.offender == cm.street and violation.community == cm.community
    assert violation.street == cm.street


def test_meeting_within_quota_held_is_no_violation(cm):
    meeting = register_meeting(cm.street_staff, cm.street, date(2026, 3, 2), [cm.community])
    meeting_services.meeting_hold(actor=cm.community_staff, meeting=meeting)
    assert not Violation.objects.exists()


def test_quota_is_configurable(cm, settings):
    settings.COMMUNITY_RULES = {"street_meetings_per_month": 1}
    register_meeting(cm.street_staff, cm.street, date(2026, 3, 2), [cm.community])
    with pytest.raises(QuotaWarning):
        register_meeting(cm.street_staff, cm.street, date(2026, 3, 3), [cm.community])


class TestStreetDepartmentMeetings:
    """Rule 5: 街道各职能部门召开由社区工作人员参加的会议，必须经街道主要领导批准."""

    def test_waits_for_the_street_head(self, cm):
        meeting = register_meeting(
            cm.department_staff, cm.street_department, date(2026, 3, 9), [cm.community]
        )
        assert meeting.status == MeetingStatus.AWAITING_APPROVAL
        with pytest.raises(Exception) as caught:
            meeting_services.meeting_hold(actor=cm.department_staff, meeting=meeting)
        assert caught.value.status_code == 409

    @pytest.mark.parametrize(
        "who",
        ["street_staff", "department_head_of_street_department", "department_staff", "supervisor"],
    )
    def test_only_the_street_head_approves(self, cm, who):
        meeting = register_meeting(
            cm.department_staff, cm.street_department, date(2026, 3, 9), [cm.community]
        )
        with pytest.raises(NotPermitted):
            meeting_services.meeting_approve(actor=getattr(cm, who), meeting=meeting, approve=True)

    def test_street_head_approves_and_the_meeting_is_registered(self, cm):
        meeting = register_meeting(
            cm.department_staff, cm.street_department, date(2026, 3, 9), [cm.community]
        )
        meeting_services.meeting_approve(actor=cm.street_head, meeting=meeting, approve=True)
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.REGISTERED
        assert meeting.approved_by == cm.street_head

    def test_rejection_needs_a_reason(self, cm):
        meeting = register_meeting(
            cm.department_staff, cm.street_department, date(2026, 3, 9), [cm.community]
        )
        with pytest.raises(InvalidInput) as caught:
            meeting_services.meeting_approve(actor=cm.street_head, meeting=meeting, approve=False)
        assert caught.value.field == "reason"
        meeting_services.meeting_approve(
            actor=cm.street_head, meeting=meeting, approve=False, reason="可用电话会议代替"
        )
        assert meeting.status == MeetingStatus.REJECTED

    def test_approval_over_quota_warns_the_head(self, cm):
        for i in range(4):
            register_meeting(cm.street_staff, cm.street, date(2026, 3, 2 + i), [cm.community])
        meeting = register_meeting(
            cm.department_staff,
            cm.street_department,
            date(2026, 3, 20),
            [cm.community],
            confirm_over_quota=True,
        )
        with pytest.raises(QuotaWarning):
            meeting_services.meeting_approve(actor=cm.street_head, meeting=meeting, approve=True)
        meeting_services.meeting_approve(
            actor=cm.street_head, meeting=meeting, approve=True, confirm_over_quota=True
        )
        assert meeting.is_over_quota


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("topic", {"topic": "  "}),
        ("communities", {"communities": []}),
        ("is_routine", {"is_routine": True, "organizer": "county_department"}),
    ],
)
def test_bad_input_names_the_field(cm, field, kwargs):
    organizer = getattr(cm, kwargs.pop("organizer", "street"))
    actor = cm.district_staff if organizer == cm.county_department else cm.street_staff
    params = {"topic": "议题", "communities": [cm.community], **kwargs}
    with pytest.raises(InvalidInput) as caught:
        meeting_services.meeting_register(
            actor=actor, organizer=organizer, held_on=date(2026, 3, 2), **params
        )
    assert caught.value.field == field


def test_street_cannot_summon_another_streets_community(cm, org_tree):
    from tests.factories import OrganizationFactory
    from xiaoneng.core.models import Level, OrganizationKind

    other_street = OrganizationFactory(
        name="南湖街道办事处",
        parent=org_tree.county,
        level=Level.TOWN,
        kind=OrganizationKind.STREET_OFFICE,
    )
    foreign = OrganizationFactory(
        name="春晖社区", parent=other_street, level=Level.VILLAGE, kind=OrganizationKind.COMMUNITY
    )
    with pytest.raises(InvalidInput) as caught:
        register_meeting(cm.street_staff, cm.street, date(2026, 3, 2), [foreign])
    assert caught.value.field == "communities"


def test_community_staff_cannot_register_a_street_meeting(cm):
    with pytest.raises(NotPermitted):
        register_meeting(cm.community_staff, cm.street, date(2026, 3, 2), [cm.community])


def test_a_meeting_is_not_held_before_its_date(cm):
    meeting = register_meeting(cm.street_staff, cm.street, date(2026, 3, 3), [cm.community])
    with pytest.raises(Conflict) as caught:
        meeting_services.meeting_hold(actor=cm.street_staff, meeting=meeting)
    assert caught.value.field == "held_on"
    meeting_services.meeting_hold(actor=cm.street_staff, meeting=meeting, today=date(2026, 3, 3))
    assert meeting.status == MeetingStatus.HELD
