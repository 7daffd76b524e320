from django.utils.translation import gettext_lazy as _

from xiaoneng.core.roles import Perm
from xiaoneng.workbench.navigation import NavItem, register

register(
    NavItem(
        _("Administration"),
        _("Working-day calendar"),
        "workdays:year_current",
        Perm.REFERENCE_MANAGE,
        50,
    ),
    NavItem(_("Reference"), _("Working-day calendar"), "workdays:year_current", Perm.CASE_VIEW, 90),
)
