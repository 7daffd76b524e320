"""Service ratings (好差评): grades, dimensions, bad-rating follow-up, appeals, public figures."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.complaints.rated_cases import case_to_rate
from xiaoneng.complaints import services
from xiaoneng.complaints.models import Rating, RatingFollowUp
from xiaoneng.complaints.selectors import rating_public_figures
from xiaoneng.complaints.workflow import FollowUpStatus
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.roles import Role

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def rate_case(org_tree, overall, channel="on_site", window="05号窗口", **dimensions):  # type: ignore[no-untyped-def]
    return services.rating_submit(
        case_number=case_to_rate(org_tree.department).number,
        channel=channel,
        overall=overall,
        dimensions=dimensions,
        window=window,
        rater_name="陈静",
        rater_phone="13700001111",
    )


@pytest.mark.parametrize(
    ("overall", "is_bad"), [(1, False), (2, False), (3, False), (4, True), (5, True)]
)
def test_grades_four_and_five_are_bad_and_open_a_follow_up(overall, is_bad, org_tree):  # type: ignore[no-untyped-def]
    """GB/T 39046 A.8: 1 非常满意 … 5 非常不满意; 4–5 are bad ratings."""
    rating = rate_case(org_tree, overall)
    assert rating.is_bad is is_bad
    assert RatingFollowUp.objects.filter(rating=rating).exists() is is_bad


@pytest.mark.parametrize(
    ("channel", "dimensions", "field"),
    [
        ("online", {"attitude": 2}, "attitude"),
        ("on_site", {"usability": 2}, "usability"),
        ("on_site", {"efficiency": 6}, "efficiency"),
        ("on_site", {"efficiency": "x"}, "efficiency"),
        ("by_post", {}, "channel"),
    ],
)
def test_dimensions_must_fit_the_channel(channel, dimensions, field, org_tree):  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput) as error:
        rate_case(org_tree, 2, channel=channel, **dimensions)
    assert error.value.field == field
    assert Rating.objects.count() == 0


def test_online_dimensions_are_stored(org_tree):  # type: ignore[no-untyped-def]
    rating = rate_case(
        org_tree, 2, channel="online", efficiency=1, guide_accuracy=3, convenience=2, usability=2
    )
    assert (rating.guide_accuracy, rating.usability) == (3, 2)


@pytest.mark.parametrize("overall", [0, 6, "5.5", None, True])
def test_overall_out_of_range_is_refused(overall, org_tree):  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput) as error:
        rate_case(org_tree, overall)
    assert error.value.field == "overall"


def test_a_case_is_rated_once(org_tree):  # type: ignore[no-untyped-def]
    rating = rate_case(org_tree, 2)
    with pytest.raises(Conflict) as error:
        services.rating_submit(
            case_number=rating.case_number,
            channel="online",
            overall=1,
        )
    assert error.value.field == "case_number"


def test_follow_up_call_back_then_rectification_in_five_workdays(org_tree, unit_head):  # type: ignore[no-untyped-def]
    rating = rate_case(org_tree, 5)
    with time_machine.travel(datetime(2025, 9, 30, 9, tzinfo=TZ), tick=False):
        services.rating_call_back(
            actor=unit_head,
            rating=rating,
            note="已回访",
            is_verified=True,
            verification_note="窗口人员态度生硬",
        )
        follow_up = services.rating_order_rectification(actor=unit_head, rating=rating)
    # 2025-09-30 + 5 WD → 2025-10-14 (National Day holiday)
    assert follow_up.rectify_due_on == date(2025, 10, 14)
    follow_up = services.rating_rectify(actor=unit_head, rating=rating, note="已批评教育并调岗")
    assert follow_up.status == FollowUpStatus.RECTIFIED


def test_follow_up_may_end_with_an_explanation(org_tree, unit_head):  # type: ignore[no-untyped-def]
    rating = rate_case(org_tree, 4)
    services.rating_call_back(actor=unit_head, rating=rating, note="已回访", is_verified=False)
    follow_up = services.rating_explain(
        actor=unit_head, rating=rating, explanation="法定材料不可免交，已解释"
    )
    assert follow_up.status == FollowUpStatus.EXPLAINED


def test_false_rating_appeal_upheld_excludes_it(org_tree, unit_head, personas):  # type: ignore[no-untyped-def]
    supervisor = personas[Role.EFFICIENCY_SUPERVISOR]
    rating = rate_case(org_tree, 5)
    services.rating_call_back(
        actor=unit_head, rating=rating, note="申请人承认误评", is_verified=False
    )
    services.rating_appeal(actor=unit_head, rating=rating, reason="申请人误操作")
    with pytest.raises(NotPermitted):
        services.rating_decide_appeal(actor=unit_head, rating=rating, is_upheld=True, note="x")
    follow_up = services.rating_decide_appeal(
        actor=supervisor, rating=rating, is_upheld=True, note="录音证实误评"
    )
    assert follow_up.status == FollowUpStatus.APPEAL_UPHELD
    rating.refresh_from_db()
    assert rating.is_excluded


def test_rejected_appeal_returns_to_the_follow_up(org_tree, unit_head, personas):  # type: ignore[no-untyped-def]
    rating = rate_case(org_tree, 4)
    services.rating_call_back(actor=unit_head, rating=rating, note="n", is_verified=True)
    services.rating_appeal(actor=unit_head, rating=rating, reason="r")
    follow_up = services.rating_decide_appeal(
        actor=personas[Role.EFFICIENCY_SUPERVISOR], rating=rating, is_upheld=False, note="证据不足"
    )
    assert follow_up.status == FollowUpStatus.CALLED_BACK


def test_follow_up_steps_out_of_order_and_good_ratings(org_tree, unit_head):  # type: ignore[no-untyped-def]
    bad = rate_case(org_tree, 4)
    with pytest.raises(Conflict):
        services.rating_rectify(actor=unit_head, rating=bad, note="n")
    good = rate_case(org_tree, 1)
    with pytest.raises(Conflict):
        services.rating_call_back(actor=unit_head, rating=good, note="n", is_verified=True)


def test_other_units_may_not_follow_up(org_tree, make_user):  # type: ignore[no-untyped-def]
    rating = rate_case(org_tree, 5)
    outsider = make_user(Role.DEPARTMENT_HEAD, organization=org_tree.other_department)
    with pytest.raises(NotPermitted):
        services.rating_call_back(actor=outsider, rating=rating, note="n", is_verified=True)


def test_public_figures_per_department_and_window(org_tree, unit_head, personas):  # type: ignore[no-untyped-def]
    for grade in (1, 2, 3, 4, 5):
        rate_case(org_tree, grade)
    fixed = rate_case(org_tree, 4, window="06号窗口")
    services.rating_call_back(actor=unit_head, rating=fixed, note="n", is_verified=True)
    services.rating_order_rectification(actor=unit_head, rating=fixed)
    services.rating_rectify(actor=unit_head, rating=fixed, note="done")
    false = rate_case(org_tree, 5, window="06号窗口")
    services.rating_call_back(actor=unit_head, rating=false, note="n", is_verified=False)
    services.rating_appeal(actor=unit_head, rating=false, reason="误评")
    services.rating_decide_appeal(
        actor=personas[Role.EFFICIENCY_SUPERVISOR], rating=false, is_upheld=True, note="ok"
    )
    [department] = rating_public_figures()
    assert (department.ratings, department.satisfied, department.bad, department.bad_rectified) == (
        6,
        3,
        3,
        1,
    )
    assert department.satisfaction_rate == Decimal("50.0")
    windows = {row.window: row for row in rating_public_figures(by_window=True)}
    assert windows["06号窗口"].ratings == 1 and windows["06号窗口"].bad_rectified == 1
    assert windows["05号窗口"].ratings == 5
