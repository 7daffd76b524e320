from django.utils.translation import gettext_lazy as _

from xiaoneng.core.roles import Perm
from xiaoneng.workbench.navigation import NavItem, register

register(
    NavItem(_("Service hall"), _("Halls and windows"), "hall:halls", Perm.CASE_ACCEPT, 10),
    NavItem(_("Service hall"), _("Halls and windows"), "hall:halls", Perm.HALL_MANAGE, 10),
    NavItem(_("Service hall"), _("Hall figures"), "hall:figures", Perm.SUPERVISION_VIEW, 20),
)
