"""Online consultation (在线咨询): anyone asks, the department answers within its deadline
(default 2 working days), and with the asker's consent the question and answer are published."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.complaints.deadlines import CONSULTATION_ANSWER_WORKDAYS
from xiaoneng.complaints.models import Consultation, ConsultationStatus
from xiaoneng.complaints.services.common import (
    check_flood,
    check_phone,
    local_day,
    now_or,
    require,
    require_text,
)
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.models import Organization, User
from xiaoneng.core.numbering import number_next
from xiaoneng.core.roles import Perm
from xiaoneng.workdays import add_workdays


@transaction.atomic
def consultation_ask(
    *,
    department: Organization | None,
    question: str,
    item_name: str = "",
    asker_name: str = "",
    asker_phone: str = "",
    is_publication_consented: bool = False,
    source_ip: str = "",
    at: datetime | None = None,
) -> Consultation:
    at = now_or(at)
    check_flood(Consultation, source_ip=source_ip, time_field="asked_at", at=at)
    if department is None or not department.is_active:
        raise InvalidInput(_("Choose the department you ask."), field="department")
    question = require_text(question, field="question", max_length=2000)
    asked_on = local_day(at)
    consultation = Consultation.objects.create(
        number=number_next(key="consultation", year=asked_on.year, prefix="ZX"),
        department=department,
        question=question,
        item_name=require_text(item_name, field="item_name", max_length=200, required=False),
        asker_name=require_text(asker_name, field="asker_name", max_length=60, required=False),
        asker_phone=check_phone(asker_phone, field="asker_phone", required=False),
        is_publication_consented=bool(is_publication_consented),
        asked_at=at,
        due_on=add_workdays(asked_on, CONSULTATION_ANSWER_WORKDAYS),
        submitted_ip=source_ip,
    )
    audit(actor=None, action="consultation.ask", obj=consultation)
    return consultation


@transaction.atomic
def consultation_answer(
    *,
    actor: User,
    consultation: Consultation,
    answer: str,
    publish: bool = True,
    at: datetime | None = None,
) -> Consultation:
    """Answer; the pair is published only if the asker consented and the answerer agrees."""
    require(actor, Perm.CONSULTATION_ANSWER, consultation.department)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.status != ConsultationStatus.OPEN:
        raise Conflict(_("This question has already been answered."), field="answer")
    consultation.answer = require_text(answer, field="answer", max_length=5000)
    consultation.status = ConsultationStatus.ANSWERED
    consultation.answered_at = at or timezone.now()
    consultation.answered_by = actor
    consultation.is_published = bool(publish and consultation.is_publication_consented)
    consultation.save()
    audit(
        actor=actor,
        action="consultation.answer",
        obj=consultation,
        detail={"is_published": consultation.is_published},
    )
    return consultation


@transaction.atomic
def consultation_set_published(
    *, actor: User, consultation: Consultation, is_published: bool
) -> Consultation:
    require(actor, Perm.CONSULTATION_ANSWER, consultation.department)
    if is_published and not consultation.is_publication_consented:
        raise Conflict(_("The asker did not consent to publication."), field="is_published")
    if is_published and consultation.status != ConsultationStatus.ANSWERED:
        raise Conflict(_("Only answered questions can be published."), field="is_published")
    consultation.is_published = bool(is_published)
    consultation.save(update_fields=["is_published"])
    audit(
        actor=actor,
        action="consultation.publish",
        obj=consultation,
        detail={"is_published": consultation.is_published},
    )
    return consultation
