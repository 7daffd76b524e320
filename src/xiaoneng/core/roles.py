"""Roles and what each may do.

The three administrators (三员分立, 等保2.0 level 3) are kept apart: an account holds at most one
of them and no business role beside it; none of them reads business data, and only the audit
administrator reads the audit trail (DOMAIN.md §6).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    WINDOW_CLERK = "window_clerk", _("Window clerk")
    REVIEWER = "reviewer", _("Reviewer")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    CENTRE_COORDINATOR = "centre_coordinator", _("Service-centre coordinator")
    EFFICIENCY_SUPERVISOR = "efficiency_supervisor", _("Efficiency supervisor")
    COMPLAINT_HANDLER = "complaint_handler", _("Complaint handler")
    EVALUATION_OFFICER = "evaluation_officer", _("Evaluation officer")
    HR_OFFICER = "hr_officer", _("HR officer")
    STREET_OFFICE_STAFF = "street_office_staff", _("Street-office staff")
    COMMUNITY_STAFF = "community_staff", _("Community staff")
    LEADER = "leader", _("Leader (read-only)")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    SECURITY_ADMIN = "security_admin", _("Security administrator")
    AUDIT_ADMIN = "audit_admin", _("Audit administrator")


ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
BUSINESS_ROLES = frozenset(Role) - ADMIN_ROLES


class Scope(models.TextChoices):
    """How far a role reaches in the organization tree.

    UNIT: the subtree of the user's own organization.
    GOVERNMENT: the subtree of the government the user's agency belongs to — the efficiency
    office, complaint centre, evaluation office and HR oversee every unit of their government.
    """

    UNIT = "unit", _("Own unit and below")
    GOVERNMENT = "government", _("Whole government and below")


ROLE_SCOPE: dict[str, Scope] = {
    Role.WINDOW_CLERK: Scope.UNIT,
    Role.REVIEWER: Scope.UNIT,
    Role.DEPARTMENT_HEAD: Scope.UNIT,
    Role.CENTRE_COORDINATOR: Scope.GOVERNMENT,
    Role.EFFICIENCY_SUPERVISOR: Scope.GOVERNMENT,
    Role.COMPLAINT_HANDLER: Scope.GOVERNMENT,
    Role.EVALUATION_OFFICER: Scope.GOVERNMENT,
    Role.HR_OFFICER: Scope.GOVERNMENT,
    Role.STREET_OFFICE_STAFF: Scope.UNIT,
    Role.COMMUNITY_STAFF: Scope.UNIT,
    Role.LEADER: Scope.GOVERNMENT,
    Role.SYSTEM_ADMIN: Scope.GOVERNMENT,
    Role.SECURITY_ADMIN: Scope.GOVERNMENT,
    Role.AUDIT_ADMIN: Scope.GOVERNMENT,
}


class Perm(models.TextChoices):
    """Capabilities. Business apps check these through `core.access.user_may`."""

    # Administration (三员)
    ORG_MANAGE = "org.manage", _("Manage organizations")
    USER_MANAGE = "user.manage", _("Manage staff accounts")
    REFERENCE_MANAGE = "reference.manage", _("Manage reference data and calendar notices")
    SECURITY_MANAGE = "security.manage", _("Manage security settings and lock-outs")
    AUDIT_VIEW = "audit.view", _("Read and export the audit trail")
    SYSTEM_OPERATE = "system.operate", _("Watch background tasks and their failures")
    # Business data
    ORG_VIEW = "org.view", _("View organizations and staff")
    PERSONAL_DATA_UNMASK = "personal_data.unmask", _("See unmasked ID and phone numbers")
    CATALOG_VIEW = "catalog.view", _("View the service catalog")
    CATALOG_MANAGE = "catalog.manage", _("Edit the service catalog")
    CASE_VIEW = "case.view", _("View cases")
    CASE_ACCEPT = "case.accept", _("Register and accept cases at the window")
    CASE_REVIEW = "case.review", _("Review cases")
    CASE_DECIDE = "case.decide", _("Decide cases")
    CASE_APPROVE_EXTENSION = "case.approve_extension", _("Approve extensions")
    CASE_COORDINATE = "case.coordinate", _("Coordinate joint review")
    CASE_IMPORT = "case.import", _("Import historical cases")
    HALL_MANAGE = "hall.manage", _("Manage service halls, windows and chief representatives")
    SUPERVISION_VIEW = "supervision.view", _("View supervision")
    SUPERVISION_ACT = "supervision.act", _("Issue warnings and hold units accountable")
    WARNING_ISSUE = "warning.issue", _("Issue efficiency warnings")
    COMPLAINT_VIEW = "complaint.view", _("View complaints")
    COMPLAINT_HANDLE = "complaint.handle", _("Handle complaints")
    COMPLAINT_REPLY = "complaint.reply", _("Reply to complaints transferred to the unit")
    RATING_FOLLOW_UP = "rating.follow_up", _("Follow up bad ratings")
    CONSULTATION_ANSWER = "consultation.answer", _("Answer online consultations")
    EVALUATION_VIEW = "evaluation.view", _("View performance evaluation")
    EVALUATION_MANAGE = "evaluation.manage", _("Run performance evaluation")
    EVALUATION_SCORE = "evaluation.score", _("Enter evaluation scores")
    SURVEY_MANAGE = "survey.manage", _("Run surveys")
    ROTATION_VIEW = "rotation.view", _("View staff rotation")
    ROTATION_MANAGE = "rotation.manage", _("Plan and record staff rotation")
    TASK_MANAGE = "task.manage", _("Manage supervision tasks and inspection visits")
    TASK_REPORT = "task.report", _("Report progress on supervision tasks")
    COMMUNITY_VIEW = "community.view", _("View community burden reduction")
    COMMUNITY_RECORD = "community.record", _("Record community work")
    COMMUNITY_APPROVE = "community.approve", _("Approve community admissions and meetings")
    COMMUNITY_SUPERVISE = "community.supervise", _("Supervise community burden reduction")
    COCKPIT_VIEW = "cockpit.view", _("Open the leaders' cockpit")
    DISCLOSURE_PUBLISH = "disclosure.publish", _("Publish and withdraw public disclosure")
    # Reading: a situation report is computed from the figures and changes nothing.
    REPORT_VIEW = "report.view", _("Generate and read situation reports")
    # Writing: a circular is a numbered document issued in the office's name.
    CIRCULAR_ISSUE = "report.circular", _("Issue circulars")
    REPORT_TEMPLATE_MANAGE = "report.template", _("Upload the situation report's Word template")


_VIEW_ALL = {
    Perm.ORG_VIEW,
    Perm.CATALOG_VIEW,
    Perm.CASE_VIEW,
    Perm.SUPERVISION_VIEW,
    Perm.COMPLAINT_VIEW,
    Perm.EVALUATION_VIEW,
    Perm.ROTATION_VIEW,
    Perm.COMMUNITY_VIEW,
}

ROLE_PERMS: dict[str, frozenset[str]] = {
    Role.WINDOW_CLERK: frozenset(
        {
            Perm.ORG_VIEW,
            Perm.CATALOG_VIEW,
            Perm.CASE_VIEW,
            Perm.CASE_ACCEPT,
            Perm.PERSONAL_DATA_UNMASK,
            Perm.CONSULTATION_ANSWER,
        }
    ),
    Role.REVIEWER: frozenset(
        {
            Perm.ORG_VIEW,
            Perm.CATALOG_VIEW,
            Perm.CASE_VIEW,
            Perm.CASE_REVIEW,
            Perm.CASE_DECIDE,
            Perm.PERSONAL_DATA_UNMASK,
            Perm.CONSULTATION_ANSWER,
            Perm.COMPLAINT_REPLY,
            Perm.TASK_REPORT,
        }
    ),
    Role.DEPARTMENT_HEAD: frozenset(
        {
            Perm.ORG_VIEW,
            Perm.CATALOG_VIEW,
            Perm.CATALOG_MANAGE,
            Perm.CASE_VIEW,
            Perm.CASE_REVIEW,
            Perm.CASE_DECIDE,
            Perm.CASE_APPROVE_EXTENSION,
            Perm.HALL_MANAGE,
            Perm.COMPLAINT_VIEW,
            Perm.COMPLAINT_REPLY,
            Perm.RATING_FOLLOW_UP,
            Perm.CONSULTATION_ANSWER,
            Perm.SUPERVISION_VIEW,
            Perm.EVALUATION_VIEW,
            Perm.EVALUATION_SCORE,
            Perm.TASK_REPORT,
            Perm.COMMUNITY_VIEW,
            Perm.COMMUNITY_APPROVE,
        }
    ),
    Role.CENTRE_COORDINATOR: frozenset(
        {
            Perm.ORG_VIEW,
            Perm.CATALOG_VIEW,
            Perm.CATALOG_MANAGE,
            Perm.CASE_VIEW,
            Perm.CASE_COORDINATE,
            Perm.CASE_IMPORT,
            Perm.HALL_MANAGE,
            Perm.SUPERVISION_VIEW,
            Perm.RATING_FOLLOW_UP,
        }
    ),
    Role.EFFICIENCY_SUPERVISOR: frozenset(
        {
            *_VIEW_ALL,
            Perm.SUPERVISION_ACT,
            Perm.WARNING_ISSUE,
            Perm.TASK_MANAGE,
            Perm.PERSONAL_DATA_UNMASK,
            Perm.COMMUNITY_SUPERVISE,
            Perm.RATING_FOLLOW_UP,
            Perm.COCKPIT_VIEW,
            Perm.DISCLOSURE_PUBLISH,
            Perm.REPORT_VIEW,
            Perm.CIRCULAR_ISSUE,
            Perm.REPORT_TEMPLATE_MANAGE,
        }
    ),
    Role.COMPLAINT_HANDLER: frozenset(
        {
            Perm.ORG_VIEW,
            Perm.CATALOG_VIEW,
            Perm.CASE_VIEW,
            Perm.COMPLAINT_VIEW,
            Perm.COMPLAINT_HANDLE,
            Perm.RATING_FOLLOW_UP,
            Perm.PERSONAL_DATA_UNMASK,
            Perm.SUPERVISION_VIEW,
            # The efficiency complaint centre concludes founded complaints with a warning.
            Perm.WARNING_ISSUE,
        }
    ),
    Role.EVALUATION_OFFICER: frozenset(
        {*_VIEW_ALL, Perm.EVALUATION_MANAGE, Perm.EVALUATION_SCORE, Perm.SURVEY_MANAGE}
    ),
    Role.HR_OFFICER: frozenset(
        {Perm.ORG_VIEW, Perm.ROTATION_VIEW, Perm.ROTATION_MANAGE, Perm.PERSONAL_DATA_UNMASK}
    ),
    Role.STREET_OFFICE_STAFF: frozenset(
        {
            Perm.ORG_VIEW,
            Perm.COMMUNITY_VIEW,
            Perm.COMMUNITY_RECORD,
            Perm.COMMUNITY_APPROVE,
            Perm.TASK_REPORT,
            Perm.COMPLAINT_REPLY,
        }
    ),
    Role.COMMUNITY_STAFF: frozenset(
        {Perm.ORG_VIEW, Perm.COMMUNITY_VIEW, Perm.COMMUNITY_RECORD, Perm.PERSONAL_DATA_UNMASK}
    ),
    Role.LEADER: frozenset({*_VIEW_ALL, Perm.COCKPIT_VIEW, Perm.REPORT_VIEW}),
    Role.SYSTEM_ADMIN: frozenset(
        {Perm.ORG_MANAGE, Perm.USER_MANAGE, Perm.REFERENCE_MANAGE, Perm.SYSTEM_OPERATE}
    ),
    Role.SECURITY_ADMIN: frozenset({Perm.SECURITY_MANAGE}),
    Role.AUDIT_ADMIN: frozenset({Perm.AUDIT_VIEW}),
}

BUSINESS_PERMS = frozenset(Perm) - {
    Perm.ORG_MANAGE,
    Perm.USER_MANAGE,
    Perm.REFERENCE_MANAGE,
    Perm.SECURITY_MANAGE,
    Perm.AUDIT_VIEW,
    Perm.SYSTEM_OPERATE,
}
