from django.utils.translation import gettext_lazy as _

from xiaoneng.core.roles import Perm
from xiaoneng.workbench.navigation import NavItem, register

register(
    NavItem(
        _("Administration"), _("Organizations"), "workbench:organizations", Perm.ORG_MANAGE, 10
    ),
    NavItem(_("Administration"), _("Staff accounts"), "workbench:staff", Perm.USER_MANAGE, 20),
    NavItem(_("Administration"), _("Audit trail"), "workbench:audit", Perm.AUDIT_VIEW, 30),
    NavItem(_("Administration"), _("Security"), "workbench:security", Perm.SECURITY_MANAGE, 40),
    NavItem(_("Organization"), _("Organizations"), "workbench:organizations", Perm.ORG_VIEW, 10),
    NavItem(
        _("Organization"),
        _("Staff"),
        "workbench:staff",
        Perm.ORG_VIEW,
        20,
        worked_by=(Perm.ROTATION_MANAGE,),
    ),
)
