"""The dashboards' filter inputs: dates as YYYY-MM-DD with the local date picker and a unit
chosen by typing part of its name (the type-ahead over /api/v1/organizations/lookup/).

Both work without JavaScript: the date is typed as text and parsed on the server in the one
format YYYY-MM-DD whatever the browser's locale; the unit's name is typed and matched on the
server within the user's scope. With JavaScript (static/xiaoneng/filters.js) the date input
opens the Chinese calendar and the unit input offers the matching units as a listbox.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from xiaoneng.core.models import Organization

ISO_DATE = "%Y-%m-%d"


class IsoDateInput(forms.DateInput):
    """A text input showing and accepting YYYY-MM-DD; filters.js attaches the date picker."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {
            "placeholder": "YYYY-MM-DD",
            "inputmode": "numeric",
            "autocomplete": "off",
            "size": "10",
            "data-datepicker": "",
        }
        super().__init__(attrs={**base, **(attrs or {})}, format=ISO_DATE)


class IsoDateField(forms.DateField):
    """A date typed as YYYY-MM-DD (the only accepted form); a bad one is a message naming it."""

    widget = IsoDateInput
    input_formats = [ISO_DATE]


class UnitSearchInput(forms.TextInput):
    """The unit's name; filters.js makes it an ARIA combobox filling the hidden id field."""

    def __init__(self, *, perm: str, target: str = "organization") -> None:
        super().__init__(
            attrs={
                "role": "combobox",
                "aria-autocomplete": "list",
                "aria-expanded": "false",
                "autocomplete": "off",
                "data-unit-search": reverse_lazy("api-organizations-lookup"),
                "data-unit-perm": perm,
                "data-unit-target": target,
            }
        )


def unit_fields(perm: str) -> dict[str, forms.Field]:
    """The pair of fields a unit filter needs: the visible name and the hidden id."""
    return {
        "unit": forms.CharField(
            label=_("Organization"),
            required=False,
            max_length=200,
            widget=UnitSearchInput(perm=perm),
            help_text=_("Type part of the name and choose; empty for all in scope."),
        ),
        "organization": forms.IntegerField(required=False, widget=forms.HiddenInput),
    }


def resolve_unit(
    form: forms.Form, data: dict[str, Any], visible: QuerySet[Organization]
) -> Organization | None:
    """The unit the filter asks for, within ``visible`` (the user's scope), or None for all.

    A link may carry only the id (``?organization=7``, the homes' "red by unit"); the filter
    form carries the typed name too and the id the type-ahead set. The id is used when the
    name is absent or is that unit's; otherwise the name is matched (an exact name first, else
    the one unit containing it); a name cleared on the form means all in scope. A unit outside
    the scope, an unknown name or several matches is an error on the visible field.
    """
    pk, name = data.get("organization"), (data.get("unit") or "").strip()
    name_cleared = "unit" in form.data and not name
    if pk and not name_cleared:
        org = visible.filter(pk=pk).first()
        if org is not None and (not name or name in (org.name, org.short_name)):
            _show_name(form, org)
            return org
        if org is None and not name:
            form.add_error("unit", NOT_IN_SCOPE)
            return None
    if not name:
        return None
    exact = list(visible.filter(Q(name=name) | Q(short_name=name))[:2])
    matches = exact or list(visible.filter(name__icontains=name)[:2])
    if len(matches) == 1:
        _show_name(form, matches[0])
        return matches[0]
    form.add_error("unit", SEVERAL if matches else NOT_IN_SCOPE)
    return None


NOT_IN_SCOPE = _("No unit of that name in your scope; choose one from the list.")
SEVERAL = _("Several units match that name; choose one from the list.")


def _show_name(form: forms.Form, org: Organization) -> None:
    """Show the chosen unit's full name and keep its id in the re-rendered filter."""
    data = dict(form.data.items())
    data["unit"], data["organization"] = org.name, str(org.pk)
    form.data = data
