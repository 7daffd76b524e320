"""factory-boy factories shared by every context's tests.

Organizations are created through the service so their materialized path is right; use
`OrganizationFactory(parent=...)` or the `org_tree` fixture in tests/conftest.py.
"""

from __future__ import annotations

import factory
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from xiaoneng.core import services
from xiaoneng.core.models import Level, Organization, OrganizationKind, Rank, User, UserRole

PASSWORD = "Test@2026xn"
_HASH = make_password(PASSWORD, hasher="md5")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"单位{n}")
    kind = OrganizationKind.DEPARTMENT
    level = Level.CITY
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):  # type: ignore[no-untyped-def]
        return services.organization_create(actor=None, **kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    real_name = factory.Sequence(lambda n: f"测试员{n}")
    password = _HASH
    organization = factory.SubFactory(OrganizationFactory)
    rank = Rank.ORDINARY
    phone = "13800138000"
    password_changed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        for role in extracted or []:
            UserRole.objects.create(user=self, role=role)
        self.__dict__.pop("_role_cache", None)
