"""An enterprise with its own applicant account, monitored by the efficiency office."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.utils import translation

from tests.factories import UserFactory
from xiaoneng.core.models import Applicant, ApplicantKind, Organization, User, UserKind
from xiaoneng.core.roles import Role
from xiaoneng.enterprises import services
from xiaoneng.enterprises.models import Enterprise


@pytest.fixture(autouse=True)
def _english(settings):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@dataclass
class Desk:
    unit: Organization
    supervisor: User
    replier: User  # a reviewer of the responsible unit (complaint.reply)
    other_replier: User  # a reviewer of another unit
    account: User  # the enterprise's own account
    stranger: User  # another applicant account
    enterprise: Enterprise


@pytest.fixture
def desk(org_tree, make_user) -> Desk:  # type: ignore[no-untyped-def]
    t = org_tree
    supervisor = make_user(Role.EFFICIENCY_SUPERVISOR, organization=t.efficiency_office)
    account = UserFactory(kind=UserKind.APPLICANT, organization=None, roles=[])
    stranger = UserFactory(kind=UserKind.APPLICANT, organization=None, roles=[])
    applicant = Applicant.objects.create(
        kind=ApplicantKind.LEGAL_PERSON,
        name="江州精密机械有限公司",
        id_number="91330100MA2B3C4D5E",
        account=account,
    )
    enterprise = services.enterprise_designate(
        actor=supervisor, applicant=applicant, contact_unit=t.department, is_key=True
    )
    return Desk(
        unit=t.department,
        supervisor=supervisor,
        replier=make_user(Role.REVIEWER, organization=t.department),
        other_replier=make_user(Role.REVIEWER, organization=t.other_department),
        account=account,
        stranger=stranger,
        enterprise=enterprise,
    )
