"""The cockpit's query: as of which day, over which period (both optional)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiaoneng.cockpit.periods import Period
from xiaoneng.core.filter_fields import IsoDateInput


class CockpitForm(forms.Form):
    as_of = forms.DateField(label=_("As of"), required=False, widget=IsoDateInput())
    period = forms.ChoiceField(label=_("Period"), required=False, choices=Period.choices)

    def clean(self) -> dict:  # type: ignore[type-arg]
        data = super().clean() or {}
        data["as_of"] = data.get("as_of") or timezone.localdate()
        data["period"] = data.get("period") or Period.MONTH
        return data
