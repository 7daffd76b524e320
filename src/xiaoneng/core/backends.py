"""Django-admin permissions from roles: the system administrator manages reference data there.

The admin is for reference data only (organizations, the catalog's read-only views, calendar
notices, configurable limits). Business data is never exposed to the three administrators
(三员分立), so only models listed in REFERENCE_MODELS get permissions, and only through the
system administrator's `reference.manage` capability. Superusers are not used.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend

from xiaoneng.core.access import user_has_perm
from xiaoneng.core.models import User
from xiaoneng.core.roles import Perm

REFERENCE_MODELS = frozenset(
    {
        "core.organization",
        "catalog.serviceitem",
        "catalog.serviceitemversion",
        "workdays.calendarnotice",
        "workdays.noticeday",
        "workdays.provisionaldependency",
        "complaints.deadlinerule",
        "hall.hall",
        "hall.window",
        "hall.chiefrepresentative",
    }
)


def _model_of(perm: str) -> str:
    app_label, _sep, codename = perm.partition(".")
    return f"{app_label}.{codename.split('_', 1)[-1]}"


class RoleAdminBackend(BaseBackend):
    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if not isinstance(user_obj, User) or not user_obj.is_active:
            return False
        return _model_of(perm) in REFERENCE_MODELS and user_has_perm(
            user_obj, Perm.REFERENCE_MANAGE
        )

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        if not isinstance(user_obj, User) or not user_obj.is_active:
            return False
        return any(m.startswith(f"{app_label}.") for m in REFERENCE_MODELS) and user_has_perm(
            user_obj, Perm.REFERENCE_MANAGE
        )
