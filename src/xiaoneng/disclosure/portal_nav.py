from django.utils.translation import gettext_lazy as _

from xiaoneng.portal.navigation import PortalLink, register

register(
    PortalLink(
        _("Public disclosure"),
        "portal_disclosure:figures",
        _("Published figures of every department, the disclosure catalogue and its archive."),
        order=60,
    ),
    PortalLink(
        _("Propose a topic"),
        "portal_disclosure:topics",
        _("Propose what the efficiency office should supervise, and support others' topics."),
        order=61,
    ),
)
