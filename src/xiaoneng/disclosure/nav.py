from django.utils.translation import gettext_lazy as _

from xiaoneng.core.roles import Perm
from xiaoneng.workbench.navigation import NavItem, register

register(
    NavItem(
        _("Public disclosure"),  # type: ignore[arg-type]
        _("Publish and topics"),  # type: ignore[arg-type]
        "disclosure:manage",
        Perm.DISCLOSURE_PUBLISH,
        90,
    ),
    NavItem(
        _("Public disclosure"),  # type: ignore[arg-type]
        _("Publicity and bulletins"),  # type: ignore[arg-type]
        "disclosure:publicity",
        Perm.SUPERVISION_VIEW,
        92,
        worked_by=(Perm.DISCLOSURE_PUBLISH,),
    ),
)
