"""Shared parsing helpers and field types of the evaluation API."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from xiaoneng.core.errors import InvalidInput, NotFound
from xiaoneng.core.models import Organization, User


def query_date(value: str | None, field: str, default: date) -> date:
    """The date in `field` (YYYY-MM-DD), `default` when the parameter is left out."""
    if value is None:
        return default
    try:
        parsed = parse_date(value)
    except ValueError:
        parsed = None
    if parsed is None:
        raise InvalidInput(_("Write the date as YYYY-MM-DD."), field=field)
    return parsed


def query_int(
    value: str | None, field: str, *, minimum: int = 1, maximum: int = 2_147_483_647
) -> int | None:
    """The whole number in `field`, None when the parameter is left out; a present but empty,
    non-numeric or out-of-range value is refused (a huge year would overflow the date)."""
    if value is None:
        return None
    try:
        number = int(value)
    except ValueError as error:
        raise InvalidInput(_("Enter a whole number."), field=field) from error
    if not minimum <= number <= maximum:
        raise InvalidInput(
            _("Enter a number from %(minimum)s to %(maximum)s.")
            % {"minimum": minimum, "maximum": maximum},
            field=field,
        )
    return number


YEARS = {"minimum": 2000, "maximum": 2100}


def query_year(value: str | None, field: str = "year") -> int | None:
    return query_int(value, field, **YEARS)


def year_parameter(description: str) -> OpenApiParameter:
    return OpenApiParameter("year", {"type": "integer", **YEARS}, description=description)


def id_parameter(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, {"type": "integer", "minimum": 1}, description=description)


def query_choice(value: str | None, field: str, choices: list[tuple[str, Any]]) -> str:
    """One of `choices`, or "" when left out; anything else is refused with the allowed codes."""
    if value is None:
        return ""
    codes = [code for code, _label in choices]
    if value not in codes:
        raise InvalidInput(
            _("Choose one of: %(codes)s.")
            % {"codes": ", ".join(f"{code} ({label})" for code, label in choices)},
            field=field,
        )
    return value


def organization(pk: int | None, field: str) -> Organization | None:
    if pk is None:
        return None
    found = Organization.objects.filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such organization."), field=field)
    return found


class OrganizationField(serializers.PrimaryKeyRelatedField):
    def __init__(self, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(queryset=Organization.objects.all(), **kwargs)


class StaffField(serializers.PrimaryKeyRelatedField):
    def __init__(self, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(queryset=User.objects.filter(kind="staff"), **kwargs)


class NumberField(serializers.DecimalField):
    """An exact decimal that travels as a JSON number: rates, scores, weights and points are
    numbers in this API (docs/api.md), whatever COERCE_DECIMAL_TO_STRING says. Input may be a
    number or a numeric string."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("coerce_to_string", False)
        super().__init__(**kwargs)


class NumberModelSerializer(serializers.ModelSerializer):
    """A model serializer whose decimal columns come out as JSON numbers."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DecimalField: NumberField,
    }


def numbers(max_digits: int = 8, decimal_places: int = 2, **kwargs: Any) -> serializers.DictField:
    """A JSON object whose values are numbers (shares, grade points, points per indicator)."""
    return serializers.DictField(
        child=NumberField(max_digits=max_digits, decimal_places=decimal_places), **kwargs
    )


class EvaluationCreatedSerializer(serializers.Serializer):
    """The answer to a write that made one object: its id."""

    id = serializers.IntegerField()
