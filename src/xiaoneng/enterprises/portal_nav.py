from django.utils.translation import gettext_lazy as _

from xiaoneng.portal.navigation import PortalLink, register

register(
    PortalLink(
        _("Enterprise problems"),
        "portal_enterprises:index",
        _("Monitored enterprises report a problem and rate the unit's reply."),
        order=45,
    ),
)
