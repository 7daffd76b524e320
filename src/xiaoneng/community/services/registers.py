"""Simple registers of self-government (rule 8) and service (rule 9), one generic use case.

Each register is a model with a community and a few fields; creating an entry validates the
fields with the model's form (so pages and API give the same field-level reasons), checks that
the actor records for that community, and writes the audit record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from xiaoneng.community.models import (
    AgencyService,
    BuildingGroup,
    Deliberation,
    DutyShift,
    ForumTopic,
    GridArea,
    Hearing,
    HouseholdVisit,
    ServicePledge,
)
from xiaoneng.community.services.common import require, require_community
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import InvalidInput, NotFound
from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Perm


def set_queryset(form: forms.BaseForm, name: str, queryset: models.QuerySet) -> None:
    """Limit the choices of a model-choice field of `form`."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


def _community_staff(form: forms.ModelForm, community: Organization) -> None:
    set_queryset(form, "staff", User.objects.filter(organization=community, is_active=True))


@dataclass(frozen=True)
class RegisterSpec:
    key: str
    model: type[models.Model]
    fields: tuple[str, ...]
    label: Promise
    group: Promise
    columns: tuple[str, ...] = ()
    prepare: Callable[[forms.ModelForm, Organization], None] | None = None
    widgets: dict[str, Any] = field(default_factory=dict)


SELF_GOVERNMENT = _("Self-government")
SERVICE = _("Service")
DATE = forms.DateInput(attrs={"type": "date"})

REGISTERS: dict[str, RegisterSpec] = {
    spec.key: spec
    for spec in [
        RegisterSpec(
            "deliberations",
            Deliberation,
            ("kind", "held_on", "topic", "participants", "decision"),
            _("Residents' meetings and deliberation"),
            SELF_GOVERNMENT,
            ("held_on", "kind", "topic", "decision"),
            widgets={"held_on": DATE},
        ),
        RegisterSpec(
            "hearings",
            Hearing,
            ("held_on", "subject", "parties", "outcome"),
            _("Hearings"),
            SELF_GOVERNMENT,
            ("held_on", "subject", "outcome"),
            widgets={"held_on": DATE},
        ),
        RegisterSpec(
            "forum",
            ForumTopic,
            ("title", "body", "author_name"),
            _("Online forum"),
            SELF_GOVERNMENT,
            ("title", "author_name", "is_hidden"),
        ),
        RegisterSpec(
            "building-groups",
            BuildingGroup,
            ("building", "leader_name", "member_count", "rules"),
            _("Building autonomy groups"),
            SELF_GOVERNMENT,
            ("building", "leader_name", "member_count"),
        ),
        RegisterSpec(
            "grid",
            GridArea,
            ("staff", "area", "linked_units"),
            _("Grid responsibility"),
            SERVICE,
            ("staff", "area", "linked_units"),
            prepare=_community_staff,
        ),
        RegisterSpec(
            "visits",
            HouseholdVisit,
            ("visited_on", "household", "visitor_name", "notes"),
            _("Household visits"),
            SERVICE,
            ("visited_on", "household", "visitor_name"),
            widgets={"visited_on": DATE},
        ),
        RegisterSpec(
            "agency-services",
            AgencyService,
            ("handled_on", "resident_name", "service", "is_done"),
            _("Agency services"),
            SERVICE,
            ("handled_on", "resident_name", "service", "is_done"),
            widgets={"handled_on": DATE},
        ),
        RegisterSpec(
            "pledges",
            ServicePledge,
            ("published_on", "text"),
            _("Service pledges"),
            SERVICE,
            ("published_on", "text"),
            widgets={"published_on": DATE},
        ),
        RegisterSpec(
            "duty",
            DutyShift,
            ("duty_on", "kind", "staff_name", "hours"),
            _("Duty roster"),
            SERVICE,
            ("duty_on", "kind", "staff_name", "hours"),
            widgets={"duty_on": DATE},
        ),
    ]
}


def register_spec(key: str) -> RegisterSpec:
    spec = REGISTERS.get(key)
    if spec is None:
        raise NotFound(gettext("No such register."))
    return spec


def register_form(
    spec: RegisterSpec, community: Organization | None, data: Any = None
) -> forms.ModelForm:
    form_class = forms.modelform_factory(spec.model, fields=spec.fields, widgets=spec.widgets)
    form = form_class(data=data)
    if spec.prepare is not None and community is not None:
        spec.prepare(form, community)
    return form


def register_entry_create(
    *, actor: User, register: str, community: Organization, data: dict[str, Any]
) -> models.Model:
    """Create one entry of a self-government or service register for a community."""
    spec = register_spec(register)
    require_community(community)
    require(actor, (Perm.COMMUNITY_RECORD,), community)
    form = register_form(spec, community, data)
    if not form.is_valid():
        errors: list[tuple[str | None, Any]] = [
            (name, message) for name, messages in form.errors.items() for message in messages
        ]
        raise InvalidInput(errors[0][1], field=errors[0][0], errors=errors)
    with transaction.atomic():
        entry = form.save(commit=False)
        entry.community = community
        entry.recorded_by = actor
        entry.save()
        audit(actor=actor, action=f"community.{spec.key}.create", obj=entry)
    return entry
