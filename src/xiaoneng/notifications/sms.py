"""The SMS gateway: pluggable (settings.SMS_GATEWAY, a dotted path), HTTP + JSON by default.

A city's SMS platform (政务短信平台) is reached over HTTP. The default gateway POSTs
`{"phone": ..., "text": ...}` as JSON to SMS_GATEWAY_URL, with `Authorization: Bearer <token>`
when SMS_GATEWAY_TOKEN is set. A 2xx answer means accepted; 408, 429 and 5xx (and a gateway
that cannot be reached) are temporary failures retried with back-off; any other 4xx is
permanent (a number the platform refuses will not become valid by trying again).
Another gateway is a class with `send(*, phone, text)` raising these two exceptions.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class TemporaryFailure(Exception):
    """Worth trying again later."""


class PermanentFailure(Exception):
    """Trying again will not help."""


class SmsGateway(Protocol):
    def send(self, *, phone: str, text: str) -> None: ...


_RETRYABLE_HTTP = frozenset({408, 425, 429})


class HttpJsonGateway:
    def __init__(self, url: str, token: str = "", timeout: float = 5.0) -> None:
        if not url.startswith(("http://", "https://")):
            raise PermanentFailure("SMS_GATEWAY_URL must be an http(s) address")
        self.url, self.token, self.timeout = url, token, timeout

    def send(self, *, phone: str, text: str) -> None:
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        body = json.dumps({"phone": phone, "text": text}, ensure_ascii=False).encode()
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")  # noqa: S310 (scheme checked above)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                response.read()
        except urllib.error.HTTPError as exc:
            reason = f"SMS gateway answered HTTP {exc.code}"
            if exc.code >= 500 or exc.code in _RETRYABLE_HTTP:
                raise TemporaryFailure(reason) from exc
            raise PermanentFailure(reason) from exc
        except (urllib.error.URLError, OSError) as exc:
            raise TemporaryFailure(f"SMS gateway unreachable: {exc}") from exc


def sms_gateway() -> SmsGateway:
    """The configured gateway (settings read on every call, so tests can point it anywhere)."""
    path = getattr(settings, "SMS_GATEWAY", "")
    if path:
        gateway: SmsGateway = import_string(path)()
        return gateway
    url = getattr(settings, "SMS_GATEWAY_URL", "")
    if not url:
        raise PermanentFailure("no SMS gateway configured (SMS_GATEWAY_URL)")
    return HttpJsonGateway(url, getattr(settings, "SMS_GATEWAY_TOKEN", ""))
