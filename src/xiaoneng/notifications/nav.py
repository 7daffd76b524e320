from django.utils.translation import gettext_lazy as _

from xiaoneng.notifications.services import TEMPLATE_PERM
from xiaoneng.workbench.navigation import NavItem, register

SECTION = _("Notifications")
register(
    NavItem(SECTION, _("Message templates"), "notifications:templates", TEMPLATE_PERM, 10),
    NavItem(SECTION, _("Delivery log"), "notifications:log", TEMPLATE_PERM, 20),
)
