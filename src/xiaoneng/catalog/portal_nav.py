from django.utils.translation import gettext_lazy as _

from xiaoneng.portal.navigation import PortalLink, register

register(
    PortalLink(
        _("Service guide"),
        "portal_catalog:list",
        _("Every service: conditions, all materials at once, time limits, fees and process."),
        order=10,
    ),
)
