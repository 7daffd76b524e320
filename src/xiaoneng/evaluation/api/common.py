"""Shared parsing helpers of the evaluation API."""

from __future__ import annotations

from datetime import date

from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from rest_framework import serializers

from xiaoneng.core.errors import InvalidInput, NotFound
from xiaoneng.core.models import Organization, User


def query_date(value: str | None, field: str, default: date) -> date:
    if not value:
        return default
    try:
        parsed = parse_date(value)
    except ValueError:
        parsed = None
    if parsed is None:
        raise InvalidInput(_("Write the date as YYYY-MM-DD."), field=field)
    return parsed


def query_int(value: str | None, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError as error:
        raise InvalidInput(_("Enter a whole number."), field=field) from error


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
