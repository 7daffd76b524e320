from django.utils.translation import gettext_lazy as _

from xiaoneng.core.roles import Perm
from xiaoneng.workbench.navigation import NavItem, register

SECTION = _("Complaints and ratings")
register(
    NavItem(SECTION, _("Complaint queue"), "complaints:queue", Perm.COMPLAINT_HANDLE, 10),
    NavItem(SECTION, _("Register a complaint"), "complaints:register", Perm.COMPLAINT_HANDLE, 20),
    NavItem(
        SECTION,
        _("Complaints transferred to my unit"),
        "complaints:inbox",
        Perm.COMPLAINT_REPLY,
        30,
    ),
    NavItem(
        SECTION,
        _("Complaint figures"),
        "complaints:figures",
        Perm.COMPLAINT_VIEW,
        40,
        worked_by=(Perm.COMPLAINT_HANDLE,),
    ),
    NavItem(SECTION, _("Bad-rating follow-up"), "complaints:ratings", Perm.RATING_FOLLOW_UP, 50),
    NavItem(
        SECTION, _("Online consultations"), "complaints:consultations", Perm.CONSULTATION_ANSWER, 60
    ),
    NavItem(SECTION, _("Import complaints"), "complaints:import", Perm.COMPLAINT_HANDLE, 70),
)
