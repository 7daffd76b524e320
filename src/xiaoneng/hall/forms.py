"""Forms of the hall's portal pages. They only parse; the services decide (and raise field
errors that the views show with the form)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xiaoneng.core.access import organizations_visible
from xiaoneng.core.filter_fields import IsoDateField, resolve_unit, unit_fields
from xiaoneng.core.models import User

#: Years a slot's start may fall in (outside them: a form error, never a date overflow).
YEARS = range(2000, 2101)


class FiguresFilterForm(forms.Form):
    """The hall figures' period (YYYY-MM-DD, the local date picker; empty: the last 30 days)
    and a unit chosen by typing its name (the halls it runs, itself and below; empty: every
    hall the user may read), within the scope of the permission that opens the page."""

    start = IsoDateField(label=_("First day"), required=False)
    end = IsoDateField(label=_("Last day"), required=False)

    def __init__(self, *args: Any, user: User, perm: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(unit_fields(perm))
        self.user, self.perm = user, perm

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("start", _("The first day comes after the last day."))
        visible = organizations_visible(self.user, self.perm)
        data["organization"] = resolve_unit(self, data, visible)
        return data


class SlotChoiceForm(forms.Form):
    """A slot chosen on the booking or rescheduling page: the window and the slot's start."""

    window = forms.IntegerField(label=_("Window"), min_value=1, max_value=2**31 - 1)
    starts_at = forms.DateTimeField(label=_("Time"))

    def clean_starts_at(self) -> datetime:
        value: datetime = self.cleaned_data["starts_at"]
        if value.year not in YEARS:
            raise forms.ValidationError(_("Choose one of the slots shown."))
        return value


class BookForm(SlotChoiceForm):
    item = forms.CharField(label=_("Service item"), max_length=64)
