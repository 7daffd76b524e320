from django.utils.translation import gettext_lazy as _

from xiaoneng.core.roles import Perm
from xiaoneng.workbench.navigation import NavItem, register

register(
    NavItem(
        _("Leaders' cockpit"),  # type: ignore[arg-type]
        _("Cockpit"),  # type: ignore[arg-type]
        "cockpit:cockpit",
        Perm.COCKPIT_VIEW,
        5,
    ),
    NavItem(
        _("Leaders' cockpit"),  # type: ignore[arg-type]
        _("Hall display"),  # type: ignore[arg-type]
        "cockpit:display",
        Perm.COCKPIT_VIEW,
        6,
    ),
)
