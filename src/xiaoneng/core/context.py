"""Per-request context (request id, source IP) for audit records and logs."""

from __future__ import annotations

from contextvars import ContextVar

request_id_var: ContextVar[str] = ContextVar("request_id", default="")
source_ip_var: ContextVar[str] = ContextVar("source_ip", default="")
