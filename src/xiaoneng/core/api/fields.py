"""Serializer fields shared by every context's API."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class CodeChoiceField(serializers.ChoiceField):
    """A choice of codes (e.g. certificate types) whose refusal lists the allowed codes.

    An unknown value — a Chinese name where the code is expected, a typo — answers 400 with
    "“居民身份证” is not an allowed code; allowed: 111=居民身份证, 414=护照, …" so that the
    caller can correct it without reading the documentation.
    """

    default_error_messages = {
        "invalid_choice": _("“{input}” is not an allowed code; allowed: {allowed}."),
    }

    def allowed_codes(self) -> str:
        return ", ".join(f"{code}={label}" for code, label in self.choices.items())

    def to_internal_value(self, data: Any) -> Any:
        if data == "" and self.allow_blank:
            return ""
        try:
            return self.choice_strings_to_values[str(data)]
        except KeyError:
            self.fail("invalid_choice", input=data, allowed=self.allowed_codes())


class CodeMultipleChoiceField(serializers.MultipleChoiceField):
    """Several codes at once, refused the same way as ``CodeChoiceField``."""

    default_error_messages = {
        "invalid_choice": _("“{input}” is not an allowed code; allowed: {allowed}."),
    }

    def allowed_codes(self) -> str:
        return ", ".join(f"{code}={label}" for code, label in self.choices.items())

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) or not hasattr(data, "__iter__"):
            self.fail("not_a_list", input_type=type(data).__name__)
        if not self.allow_empty and len(data) == 0:
            self.fail("empty")
        values = set()
        for item in data:
            if str(item) not in self.choice_strings_to_values:
                self.fail("invalid_choice", input=item, allowed=self.allowed_codes())
            values.add(self.choice_strings_to_values[str(item)])
        return values


class JsonBooleanField(serializers.BooleanField):
    """A JSON true or false only (DRF also takes 0, 1, "yes" …, which the schema does not say).

    A missing value is "this field is required" unless a default is given, also as form data,
    where DRF would read it as false (an unticked HTML checkbox) and a PUT that forgot a field
    would switch it off."""

    default_empty_html = serializers.empty

    def to_internal_value(self, data: object) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class JsonStringField(serializers.CharField):
    """A JSON string only (DRF's CharField turns 0 or true into "0" / "True", which the schema
    does not allow: schemathesis ST201)."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class JsonUrlField(JsonStringField, serializers.URLField):
    """A link given as a JSON string only."""


class JsonIdRelatedField(serializers.PrimaryKeyRelatedField):
    """An object named by its id as a JSON integer only (DRF also takes "7", and reads "" as
    null where null is allowed: neither is what the schema says)."""

    def run_validation(self, data: Any = serializers.empty) -> Any:
        if (
            data is not serializers.empty
            and data is not None
            and (isinstance(data, bool) or not isinstance(data, int))
        ):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().run_validation(data)


#: The largest id a database column holds (64-bit): larger ones are refused, not overflowed.
MAX_ID = 2**63 - 1
