from django.utils.translation import gettext_lazy as _

from xiaoneng.core.roles import Perm
from xiaoneng.workbench.navigation import NavItem, register

SECTION = _("Enterprises and projects")
register(
    NavItem(SECTION, _("Monitored enterprises"), "enterprises:list", Perm.SUPERVISION_VIEW, 10),
    NavItem(SECTION, _("Enterprise problems"), "enterprises:problems", Perm.COMPLAINT_REPLY, 20),
    NavItem(SECTION, _("Enterprise figures"), "enterprises:figures", Perm.SUPERVISION_VIEW, 30),
    worked_by=(Perm.SUPERVISION_ACT,),
)
