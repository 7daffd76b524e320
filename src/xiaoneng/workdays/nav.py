from django.utils.translation import gettext_lazy as _

from xiaoneng.core.roles import Perm
from xiaoneng.workbench.navigation import NavItem, register

# NavItem is annotated with str; lazy strings are what it needs (translated per request).
register(
    NavItem(
        _("Administration"),  # type: ignore[arg-type]
        _("Working-day calendar"),  # type: ignore[arg-type]
        "workdays:year_current",
        Perm.REFERENCE_MANAGE,
        50,
    ),
    NavItem(
        _("Reference"),  # type: ignore[arg-type]
        _("Working-day calendar"),  # type: ignore[arg-type]
        "workdays:year_current",
        Perm.CASE_VIEW,
        90,
    ),
)
