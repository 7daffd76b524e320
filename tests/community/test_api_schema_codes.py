"""Certificate types are codes: the documented code is accepted, a name (e.g. in Chinese) is
refused with 400 listing every allowed code with its name (docs/api.md, "Codes")."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from xiaoneng.community.rules import CertificateType, ProhibitedCertificate

pytestmark = pytest.mark.django_db


def _request(cm, requested_type: str):  # type: ignore[no-untyped-def]
    api = APIClient()
    api.force_authenticate(cm.community_staff)
    return api.post(
        "/api/v1/community/certificates/",
        {
            "community": cm.community.pk,
            "resident_name": "王芳",
            "requested_type": requested_type,
            "purpose": "入学",
            "content": "系本社区常住居民",
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )


@pytest.mark.parametrize(
    ("requested_type", "status", "outcome"),
    [
        (CertificateType.RESIDENCE.value, 201, "issued"),
        (ProhibitedCertificate.KINSHIP.value, 201, "refused"),  # recorded, with the referral
        ("居住证明", 400, None),  # a name, not the code
        ("residence_certificate", 400, None),
    ],
)
def test_certificate_type_is_a_code(cm, requested_type, status, outcome) -> None:  # type: ignore[no-untyped-def]
    response = _request(cm, requested_type)
    assert response.status_code == status, response.content
    if outcome:
        assert response.json()["outcome"] == outcome


def test_unknown_type_lists_allowed_codes_with_names(cm) -> None:  # type: ignore[no-untyped-def]
    body = _request(cm, "居住证明").json()
    [error] = body["errors"]
    assert error["field"] == "requested_type"
    assert "“居住证明”" in error["reason"]
    assert "residence=" in error["reason"] and "kinship=" in error["reason"]
