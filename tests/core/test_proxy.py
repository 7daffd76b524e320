"""X-Forwarded-* headers are believed only behind a proxy (XIAONENG_BEHIND_PROXY): otherwise any
client could claim https, another host name or another address (settings BEHIND_PROXY,
core/middleware.client_ip, `xiaoneng serve`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from gunicorn.config import Config

from tests.complaints.rated_cases import case_to_rate
from xiaoneng.__main__ import gunicorn_args
from xiaoneng.complaints.models import Rating

SETTINGS_PROBE = (
    "from xiaoneng.config.settings import base; import json; "
    "print(json.dumps([base.BEHIND_PROXY, base.USE_X_FORWARDED_HOST, "
    "base.SECURE_PROXY_SSL_HEADER]))"
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, [False, False, None]),
        ("off", [False, False, None]),
        ("on", [True, True, ["HTTP_X_FORWARDED_PROTO", "https"]]),
    ],
)
def test_forwarded_headers_are_trusted_only_behind_a_proxy(value, expected):  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items() if k != "XIAONENG_BEHIND_PROXY"}
    if value is not None:
        env["XIAONENG_BEHIND_PROXY"] = value
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SETTINGS_PROBE], env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == expected


def _gunicorn_trusts(argv: list[str]) -> list[str]:
    """What gunicorn itself makes of the command line `xiaoneng serve` runs."""
    config = Config()
    parsed = config.parser().parse_args(argv[2:])
    config.set("forwarded_allow_ips", parsed.forwarded_allow_ips)
    return config.forwarded_allow_ips


@pytest.mark.parametrize(
    ("behind_proxy", "trusted"),
    [(False, []), (True, ["10.0.0.5", "::1"])],
)
def test_gunicorn_believes_forwarded_headers_only_from_the_proxy(behind_proxy, trusted):  # type: ignore[no-untyped-def]
    """gunicorn's default trusts 127.0.0.1: without a proxy no peer at all may set the scheme."""
    argv = gunicorn_args(
        bind="127.0.0.1:8000", workers="2", behind_proxy=behind_proxy, proxy_ips="10.0.0.5,::1"
    )
    assert argv[:2] == ["gunicorn", "xiaoneng.config.wsgi:application"]
    assert _gunicorn_trusts(argv) == trusted


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("behind_proxy", "forwarded_for", "recorded"),
    [
        (False, "203.0.113.9", "192.0.2.1"),  # a client's own header is ignored
        (True, "203.0.113.9", "203.0.113.9"),
        (True, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the client's prefix is not believed
        (True, "", "192.0.2.1"),
    ],
)
def test_the_recorded_client_address_follows_the_setting(
    client, settings, org_tree, behind_proxy, forwarded_for, recorded
):  # type: ignore[no-untyped-def]
    """The address kept with a public submission (flood limits count by it)."""
    settings.BEHIND_PROXY = behind_proxy
    case = case_to_rate(org_tree.department)
    response = client.post(
        "/api/v1/ratings/",
        {"case_number": case.number, "channel": "online", "overall": 1},
        content_type="application/json",
        REMOTE_ADDR="192.0.2.1",
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )
    assert response.status_code == 201, response.content
    assert Rating.objects.get(case=case).submitted_ip == recorded


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("header", "secure"), [(None, False), (("HTTP_X_FORWARDED_PROTO", "https"), True)]
)
def test_the_scheme_comes_from_the_proxy_header_only_when_configured(rf, settings, header, secure):  # type: ignore[no-untyped-def]
    settings.SECURE_PROXY_SSL_HEADER = header
    request = rf.get("/", HTTP_X_FORWARDED_PROTO="https")
    assert request.is_secure() is secure
