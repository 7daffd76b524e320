from django.utils.translation import gettext_lazy as _

from xiaoneng.portal.navigation import PortalLink, register

register(
    PortalLink(
        _("Apply online"),
        "portal_cases:apply",
        _("Apply for an online service item and upload every material at once."),
        20,
    ),
    PortalLink(
        _("Track a case"), "portal_cases:track", _("Case number plus verification code."), 30
    ),
    PortalLink(_("My cases"), "portal_cases:mine", _("Your applications and decisions."), 40),
)
