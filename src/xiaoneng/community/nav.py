from django.utils.translation import gettext_lazy as _

from xiaoneng.core.roles import Perm
from xiaoneng.workbench.navigation import NavItem, register

SECTION = _("Community burden reduction")
VIEW = Perm.COMMUNITY_VIEW

register(
    NavItem(SECTION, _("Compliance dashboard"), "community:dashboard", VIEW, 10),
    NavItem(SECTION, _("Task list"), "community:tasks", VIEW, 20),
    NavItem(SECTION, _("Admission requests"), "community:admissions", VIEW, 30),
    NavItem(SECTION, _("Burden reports"), "community:burden_reports", VIEW, 40),
    NavItem(SECTION, _("Meetings"), "community:meetings", VIEW, 50),
    NavItem(SECTION, _("Inspections"), "community:inspections", VIEW, 60),
    NavItem(SECTION, _("Combined evaluation"), "community:evaluations", VIEW, 70),
    NavItem(SECTION, _("Seal and certificates"), "community:certificates", VIEW, 80),
    NavItem(SECTION, _("Signs"), "community:signs", VIEW, 90),
    NavItem(SECTION, _("Work record book"), "community:records", VIEW, 100),
    NavItem(SECTION, _("Self-government and service"), "community:registers", VIEW, 105),
    NavItem(
        SECTION, _("Resident memberships"), "community:memberships", Perm.COMMUNITY_RECORD, 106
    ),
    NavItem(SECTION, _("Violations and accountability"), "community:violations", VIEW, 110),
    worked_by=(Perm.COMMUNITY_RECORD, Perm.COMMUNITY_APPROVE, Perm.COMMUNITY_SUPERVISE),
)
