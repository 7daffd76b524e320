"""The report's figures for one unit (`--unit`, `unit=`): every figure that belongs to a unit
counts that unit and the units under it only; and the seed report's sections on inspections,
rotation and surveys are figures of the period from the contexts' own selectors.

Each row builds one record at the unit (the market regulator, and so under the city) and one at
another department; the city's report counts both, the unit's report only its own."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from itertools import count

import pytest

from xiaoneng.community.models import Violation, ViolationRule
from xiaoneng.complaints.models import Rating, RatingChannel
from xiaoneng.core.models import Organization, Rank, User
from xiaoneng.core.roles import Role
from xiaoneng.evaluation.models import (
    Finding,
    FindingKind,
    Handling,
    InspectionVisit,
    RespondentKind,
    Rotation,
    SupervisionTask,
    Survey,
    SurveyInvitation,
    TaskSource,
    VisitMode,
)
from xiaoneng.reports.figures import situation_figures

pytestmark = pytest.mark.django_db
START, END = date(2025, 1, 1), date(2025, 12, 31)
IN_PERIOD = date(2025, 6, 16)
SERIAL = count(1)


def rating(unit: Organization, user: User) -> None:
    Rating.objects.create(
        case_number=f"R{next(SERIAL)}",
        department=unit,
        channel=RatingChannel.ONLINE,
        overall=1,
        rated_at=datetime(2025, 6, 16, 2, tzinfo=UTC),
    )


def task(unit: Organization, user: User, *, deadline: date = IN_PERIOD) -> None:
    created = SupervisionTask.objects.create(
        number=f"T{next(SERIAL)}",
        title="督查",
        source=TaskSource.ROUTINE_CHECK,
        goal="按期完成",
        deadline=deadline,
        owner=user.organization,
        lead_unit=unit,
        created_by=user,
    )
    SupervisionTask.objects.filter(pk=created.pk).update(
        created_at=datetime(2025, 3, 1, 2, tzinfo=UTC)
    )


def responsible_task(unit: Organization, user: User) -> None:
    """A task led by the efficiency office, with the unit as a responsible unit."""
    task(user.organization, user)  # type: ignore[arg-type]
    SupervisionTask.objects.order_by("-pk").first().responsible_units.add(unit)  # type: ignore[union-attr]


def violation(unit: Organization, user: User) -> None:
    Violation.objects.create(
        rule=ViolationRule.UNADMITTED_TASK,
        offender=unit,
        occurred_on=IN_PERIOD,
        description="未经准入派任务",
        source_type="test",
        source_id=next(SERIAL),
    )


def visit(unit: Organization, user: User) -> None:
    found = InspectionVisit.objects.create(
        visited_on=IN_PERIOD, mode=VisitMode.UNANNOUNCED, owner=user.organization, created_by=user
    )
    found.units.add(unit)
    Finding.objects.create(
        visit=found,
        unit=unit,
        person_name="张三",
        kind=FindingKind.LATE,
        handling=Handling.EFFICIENCY_WARNING,
    )


def rotation(unit: Organization, user: User) -> None:
    Rotation.objects.create(
        person=user,
        from_unit=unit,
        from_post="科员",
        to_unit=user.organization,
        to_post="科员",
        rank=Rank.SECTION,
        rotated_on=IN_PERIOD,
        recorded_by=user,
    )


def survey(unit: Organization, user: User) -> None:
    found = Survey.objects.create(
        title="发展环境调查",
        owner=user.organization,
        subject_unit=unit,
        period_start=START,
        period_end=END,
    )
    for returned in (True, False):
        SurveyInvitation.objects.create(
            survey=found,
            respondent_kind=RespondentKind.ENTERPRISE,
            respondent_name=f"企业{next(SERIAL)}",
            token=f"tok{next(SERIAL)}",
            issued_on=IN_PERIOD,
            returned_at=datetime(2025, 6, 20, 2, tzinfo=UTC) if returned else None,
        )


@pytest.fixture
def office_user(org_tree, make_user) -> User:  # type: ignore[no-untyped-def]
    """The efficiency office's supervisor who also runs the surveys (surveys are seen by who
    runs them, survey.manage)."""
    return make_user(
        Role.EFFICIENCY_SUPERVISOR, Role.EVALUATION_OFFICER, organization=org_tree.efficiency_office
    )


# (figure, what creates one record at a unit, the figure for one such record)
ROWS: list[tuple[str, Callable[[Organization, User], None], int]] = [
    ("ratings_received", rating, 1),
    ("tasks_created", task, 1),
    ("tasks_created", responsible_task, 1),
    ("tasks_overdue", task, 1),
    ("community_violations", violation, 1),
    ("inspection_visits", visit, 1),
    ("inspection_staff_found", visit, 1),
    ("inspection_warnings", visit, 1),
    ("rotations", rotation, 1),
    ("rotations_section_level", rotation, 1),
    ("rotation_units", rotation, 1),
    ("surveys", survey, 1),
    ("survey_enterprises", survey, 2),
    ("questionnaires_issued", survey, 2),
    ("questionnaires_returned", survey, 1),
]


@pytest.mark.parametrize(
    ("figure", "make", "one"), ROWS, ids=[f"{r[0]}-{r[1].__name__}" for r in ROWS]
)
def test_a_units_report_counts_only_that_unit(org_tree, office_user, figure, make, one):
    supervisor = office_user
    make(org_tree.department, supervisor)
    make(org_tree.other_department, supervisor)
    as_of = date(2025, 12, 31)

    def value(unit: Organization | None) -> int:
        figures = situation_figures(
            user=supervisor, start=START, end=END, as_of=as_of, organization=unit
        )
        return int(getattr(figures, figure))

    assert value(None) == 2 * one
    assert value(org_tree.department) == one
    assert value(org_tree.city) == 2 * one  # a unit counts the units under it
    assert value(org_tree.county) == 0


def test_the_seed_sections_are_figures_of_the_period(org_tree, office_user):
    """Inspections, rotation and surveys (DOMAIN.md §4: 25 visits, 140+ staff found; 192
    rotated, 102 section level and 90 ordinary, in 42 units; 360 enterprises, 1,044 issued, 896
    returned) — out of the period they are not counted."""
    supervisor = office_user
    visit(org_tree.department, supervisor)
    rotation(org_tree.department, supervisor)
    Rotation.objects.create(
        person=supervisor,
        from_unit=org_tree.other_department,
        from_post="科员",
        to_unit=org_tree.department,
        to_post="科员",
        rank=Rank.ORDINARY,
        rotated_on=date(2024, 12, 31),  # the year before
        recorded_by=supervisor,
    )
    survey(org_tree.department, supervisor)
    figures = situation_figures(user=supervisor, start=START, end=END, as_of=END)
    assert (figures.inspection_visits, figures.inspection_staff_found) == (1, 1)
    assert (figures.rotations, figures.rotations_section_level, figures.rotations_ordinary) == (
        1,
        1,
        0,
    )
    assert (figures.questionnaires_issued, figures.questionnaires_returned) == (2, 1)
