from django.utils.translation import gettext_lazy as _

from xiaoneng.portal.navigation import PortalLink, register

register(
    PortalLink(
        _("Complaints"),
        "portal_complaints:index",
        _("Complain about how an agency served you and follow your complaint."),
        order=40,
    ),
    PortalLink(
        _("Rate a service"),
        "portal_complaints:rate",
        _("Rate the handling of your case from very satisfied to very dissatisfied."),
        order=41,
    ),
    PortalLink(
        _("Ask a question"),
        "portal_complaints:questions",
        _("Ask a department online and read published answers."),
        order=42,
    ),
)
