"""Seal use and certificates (rule 7, 规范公章使用; 民发〔2020〕20号).

The committee certifies only what it can know first-hand, within the allowed list; never the
20 kinds on the national list (the resident is told where to go instead), and never anything
carrying legal or economic liability. Every request is entered in the seal register, issued or
refused; an issued certificate gets a number and a verification code anyone can check.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.community.models import CertificateOutcome, CertificateRequest
from xiaoneng.community.rules import (
    LIABILITY_WORDS,
    PROHIBITED_REFERRALS,
    CertificateType,
    ProhibitedCertificate,
)
from xiaoneng.community.services.common import clean_text, require, require_community
from xiaoneng.core.audit import audit
from xiaoneng.core.documents import OfficialDocument
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.identifiers import validate_resident_id
from xiaoneng.core.models import Organization, User
from xiaoneng.core.numbering import number_next
from xiaoneng.core.roles import Perm

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone


@dataclass(frozen=True)
class CertificateDecision:
    may_issue: bool
    reason: str = ""
    refer_to: str = ""


def certificate_decision(
    *, requested_type: str, purpose: str, carries_liability: bool
) -> CertificateDecision:
    """Whether the seal may be used (pure: rule 7 and the national list).

    Order: the national prohibited list first (with the authority to go to), then the
    liability rule, then the allowed list.
    """
    if requested_type in ProhibitedCertificate.values:
        label = ProhibitedCertificate(requested_type).label
        return CertificateDecision(
            False,
            _("Communities may not issue certificates of %(kind)s (民发〔2020〕20号).")
            % {"kind": label},
            str(PROHIBITED_REFERRALS[requested_type]),
        )
    lowered = purpose.lower()
    if carries_liability or any(word in lowered for word in LIABILITY_WORDS):
        return CertificateDecision(
            False,
            _(
                "The committee's seal is never used for a certificate carrying legal or economic "
                "liability (rule 7)."
            ),
            _("The unit asking for it, a notary office, or the resident's own written commitment."),
        )
    if requested_type not in CertificateType.values:
        return CertificateDecision(
            False,
            _("This certificate is outside the seal's allowed list (rule 7)."),
            _("The department competent for the matter."),
        )
    return CertificateDecision(True)


def _verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(10))


def certificate_request(
    *,
    actor: User,
    community: Organization,
    resident_name: str,
    requested_type: str,
    purpose: str,
    content: str = "",
    resident_id_number: str = "",
    carries_liability: bool = False,
    today: date | None = None,
) -> CertificateRequest:
    """Handle a resident's request: issue (number + verification code) or refuse with the
    reason and where to go instead. Both are entered in the seal register."""
    require_community(community)
    require(actor, (Perm.COMMUNITY_RECORD,), community)
    resident_name = clean_text(resident_name, field="resident_name", max_length=60)
    purpose = clean_text(purpose, field="purpose", max_length=300)
    requested_type = clean_text(requested_type, field="requested_type", max_length=40)
    id_number = (resident_id_number or "").strip().upper()
    if id_number:
        id_number = validate_resident_id(id_number, field="resident_id_number")
    decision = certificate_decision(
        requested_type=requested_type, purpose=purpose, carries_liability=carries_liability
    )
    if decision.may_issue:
        content = clean_text(content, field="content")
    today = today or timezone.localdate()
    with transaction.atomic():
        request = CertificateRequest(
            community=community,
            resident_name=resident_name,
            resident_id_number=id_number,
            requested_type=requested_type,
            purpose=purpose,
            content=(content or "").strip(),
            carries_liability=carries_liability,
            requested_on=today,
            handled_by=actor,
            outcome=CertificateOutcome.ISSUED if decision.may_issue else CertificateOutcome.REFUSED,
            refusal_reason=decision.reason,
            refer_to=decision.refer_to,
        )
        if decision.may_issue:
            request.number = number_next(
                key=f"community-cert-{community.pk}", year=today.year, prefix="ZM", width=5
            )
            request.verification_code = _verification_code()
        request.save()
        audit(
            actor=actor,
            action="community.certificate.request",
            obj=request,
            detail={"outcome": request.outcome, "type": requested_type},
        )
    return request


def certificate_type_label(value: str) -> str:
    if value in CertificateType.values:
        return str(CertificateType(value).label)
    if value in ProhibitedCertificate.values:
        return str(ProhibitedCertificate(value).label)
    return value


def certificate_document(*, certificate: CertificateRequest) -> bytes:
    """The issued certificate as a Word file (GB/T 9704 layout), with its verification code."""
    if certificate.outcome != CertificateOutcome.ISSUED:
        raise InvalidInput(_("Only issued certificates can be printed."), field="certificate")
    community = certificate.community
    return OfficialDocument(
        issuer=community.name,
        title=_("Certificate of %(kind)s")
        % {"kind": certificate_type_label(certificate.requested_type)},
        number=certificate.number,
        paragraphs=[
            _("This is to certify that %(name)s: %(content)s")
            % {"name": certificate.resident_name, "content": certificate.content},
            _("Purpose: %(purpose)s.") % {"purpose": certificate.purpose},
            _("This certificate carries no legal or economic liability of the committee."),
        ],
        signature=f"{community.name}（盖章）",
        dated_on=certificate.requested_on,
        footnote=_(
            "Verification code %(code)s — check it on the public portal, page "
            '"Check a community certificate".'
        )
        % {"code": certificate.verification_code},
    ).render()
