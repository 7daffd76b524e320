from django.utils.translation import gettext_lazy as _

from xiaoneng.portal.navigation import PortalLink, register

register(
    PortalLink(
        _("Community affairs"),
        "portal_community:index",
        _("Your community's public affairs, forum, deliberations and hearings."),
        55,
    ),
    PortalLink(
        _("Check a community certificate"),
        "portal_community:certificate_check",
        _("Is a certificate from a residents' committee genuine?"),
        60,
    ),
)
