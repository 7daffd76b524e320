"""Cases to rate: a rating names a case the system holds, so rating tests file real ones."""

from __future__ import annotations

from tests.cases.factories import ApplicantFactory, make_item
from tests.factories import UserFactory
from xiaoneng.cases.models import Case
from xiaoneng.cases.services import case_submit
from xiaoneng.core.models import Organization
from xiaoneng.core.roles import Role


def case_to_rate(agency: Organization) -> Case:
    """A case filed at the window of `agency`, for one of its own items."""
    clerk = UserFactory(organization=agency, roles=[Role.WINDOW_CLERK])
    return case_submit(
        actor=clerk, item_version=make_item(agency), applicant=ApplicantFactory(), channel="window"
    )
