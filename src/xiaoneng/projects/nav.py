from django.utils.translation import gettext_lazy as _

from xiaoneng.core.roles import Perm
from xiaoneng.workbench.navigation import NavItem, register

register(
    NavItem(
        _("Enterprises and projects"), _("Key projects"), "projects:list", Perm.SUPERVISION_VIEW, 40
    ),
    worked_by=(Perm.SUPERVISION_ACT,),
)
