from django.utils.translation import gettext_lazy as _

from xiaoneng.core.roles import Perm
from xiaoneng.workbench.navigation import NavItem, register

SECTION = _("Enterprises and projects")
register(
    NavItem(SECTION, _("Monitored enterprises"), "enterprises:list", Perm.SUPERVISION_VIEW, 10),
    NavItem(SECTION, _("Enterprise problems"), "enterprises:problems", Perm.COMPLAINT_REPLY, 20),
    NavItem(SECTION, _("Enterprise figures"), "enterprises:figures", Perm.SUPERVISION_VIEW, 30),
    NavItem(SECTION, _("Special campaigns"), "enterprises:campaigns", Perm.SUPERVISION_VIEW, 40),
    NavItem(SECTION, _("Campaign findings"), "enterprises:findings", Perm.COMPLAINT_REPLY, 45),
    NavItem(SECTION, _("Efficiency monitors"), "enterprises:monitors", Perm.SUPERVISION_VIEW, 50),
    NavItem(
        SECTION,
        _("Observations of monitors and the media"),
        "enterprises:observations",
        Perm.COMPLAINT_REPLY,
        55,
    ),
    NavItem(SECTION, _("Media reports"), "enterprises:media_reports", Perm.SUPERVISION_VIEW, 60),
    NavItem(
        SECTION,
        _("Figures of monitors and the media"),
        "enterprises:monitor_figures",
        Perm.SUPERVISION_VIEW,
        65,
    ),
    worked_by=(Perm.SUPERVISION_ACT,),
)
