"""Form and field messages in plain Chinese, naming the field: the one place for them.

Django's stock wording ("确保该变量包含不超过 200 字符 (目前字符数 5000)。") says neither
which field is wrong nor what to do. Every form rendered through ``form_fields.html`` shows
its field errors through :func:`field_messages`, which rewrites the errors Django raises by
their ``code`` into a sentence naming the field's label and saying what to do. Errors with a
code this module does not know (the domain's own, already written for people) are kept and
only prefixed with the field's label.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _

# code → message; placeholders: %(field)s plus the params Django passes with that code.
PLAIN_MESSAGES: Mapping[str, Any] = {
    "required": _("Please fill in %(field)s."),
    "max_length": _(
        "%(field)s can be at most %(limit_value)s characters; it has %(show_value)s now. "
        "Please shorten it."
    ),
    "min_length": _(
        "%(field)s needs at least %(limit_value)s characters; it has %(show_value)s now."
    ),
    "max_value": _("%(field)s can be at most %(limit_value)s."),
    "min_value": _("%(field)s must be at least %(limit_value)s."),
    "max_digits": _("%(field)s can have at most %(max)s digits."),
    "max_decimal_places": _("%(field)s can have at most %(max)s decimal places."),
    "invalid_choice": _("Please choose %(field)s from the list."),
    "invalid_date": _("Please enter %(field)s as a date like 2025-09-30."),
    "invalid_time": _("Please enter %(field)s as a time like 09:30."),
    "invalid_datetime": _("Please enter %(field)s as a date and time like 2025-09-30 09:30."),
    "invalid_email": _("Please enter %(field)s as an e-mail address like name@example.cn."),
    "invalid_number": _("Please enter %(field)s as a number."),
    "invalid_integer": _("Please enter %(field)s as a whole number."),
    "empty": _("The file for %(field)s is empty; please choose another one."),
    "missing": _("Please choose a file for %(field)s."),
}

# Django raises several different things under the bare code "invalid"; which one it is
# depends on the field's class (checked in this order: FloatField and DecimalField are
# IntegerFields too).
INVALID_BY_FIELD_CLASS: tuple[tuple[type[forms.Field], str], ...] = (
    (forms.DateTimeField, "invalid_datetime"),
    (forms.DateField, "invalid_date"),
    (forms.TimeField, "invalid_time"),
    (forms.EmailField, "invalid_email"),
    (forms.FloatField, "invalid_number"),
    (forms.DecimalField, "invalid_number"),
    (forms.IntegerField, "invalid_integer"),
)


def invalid_code_for(field: forms.Field) -> str:
    """The specific code behind Django's bare "invalid" for this kind of field, or ""."""
    for field_class, code in INVALID_BY_FIELD_CLASS:
        if isinstance(field, field_class):
            return code
    return ""


LABEL_PREFIXED = _("%(field)s: %(message)s")


def plain_message(*, label: str, error: ValidationError, invalid_code: str = "") -> str:
    """The message for one field error, naming the field by its ``label``."""
    code = error.code or ""
    if code == "invalid":
        code = invalid_code
    template = PLAIN_MESSAGES.get(code)
    params: dict[str, Any] = dict(error.params or {})
    if template is None:
        message = " ".join(str(text) for text in error.messages)
        return str(LABEL_PREFIXED) % {"field": label, "message": message}
    params["field"] = label
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        # A validator raised a known code without its usual params: say it without them.
        message = " ".join(str(text) for text in error.messages)
        return str(LABEL_PREFIXED) % {"field": label, "message": message}


def field_messages(field: BoundField) -> list[str]:
    """The bound field's errors as plain messages naming it."""
    errors = field.form.errors.as_data().get(field.name, [])
    invalid_code = invalid_code_for(field.field)
    label = str(field.label or field.name)
    return [plain_message(label=label, error=error, invalid_code=invalid_code) for error in errors]


# The API's validation errors (DRF) carry a code but not Django's params; the same wording is
# used, the limit read back from DRF's own message and the current length from the request.
API_CODES = {"blank": "required", "null": "required", "required": "required"}
API_REWORDED = frozenset({"required", "max_length", "min_length", "max_value", "min_value"})
_NUMBER = re.compile(r"\d+")


def api_message(*, field: str, code: str, message: str, value: Any = None) -> str:
    """The API's message for one field error in the HTML forms' words, naming ``field``."""
    code = API_CODES.get(code, code)
    if code not in API_REWORDED:
        return message  # e.g. an invalid choice's reason lists the allowed codes: kept
    params: dict[str, Any] = {"field": field}
    if code in {"max_length", "min_length", "max_value", "min_value"}:
        numbers = _NUMBER.findall(message)
        if not numbers or (code.endswith("_length") and not isinstance(value, str)):
            return message
        params["limit_value"] = numbers[0]
        params["show_value"] = len(value) if isinstance(value, str) else ""
    template = PLAIN_MESSAGES.get(code)
    if template is None:
        return message  # the API's own reasons (already written for people) are kept
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return message
