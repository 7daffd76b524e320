"""Domain errors. Each carries a translatable message and, where it concerns one input, the field.

The API turns them into 400/403/404/409 JSON responses; pages show them as form errors.
Never let one reach the user as a 500.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    status_code = 400
    code = "invalid"

    def __init__(
        self,
        message: Any,
        *,
        field: str | None = None,
        code: str | None = None,
        errors: list[tuple[str | None, Any]] | None = None,
    ) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
        if code:
            self.code = code
        self.errors = errors or [(field, message)]

    def as_list(self) -> list[dict[str, str]]:
        return [{"field": f or "non_field_errors", "reason": str(m)} for f, m in self.errors]


class InvalidInput(DomainError):
    status_code = 400
    code = "invalid"


class NotPermitted(DomainError):
    status_code = 403
    code = "permission_denied"


class NotFound(DomainError):
    status_code = 404
    code = "not_found"


class Conflict(DomainError):
    """The action is not allowed in the object's current state (e.g. a transition out of order)."""

    status_code = 409
    code = "conflict"
