"""Rule 7 (规范公章使用) and the national prohibited list (民发〔2020〕20号)."""

from __future__ import annotations

import io

import pytest
from docx import Document

from xiaoneng.community.models import CertificateOutcome
from xiaoneng.community.rules import CertificateType, ProhibitedCertificate
from xiaoneng.community.services import certificates as certificate_services
from xiaoneng.core.errors import InvalidInput, NotPermitted

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-03-02 09:00 +0800", tick=False)


def request(cm, requested_type, purpose="申请高龄津贴", **kwargs):  # type: ignore[no-untyped-def]
    return certificate_services.certificate_request(
        actor=cm.community_staff,
        community=cm.community,
        resident_name="王芳",
        requested_type=requested_type,
        purpose=purpose,
        content="系本社区常住居民",
        **kwargs,
    )


def test_the_allowed_list_has_the_thirteen_kinds_of_rule_7():
    assert len(CertificateType.values) == 13


def test_the_national_prohibited_list_has_twenty_kinds():
    assert len(ProhibitedCertificate.values) == 20


@pytest.mark.parametrize("requested_type", CertificateType.values)
def test_allowed_types_are_issued_with_number_and_code(cm, requested_type):
    certificate = request(cm, requested_type)
    assert certificate.outcome == CertificateOutcome.ISSUED
    assert certificate.number.startswith("ZM2026")
    assert len(certificate.verification_code) == 10


@pytest.mark.parametrize("requested_type", ProhibitedCertificate.values)
def test_prohibited_types_are_refused_with_reason_and_referral(cm, requested_type):
    certificate = request(cm, requested_type)
    assert certificate.outcome == CertificateOutcome.REFUSED
    assert "民发〔2020〕20号" in certificate.refusal_reason
    assert certificate.refer_to
    assert certificate.number == "" and certificate.verification_code == ""


@pytest.mark.parametrize(
    ("requested_type", "referral_word"),
    [
        (ProhibitedCertificate.KINSHIP, "公安机关"),
        (ProhibitedCertificate.KINSHIP, "公证机构"),
        (ProhibitedCertificate.NO_CRIMINAL_RECORD, "公安机关"),
        (ProhibitedCertificate.PROPERTY, "不动产登记"),
        (ProhibitedCertificate.BIRTH, "出生医学证明"),
    ],
)
def test_referral_names_where_to_go(cm, requested_type, referral_word):
    assert referral_word in request(cm, requested_type).refer_to


@pytest.mark.parametrize(
    ("purpose", "carries_liability"),
    [
        ("申请高龄津贴", True),  # rule 7: 不能使用于任何承担法律责任及经济连带责任的证明
        ("为亲属贷款提供担保", False),
        ("证明其具备还款能力，承担连带责任", False),
        ("loan guarantee", False),
    ],
)
def test_anything_carrying_liability_is_refused(cm, purpose, carries_liability):
    certificate = request(
        cm, CertificateType.RESIDENCE, purpose=purpose, carries_liability=carries_liability
    )
    assert certificate.outcome == CertificateOutcome.REFUSED
    assert "经济连带责任" in certificate.refusal_reason


def test_types_outside_both_lists_are_refused(cm):
    certificate = request(cm, "good_conduct")
    assert certificate.outcome == CertificateOutcome.REFUSED
    assert "使用范围" in certificate.refusal_reason


def test_numbers_follow_on_within_the_community_and_year(cm):
    first = request(cm, CertificateType.RESIDENCE)
    second = request(cm, CertificateType.VOLUNTEERING)
    assert int(second.number[-5:]) == int(first.number[-5:]) + 1


def test_issued_certificate_prints_as_word_with_its_code(cm):
    certificate = request(cm, CertificateType.RESIDENCE)
    data = certificate_services.certificate_document(certificate=certificate)
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert certificate.number in text and certificate.verification_code in text
    assert "王芳" in text


def test_refused_certificate_cannot_be_printed(cm):
    certificate = request(cm, ProhibitedCertificate.DEATH)
    with pytest.raises(InvalidInput):
        certificate_services.certificate_document(certificate=certificate)


def test_bad_resident_id_is_refused_at_input(cm):
    with pytest.raises(InvalidInput) as caught:
        request(cm, CertificateType.RESIDENCE, resident_id_number="110101199001011234")
    assert caught.value.field == "resident_id_number"


def test_issued_certificate_needs_content(cm):
    with pytest.raises(InvalidInput) as caught:
        certificate_services.certificate_request(
            actor=cm.community_staff,
            community=cm.community,
            resident_name="王芳",
            requested_type=CertificateType.RESIDENCE,
            purpose="入学",
            content="",
        )
    assert caught.value.field == "content"


def test_only_the_communitys_own_staff_use_its_seal(cm):
    with pytest.raises(NotPermitted):
        certificate_services.certificate_request(
            actor=cm.other_community_staff,
            community=cm.community,
            resident_name="王芳",
            requested_type=CertificateType.RESIDENCE,
            purpose="入学",
            content="x",
        )
