from django.utils.translation import gettext_lazy as _

from xiaoneng.core.roles import Perm
from xiaoneng.workbench.navigation import NavItem, register

register(
    NavItem(
        _("Service catalog"),
        _("Service items"),
        "catalog:list",
        Perm.CATALOG_VIEW,
        10,
        worked_by=(Perm.CATALOG_MANAGE,),
    ),
    NavItem(_("Service catalog"), _("New item"), "catalog:create", Perm.CATALOG_MANAGE, 20),
    NavItem(
        _("Service catalog"), _("Import from Excel"), "catalog:import", Perm.CATALOG_MANAGE, 30
    ),
)
