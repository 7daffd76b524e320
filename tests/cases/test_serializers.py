"""The case answers built by hand (case_list_data, case_event_data, case_clock after
case_history) give what the declared serializers and the plain queries give."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Model
from django.utils import translation
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from tests.cases.factories import at
from xiaoneng.cases import selectors, services
from xiaoneng.cases.models import Case, CaseEvent, Channel, SpecialProcedureKind
from xiaoneng.cases.serializers import (
    CaseEventSerializer,
    CaseListSerializer,
    case_detail_data,
    case_event_data,
    case_list_data,
)


def declared(serializer_class: type[serializers.ModelSerializer], instance: Model) -> Any:
    """What DRF makes of the declared fields (the representation the hand-built data replaces)."""
    return serializers.ModelSerializer.to_representation(serializer_class(), instance)


def cases_in_several_states(desk) -> list[Case]:  # type: ignore[no-untyped-def]
    def submitted(day: str, **kwargs: Any) -> Case:
        return services.case_submit(
            actor=desk.clerk,
            item_version=desk.item,
            applicant=desk.applicant,
            channel=Channel.WINDOW,
            at=at(day, 9),
            **kwargs,
        )

    fresh = submitted("2025-09-01", title="新办", is_green_channel=True)
    paused = submitted("2025-09-01")
    services.case_accept(actor=desk.clerk, case=paused, at=at("2025-09-01", 10))
    services.case_start_special_procedure(
        actor=desk.reviewer,
        case=paused,
        kind=SpecialProcedureKind.EXPERT_REVIEW,
        reason="专家评审",
        expected_workdays=5,
        at=at("2025-09-02"),
    )
    late = submitted("2025-09-01")
    services.case_accept(actor=desk.clerk, case=late, at=at("2025-09-01", 10))
    services.case_approve(actor=desk.reviewer, case=late, at=at("2025-09-10"))
    services.case_deliver(actor=desk.clerk, case=late, at=at("2025-09-25"))
    return [fresh, paused, late]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_list_and_event_data_are_the_declared_representation(desk, language) -> None:  # type: ignore[no-untyped-def]
    cases = cases_in_several_states(desk)
    with translation.override(language):
        for case in Case.objects.select_related("agency", "item_version").filter(
            pk__in=[c.pk for c in cases]
        ):
            assert case_list_data(case) == declared(CaseListSerializer, case)
            assert CaseListSerializer(case).data == case_list_data(case)
        events = list(CaseEvent.objects.filter(case__in=cases))
        assert any("breach" in e.payload for e in events)
        for event in events:
            assert case_event_data(event) == declared(CaseEventSerializer, event)


def test_clock_and_detail_read_once_give_the_same_answer(desk, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    """case_history's rows (one query each for events, pauses and opinions) give the same
    clock and detail as the case read without them."""
    for case in cases_in_several_states(desk):
        plain = selectors.case_get_for_user(user=desk.reviewer, number=case.number)
        today = at("2025-10-01").date()
        expected = JSONRenderer().render(
            case_detail_data(plain, selectors.case_clock(plain, today=today), [])
        )
        read = selectors.case_history(
            selectors.case_get_for_user(user=desk.reviewer, number=case.number)
        )
        with django_assert_num_queries(0):
            clock = selectors.case_clock(read, today=today)
            answer = JSONRenderer().render(case_detail_data(read, clock, []))
        assert answer == expected
        in_sql = CaseEvent.objects.filter(case=case, payload__has_key="breach")
        assert [b["sequence"] for b in clock.breaches] == [e.sequence for e in in_sql]
