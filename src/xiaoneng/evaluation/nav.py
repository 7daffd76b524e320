"""Workbench menu entries of the evaluation context."""

from django.utils.translation import gettext_lazy as _

from xiaoneng.core.roles import Perm
from xiaoneng.workbench.navigation import NavItem, register

SECTION = _("Evaluation and supervision")
SCORING = (Perm.EVALUATION_MANAGE, Perm.EVALUATION_SCORE)
register(
    NavItem(
        SECTION, _("Evaluation rounds"), "evaluation:rounds", Perm.EVALUATION_VIEW, 10, SCORING
    ),
    NavItem(
        SECTION, _("Indicator systems"), "evaluation:systems", Perm.EVALUATION_VIEW, 20, SCORING
    ),
    NavItem(SECTION, _("Surveys"), "evaluation:surveys", Perm.SURVEY_MANAGE, 30),
    NavItem(
        SECTION,
        _("Staff rotation"),
        "evaluation:rotation",
        Perm.ROTATION_VIEW,
        40,
        (Perm.ROTATION_MANAGE,),
    ),
    NavItem(SECTION, _("Supervision tasks"), "evaluation:tasks", Perm.TASK_MANAGE, 50),
    NavItem(SECTION, _("Supervision tasks"), "evaluation:tasks", Perm.TASK_REPORT, 50),
    NavItem(
        SECTION,
        _("Inspection visits"),
        "evaluation:visits",
        Perm.SUPERVISION_VIEW,
        60,
        (Perm.TASK_MANAGE,),
    ),
    NavItem(
        SECTION,
        _("Efficiency rules filed"),
        "evaluation:rule_filings",
        Perm.SUPERVISION_VIEW,
        70,
        (Perm.SUPERVISION_ACT,),
    ),
    NavItem(
        SECTION,
        _("Efficiency rules filed"),
        "evaluation:rule_filings",
        Perm.TASK_REPORT,
        70,
        (Perm.TASK_REPORT,),
    ),
    NavItem(
        SECTION,
        _("Self-inspection"),
        "evaluation:self_inspections",
        Perm.SUPERVISION_VIEW,
        75,
        (Perm.SUPERVISION_ACT,),
    ),
    NavItem(
        SECTION,
        _("Self-inspection"),
        "evaluation:self_inspections",
        Perm.TASK_REPORT,
        75,
        (Perm.TASK_REPORT,),
    ),
    NavItem(
        SECTION,
        _("Democratic appraisal"),
        "evaluation:appraisals",
        Perm.EVALUATION_VIEW,
        80,
        (Perm.SURVEY_MANAGE,),
    ),
    NavItem(
        SECTION,
        _("Results applied"),
        "evaluation:results_applied",
        Perm.EVALUATION_VIEW,
        85,
        (Perm.EVALUATION_MANAGE,),
    ),
)
