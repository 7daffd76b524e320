from django.utils.translation import gettext_lazy as _

from xiaoneng.portal.navigation import PortalLink, register

register(
    PortalLink(
        _("Book a hall appointment"),
        "portal_hall:index",
        _("Choose a service hall, a window and a free time; no queueing on the day."),
        order=35,
    ),
    PortalLink(
        _("My appointments"),
        "portal_hall:mine",
        _("Your appointments, their check-in codes; cancel or reschedule."),
        order=36,
    ),
)
