from django.utils.translation import gettext_lazy as _

from xiaoneng.core.roles import Perm
from xiaoneng.workbench.navigation import NavItem, register

register(
    NavItem(_("Cases"), _("My queue"), "cases:queue", Perm.CASE_REVIEW, 10),
    NavItem(_("Cases"), _("Window acceptance"), "cases:window", Perm.CASE_ACCEPT, 20),
    NavItem(_("Cases"), _("My queue"), "cases:queue", Perm.CASE_ACCEPT, 10),
    NavItem(
        _("Cases"),
        _("Find a case"),
        "cases:search",
        Perm.CASE_VIEW,
        30,
        worked_by=(Perm.CASE_ACCEPT, Perm.CASE_REVIEW, Perm.CASE_COORDINATE),
    ),
    NavItem(_("Cases"), _("Joint review meetings"), "cases:meetings", Perm.CASE_COORDINATE, 40),
    NavItem(_("Cases"), _("Joint review meetings"), "cases:meetings", Perm.CASE_VIEW, 40),
)
