"""Online consultation: answer deadline, publication with consent, search."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from xiaoneng.complaints import services
from xiaoneng.complaints.selectors import consultation_published
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.roles import Role

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def ask(org_tree, question="个体工商户营业执照需要什么材料？", consent=True, **kw):  # type: ignore[no-untyped-def]
    return services.consultation_ask(
        department=org_tree.department,
        question=question,
        item_name="个体工商户登记",
        is_publication_consented=consent,
        **kw,
    )


def test_answer_due_in_two_workdays(org_tree):  # type: ignore[no-untyped-def]
    """Asked on Friday 2026-01-30 → due Tuesday 2026-02-03 (2 WD)."""
    consultation = ask(org_tree, at=datetime(2026, 1, 30, 16, tzinfo=TZ))
    assert consultation.due_on == date(2026, 2, 3)
    assert consultation.number.startswith("ZX")


@pytest.mark.parametrize(
    ("consent", "publish", "published"),
    [(True, True, True), (True, False, False), (False, True, False)],
)
def test_published_only_with_consent(consent, publish, published, org_tree, personas):  # type: ignore[no-untyped-def]
    consultation = ask(org_tree, consent=consent)
    consultation = services.consultation_answer(
        actor=personas[Role.REVIEWER],
        consultation=consultation,
        answer="身份证、经营场所证明。",
        publish=publish,
    )
    assert consultation.is_published is published


def test_publishing_without_consent_is_refused(org_tree, personas):  # type: ignore[no-untyped-def]
    reviewer = personas[Role.REVIEWER]
    consultation = ask(org_tree, consent=False)
    services.consultation_answer(actor=reviewer, consultation=consultation, answer="a")
    with pytest.raises(Conflict) as error:
        services.consultation_set_published(
            actor=reviewer, consultation=consultation, is_published=True
        )
    assert error.value.field == "is_published"


def test_only_the_department_answers_and_only_once(org_tree, make_user, personas):  # type: ignore[no-untyped-def]
    consultation = ask(org_tree)
    outsider = make_user(Role.REVIEWER, organization=org_tree.other_department)
    with pytest.raises(NotPermitted):
        services.consultation_answer(actor=outsider, consultation=consultation, answer="a")
    services.consultation_answer(
        actor=personas[Role.REVIEWER], consultation=consultation, answer="a"
    )
    with pytest.raises(Conflict):
        services.consultation_answer(
            actor=personas[Role.REVIEWER], consultation=consultation, answer="b"
        )


def test_published_answers_are_searchable(org_tree, personas):  # type: ignore[no-untyped-def]
    reviewer = personas[Role.REVIEWER]
    first = ask(org_tree, question="营业执照遗失怎么补办？")
    second = ask(org_tree, question="食品经营许可证延续要多久？")
    hidden = ask(org_tree, question="营业执照地址变更？", consent=False)
    for consultation, answer in (
        (first, "登报声明后申请补领。"),
        (second, "10个工作日。"),
        (hidden, "携带租赁合同。"),
    ):
        services.consultation_answer(actor=reviewer, consultation=consultation, answer=answer)
    assert [c.number for c in consultation_published(query="营业执照")] == [first.number]
    assert [c.number for c in consultation_published(query="工作日")] == [second.number]
    assert consultation_published(query="租赁").count() == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"question": ""}, "question"), ({"asker_phone": "abc"}, "asker_phone")],
)
def test_bad_questions_are_refused(overrides, field, org_tree):  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput) as error:
        ask(org_tree, **overrides)
    assert error.value.field == field


def test_flood_of_questions_is_refused(org_tree, settings):  # type: ignore[no-untyped-def]
    settings.COMPLAINTS_SUBMISSIONS_PER_HOUR = 2
    ask(org_tree, source_ip="203.0.113.1")
    ask(org_tree, source_ip="203.0.113.1")
    with pytest.raises(InvalidInput) as error:
        ask(org_tree, source_ip="203.0.113.1")
    assert error.value.code == "throttled"
