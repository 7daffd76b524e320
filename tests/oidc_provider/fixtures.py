"""Fixtures that start the test OIDC provider (django-oauth-toolkit) in its own process and point
xiaoneng's two sign-in realms at it; registered for the whole suite in tests/conftest.py."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]
CITIZEN_ID = "11010519491231002X"
PASSWORD = "Provider#2026"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Provider:
    def __init__(self, url: str) -> None:
        self.url = url

    def realm(self, client_id: str) -> dict[str, str]:
        return {
            "OIDC_RP_CLIENT_ID": client_id,
            "OIDC_RP_CLIENT_SECRET": f"{client_id}-secret",
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.url}/o/authorize/",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.url}/o/token/",
            "OIDC_OP_USER_ENDPOINT": f"{self.url}/o/userinfo/",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.url}/o/.well-known/jwks.json",
            "OIDC_RP_SIGN_ALGO": "RS256",
            "OIDC_RP_SCOPES": "openid profile",
            "USERNAME_CLAIM": "preferred_username",
            "LABEL": "",
        }


@pytest.fixture(scope="session")
def oidc_provider(live_server, tmp_path_factory) -> Iterator[Provider]:  # type: ignore[no-untyped-def]
    port = _free_port()
    state = tmp_path_factory.mktemp("oidc-provider")
    users = [
        f"liwei:{PASSWORD}:李伟:",  # onboarded staff in xiaoneng
        f"sysadmin:{PASSWORD}:系统管理员:",  # a system administrator there
        f"stranger:{PASSWORD}:陌生人:",  # no account in xiaoneng
        f"leaver:{PASSWORD}:离职人员:",  # offboarded there
        f"zhangsan:{PASSWORD}:张三:{CITIZEN_ID}",  # a citizen
        f"noid:{PASSWORD}:无证件:",  # a citizen account without an ID number
    ]
    command = [
        sys.executable,
        "-m",
        "tests.oidc_provider.serve",
        "--port",
        str(port),
        "--dir",
        str(state),
        "--client",
        "xiaoneng-staff:xiaoneng-staff-secret",
        "--client",
        "xiaoneng-applicant:xiaoneng-applicant-secret",
        "--redirect",
        f"{live_server.url}/sso/staff/callback/",
        "--redirect",
        f"{live_server.url}/sso/applicant/callback/",
    ]
    for user in users:
        command += ["--user", user]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "XIAONENG_"))}
    log = open(state / "provider.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(f"{url}/o/.well-known/jwks.json", timeout=2)
                break
            except requests.ConnectionError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail(
                        "OIDC provider did not start:\n" + (state / "provider.log").read_text()
                    )
                time.sleep(0.2)
        yield Provider(url)
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture
def realms(settings, oidc_provider, transactional_db) -> Provider:  # type: ignore[no-untyped-def]
    settings.OIDC_REALMS = {
        "staff": oidc_provider.realm("xiaoneng-staff"),
        "applicant": oidc_provider.realm("xiaoneng-applicant"),
    }
    return oidc_provider
