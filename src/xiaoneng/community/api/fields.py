"""Strict serializer fields of the residents' API: the JSON types the schema states."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class JsonStringField(serializers.CharField):
    """A JSON string only (DRF's CharField turns 0 or true into "0" / "True", which the
    schema does not allow: schemathesis ST201)."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)
