from django.utils.translation import gettext_lazy as _

from xiaoneng.portal.navigation import PortalLink, register

register(
    PortalLink(
        _("Enterprise problems"),
        "portal_enterprises:index",
        _("Monitored enterprises report a problem and rate the unit's reply."),
        order=45,
    ),
    PortalLink(
        _("Efficiency monitor"),
        "portal_enterprises:monitor",
        _("Appointed efficiency monitors submit their observations to the office."),
        order=46,
    ),
)
