from django.utils.translation import gettext_lazy as _

from xiaoneng.core.roles import Perm
from xiaoneng.workbench.navigation import NavItem, register

SECTION = _("Electronic supervision")

# NavItem is annotated with str; lazy strings are what it needs (translated per request).
register(
    NavItem(
        SECTION,
        _("Supervision dashboard"),
        "supervision:dashboard",  # type: ignore[arg-type]
        Perm.SUPERVISION_VIEW,
        30,
    ),
    NavItem(
        SECTION,
        _("Case lights"),
        "supervision:cases",  # type: ignore[arg-type]
        Perm.SUPERVISION_VIEW,
        31,
    ),
    NavItem(
        SECTION,
        _("Rule breaches"),
        "supervision:breaches",  # type: ignore[arg-type]
        Perm.SUPERVISION_VIEW,
        32,
    ),
    NavItem(
        SECTION,
        _("Efficiency warnings"),
        "supervision:warnings",  # type: ignore[arg-type]
        Perm.SUPERVISION_VIEW,
        33,
        (Perm.SUPERVISION_ACT, Perm.WARNING_ISSUE),
    ),
    NavItem(
        SECTION,
        _("Accountability"),
        "supervision:accountabilities",  # type: ignore[arg-type]
        Perm.SUPERVISION_VIEW,
        34,
    ),
    NavItem(
        SECTION,
        _("Our accountability"),
        "supervision:accountabilities",  # type: ignore[arg-type]
        Perm.TASK_REPORT,
        35,
    ),
    worked_by=(Perm.SUPERVISION_ACT,),
)
