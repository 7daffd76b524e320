"""The demo data builds over the demo city and shows every rule at work."""

from __future__ import annotations

import pytest

from xiaoneng.community import demo
from xiaoneng.community.models import (
    AccountabilityRecord,
    CertificateRequest,
    Deliberation,
    ForumTopic,
    LedgerDemand,
    Meeting,
    MembershipStatus,
    ResidentMembership,
    Sign,
    Violation,
    ViolationRule,
)
from xiaoneng.core import demo as core_demo

pytestmark = pytest.mark.django_db


def test_demo_builds_with_every_rule_at_work(time_machine):
    time_machine.move_to("2026-03-18 09:00 +0800", tick=False)
    context = core_demo.build()
    demo.build(context)
    assert Meeting.objects.filter(is_over_quota=True, status="held").count() == 1
    assert set(Violation.objects.values_list("rule", flat=True)) == {
        ViolationRule.UNADMITTED_TASK,
        ViolationRule.MEETING_OVER_QUOTA,
        ViolationRule.DEPARTMENT_INSPECTS_COMMUNITY,
        ViolationRule.UNAPPROVED_EVALUATION,  # rule 6: demanded without approval
    }
    # rules 2 and 4: the approved and the refused demand each name the admission that decided it
    assert sorted(
        LedgerDemand.objects.values_list("approval", "admission__status").order_by("approval")
    ) == [("approved", "approved"), ("refused", "refused")]
    assert CertificateRequest.objects.filter(outcome="refused").count() == 2
    assert Sign.objects.filter(is_flagged=True).count() == 2
    assert AccountabilityRecord.objects.count() == 1
    # rule 8: the demo resident's verified membership, topics, a published outcome, an open one
    resident = ResidentMembership.objects.get(account__username="resident")
    assert resident.status == MembershipStatus.VERIFIED
    assert ForumTopic.objects.filter(recorded_by=resident.account).count() == 3
    assert Deliberation.objects.filter(is_outcome_published=True, source_topic__isnull=False)
    assert Deliberation.objects.filter(is_outcome_published=False, source_topic__isnull=False)
    assert ResidentMembership.objects.filter(status=MembershipStatus.PENDING).count() == 1
