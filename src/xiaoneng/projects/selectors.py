"""Reads of the projects context."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from xiaoneng.cases.models import JointReviewMeeting
from xiaoneng.cases.workflow import Status as CaseStatus
from xiaoneng.core.access import scope_filter
from xiaoneng.core.errors import NotFound
from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Perm
from xiaoneng.enterprises.models import Problem
from xiaoneng.projects.models import Prerequisite, Project

#: A prerequisite counts as met once a case for it is approved (delivered includes approved).
APPROVED_STATUSES = (CaseStatus.APPROVED, CaseStatus.DELIVERED)


def unapproved_prerequisites(*, case_id: int, item_id: int) -> list[str]:
    """Names of the prerequisite items of case `case_id` (for service item `item_id`) that no
    case of the same project has had approved yet; empty when the case may be accepted.

    Called by the cases context before acceptance (cases/services/intake.py)."""
    rules = Prerequisite.objects.filter(project__cases__pk=case_id, item_id=item_id).select_related(
        "required_item", "project"
    )
    missing: list[str] = []
    for rule in rules:
        approved = rule.project.cases.filter(
            item_version__item_id=rule.required_item_id, status__in=APPROVED_STATUSES
        ).exists()
        if not approved and rule.required_item.name not in missing:
            missing.append(rule.required_item.name)
    return missing


def project_list(*, user: User) -> QuerySet[Project]:
    return scope_filter(
        Project.objects.select_related("lead_unit", "investor").prefetch_related(
            "cases", "prerequisites__item", "prerequisites__required_item"
        ),
        user,
        Perm.SUPERVISION_VIEW,
        "lead_unit",
    )


def project_get_for_user(*, user: User, number: str) -> Project:
    project = project_list(user=user).filter(number=number).first()
    if project is None:
        raise NotFound(_("No such project."))
    return project


@dataclass(frozen=True)
class ProjectFigures:
    meetings: int
    projects_helped: int
    problems_solved: int
    disputes_resolved: int


@dataclass(frozen=True)
class _Rows:
    # (meeting, held on, problems solved, project) for each project case a meeting discussed
    meetings: list[tuple[int, date, int, int]]
    disputes: list[date]  # reported on, of the investors' problems replied


def _projects(user: User, unit: Organization | None) -> QuerySet[Project]:
    projects = scope_filter(Project.objects.all(), user, Perm.SUPERVISION_VIEW, "lead_unit")
    if unit is not None:
        projects = projects.filter(lead_unit__path__startswith=unit.path)
    return projects


def _read(projects: QuerySet[Project], first: date, last: date) -> _Rows:
    project_of: dict[int, set[int]] = defaultdict(set)
    for case_id, project_id in Project.cases.through.objects.filter(
        project__in=projects
    ).values_list("case_id", "project_id"):
        project_of[case_id].add(project_id)
    pairs = JointReviewMeeting.cases.through.objects.filter(
        case_id__in=Project.cases.through.objects.filter(project__in=projects).values("case_id"),
        jointreviewmeeting__held_on__range=(first, last),
    ).values_list(
        "jointreviewmeeting_id",
        "jointreviewmeeting__held_on",
        "jointreviewmeeting__problems_solved",
        "case_id",
    )
    meetings = [
        (meeting, held_on, solved, project)
        for meeting, held_on, solved, case_id in pairs
        for project in project_of[case_id]
    ]
    disputes = Problem.objects.filter(
        enterprise__applicant__in=projects.exclude(investor=None).values("investor"),
        reported_on__range=(first, last),
        replied_on__isnull=False,
    ).values_list("reported_on", flat=True)
    return _Rows(meetings=meetings, disputes=list(disputes))


def _figures_of(rows: _Rows, start: date, end: date) -> ProjectFigures:
    held = [r for r in rows.meetings if start <= r[1] <= end]
    solved = {meeting: n for meeting, _on, n, _project in held}
    return ProjectFigures(
        meetings=len(solved),
        projects_helped=len({project for _m, _on, n, project in held if n > 0}),
        problems_solved=sum(solved.values()),
        disputes_resolved=sum(1 for day in rows.disputes if start <= day <= end),
    )


def project_figures(
    *, user: User, start: date, end: date, unit: Organization | None = None
) -> ProjectFigures:
    """The seed's joint-review figures for projects in the user's supervision.view scope (led
    by the unit or under it, with one), from `start` to `end` inclusive.

    - meetings: joint review meetings (项目协调会和联审联办会, cases.JointReviewMeeting) held that
      discussed a case of a project — the seed's "31场次";
    - projects_helped: projects with a case at such a meeting that solved problems
      (problems_solved > 0) — "解决了116个项目落地的具体问题";
    - problems_solved: the problems those meetings solved, each meeting counted once;
    - disputes_resolved: problems the projects' investors reported as monitored enterprises
      (enterprises.Problem) in the period and the unit has replied to — the seed's "130多起企业
      群众的矛盾纠纷和问题投诉" as far as the projects' investors are concerned."""
    return _figures_of(_read(_projects(user, unit), start, end), start, end)


def project_figures_for(*, user: User, spans: list[tuple[date, date]]) -> list[ProjectFigures]:
    """`project_figures(user=user, start=s, end=e)` for every span from one read (cockpit)."""
    if not spans:
        return []
    rows = _read(_projects(user, None), min(s for s, _e in spans), max(e for _s, e in spans))
    return [_figures_of(rows, s, e) for s, e in spans]
