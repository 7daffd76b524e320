from django.utils.translation import gettext_lazy as _

from xiaoneng.core.roles import Perm
from xiaoneng.workbench.navigation import NavItem, register

SECTION = _("Background work")

# NavItem is annotated with str; lazy strings are what it needs (translated per request).
register(
    NavItem(SECTION, _("Failed tasks"), "jobs:failed", Perm.SYSTEM_OPERATE, 90),  # type: ignore[arg-type]
    NavItem(SECTION, _("My imports"), "jobs:imports", Perm.CASE_IMPORT, 91),  # type: ignore[arg-type]
    NavItem(SECTION, _("My imports"), "jobs:imports", Perm.COMPLAINT_HANDLE, 91),  # type: ignore[arg-type]
    NavItem(SECTION, _("My imports"), "jobs:imports", Perm.ORG_MANAGE, 91),  # type: ignore[arg-type]
    NavItem(SECTION, _("My imports"), "jobs:imports", Perm.USER_MANAGE, 91),  # type: ignore[arg-type]
)
