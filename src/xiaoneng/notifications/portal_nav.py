from django.utils.translation import gettext_lazy as _

from xiaoneng.portal.navigation import PortalLink, register

register(
    PortalLink(
        _("My messages"),
        "portal_notifications:inbox",
        _("Notices on your applications: acceptance, supplements, decisions, delivery."),
        45,
    ),
)
