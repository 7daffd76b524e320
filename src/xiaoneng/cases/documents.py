"""Official documents of a case (GB/T 9704 layout via core.documents.OfficialDocument):
acceptance notice, refusal decision, one-time supplement notice, special-procedure notice,
extension notice, approval and denial decisions.  Each is built from the event it documents,
numbered once (core.numbering) and rendered as Word or as a printable page."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiaoneng.cases.models import Case, CaseDocument, CaseEvent, SpecialProcedureKind
from xiaoneng.cases.workflow import EventKind
from xiaoneng.core.documents import OfficialDocument, chinese_date
from xiaoneng.core.errors import NotFound
from xiaoneng.core.numbering import number_next

#: Which event each document records, and its title.
DOCUMENT_KINDS: dict[str, tuple[tuple[str, ...], object]] = {
    "acceptance_notice": (
        (EventKind.ACCEPTED, EventKind.DEEMED_ACCEPTED),
        gettext_lazy("Notice of acceptance"),
    ),
    "refusal_decision": ((EventKind.REFUSED,), gettext_lazy("Decision not to accept")),
    "supplement_notice": (
        (EventKind.SUPPLEMENT_REQUESTED,),
        gettext_lazy("One-time notice to supplement materials"),
    ),
    "special_procedure_notice": (
        (EventKind.SPECIAL_PROCEDURE_STARTED,),
        gettext_lazy("Notice of special procedure"),
    ),
    "extension_notice": ((EventKind.EXTENDED,), gettext_lazy("Notice of extension")),
    "approval_decision": ((EventKind.APPROVED,), gettext_lazy("Decision to grant")),
    "denial_decision": ((EventKind.DENIED,), gettext_lazy("Decision not to grant")),
}
EVENT_DOCUMENT = {kind: doc for doc, (kinds, _t) in DOCUMENT_KINDS.items() for kind in kinds}
#: Short words for the document number (e.g. 受字, 补字).
NUMBER_WORD = {
    "acceptance_notice": gettext_lazy("Acc."),
    "refusal_decision": gettext_lazy("Ref."),
    "supplement_notice": gettext_lazy("Sup."),
    "special_procedure_notice": gettext_lazy("Spec."),
    "extension_notice": gettext_lazy("Ext."),
    "approval_decision": gettext_lazy("Gr."),
    "denial_decision": gettext_lazy("Den."),
}


@dataclass
class DocumentContent:
    kind: str
    issuer: str
    title: str
    number: str
    recipient: str
    paragraphs: list[str]
    dated_on: object

    def official(self) -> OfficialDocument:
        return OfficialDocument(
            issuer=self.issuer,
            title=self.title,
            number=self.number,
            recipient=self.recipient,
            paragraphs=self.paragraphs,
            signature=self.issuer,
            dated_on=self.dated_on,  # type: ignore[arg-type]
        )


def documents_of(case: Case) -> list[tuple[str, CaseEvent]]:
    """(document kind, event) for every documented event of a case, in order."""
    return [
        (EVENT_DOCUMENT[e.kind], e)
        for e in case.events.filter(kind__in=list(EVENT_DOCUMENT)).order_by("sequence")
    ]


def _number(case: Case, event: CaseEvent, kind: str) -> str:
    existing = CaseDocument.objects.filter(event=event, kind=kind).first()
    if existing is not None:
        return existing.number
    issued_on = timezone.localdate(event.occurred_at)
    with transaction.atomic():
        raw = number_next(key=f"cases.{kind}", year=issued_on.year)
        serial = int(raw[-6:])
        abbreviation = case.agency.short_name or case.agency.name
        number = f"{abbreviation}{NUMBER_WORD[kind]}〔{issued_on.year}〕{serial}号"
        CaseDocument.objects.create(
            case=case, kind=kind, number=number, event=event, issued_on=issued_on
        )
    return number


def document_content(case: Case, *, sequence: int) -> DocumentContent:
    """The content of the document recording event ``sequence`` of ``case``."""
    event = case.events.filter(sequence=sequence, kind__in=list(EVENT_DOCUMENT)).first()
    if event is None:
        raise NotFound(_("This event has no document."))
    kind = EVENT_DOCUMENT[event.kind]
    day = timezone.localdate(event.occurred_at)
    p = event.payload
    facts = {
        "applicant": case.applicant.name,
        "number": case.number,
        "item": case.item_version.name,
        "received": chinese_date(timezone.localdate(case.received_at)),
        "accepted": chinese_date(case.accepted_on) if case.accepted_on else "",
        "committed_due": chinese_date(case.committed_due_on) if case.committed_due_on else "",
        "legal_due": chinese_date(case.legal_due_on) if case.legal_due_on else "",
        "reason": event.reason,
        "legal_basis": str(p.get("legal_basis", "")),
        "remedies": str(p.get("remedies", "")),
    }
    paragraphs: list[str]
    if kind == "acceptance_notice":
        paragraphs = [
            _(
                "Your application for “%(item)s” received on %(received)s (case number "
                "%(number)s) meets the statutory conditions and is accepted."
            )
            % facts,
            _(
                "We will decide by %(committed_due)s (committed); the statutory time limit "
                "ends on %(legal_due)s."
            )
            % facts,
        ]
        if event.kind == EventKind.DEEMED_ACCEPTED:
            paragraphs.append(
                _(
                    "No supplement notice was given within five working days of "
                    "receipt: the application counts as accepted on the day it "
                    "was received (Administrative Licensing Law Art. 32)."
                )
            )
    elif kind == "refusal_decision":
        paragraphs = [
            _("Your application for “%(item)s” (case number %(number)s) is not accepted.") % facts,
            _("Reason: %(reason)s") % facts,
            _("Legal basis: %(legal_basis)s") % facts,
            _(
                "If you disagree you may apply for administrative reconsideration within 60 "
                "days or bring an administrative lawsuit within 6 months."
            ),
        ]
    elif kind == "supplement_notice":
        listed = "；".join(f"{i}. {m}" for i, m in enumerate(p.get("materials", []), start=1))
        paragraphs = [
            _(
                "Your application for “%(item)s” (case number %(number)s) is incomplete. "
                "Please supplement all of the following materials at once:"
            )
            % facts,
            listed,
            _(
                "This notice lists everything to be supplemented (one-time notice, "
                "Administrative Licensing Law Art. 32)."
            ),
        ]
    elif kind == "special_procedure_notice":
        procedure = SpecialProcedureKind(p.get("kind", "hearing")).label
        paragraphs = [
            _(
                "Your application for “%(item)s” (case number %(number)s) requires a special "
                "procedure: %(procedure)s."
            )
            % {**facts, "procedure": procedure},
            _("Reason: %(reason)s") % facts,
            _(
                "It is expected to take %(days)s working days, which are not counted in the "
                "time limit (Administrative Licensing Law Art. 45)."
            )
            % {"days": p.get("expected_workdays", "")},
        ]
    elif kind == "extension_notice":
        paragraphs = [
            _(
                "The time limit for your application for “%(item)s” (case number %(number)s) "
                "is extended by %(days)s working days with the approval of %(approver)s."
            )
            % {**facts, "days": p.get("days", ""), "approver": p.get("approver", "")},
            _("Reason: %(reason)s") % facts,
            _("The decision is now due by %(legal_due)s (Administrative Licensing Law Art. 42).")
            % facts,
        ]
    elif kind == "approval_decision":
        paragraphs = [
            _(
                "Your application for “%(item)s” (case number %(number)s) meets the statutory "
                "conditions and standards; the licence is granted."
            )
            % facts,
        ]
        if facts["legal_basis"]:
            paragraphs.append(_("Legal basis: %(legal_basis)s") % facts)
        paragraphs.append(
            _(
                "The certificate will be delivered within 10 working days "
                "(Administrative Licensing Law Art. 44)."
            )
        )
    else:  # denial_decision
        paragraphs = [
            _("Your application for “%(item)s” (case number %(number)s) is not granted.") % facts,
            _("Reason: %(reason)s") % facts,
            _("Legal basis: %(legal_basis)s") % facts,
            _("Remedies: %(remedies)s") % facts,
        ]
    return DocumentContent(
        kind=kind,
        issuer=case.agency.name,
        title=str(DOCUMENT_KINDS[kind][1]),
        number=_number(case, event, kind),
        recipient=case.applicant.name,
        paragraphs=paragraphs,
        dated_on=day,
    )


def document_docx(case: Case, *, sequence: int) -> tuple[str, bytes]:
    """(file name, Word bytes) of the document recording event ``sequence``."""
    content = document_content(case, sequence=sequence)
    return f"{case.number}-{content.kind}-{sequence}.docx", content.official().render()
