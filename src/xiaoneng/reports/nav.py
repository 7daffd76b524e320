from django.utils.translation import gettext_lazy as _

from xiaoneng.core.roles import Perm
from xiaoneng.workbench.navigation import NavItem, register

register(
    NavItem(
        _("Leaders' cockpit"),  # type: ignore[arg-type]
        _("Reports and circulars"),  # type: ignore[arg-type]
        "reports:reports",
        Perm.REPORT_VIEW,
        7,
    ),
)
