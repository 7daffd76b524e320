"""Workbench forms: filters of the supervision pages and the warning / accountability actions."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xiaoneng.core.access import organizations_visible, scope_filter
from xiaoneng.core.filter_fields import IsoDateField, IsoDateInput, resolve_unit, unit_fields
from xiaoneng.core.models import User
from xiaoneng.core.roles import Perm
from xiaoneng.supervision.models import DeliverableKind, Light, RuleCode, SourceKind


class FilterForm(forms.Form):
    """as_of, a period (YYYY-MM-DD) and an organization subtree chosen by name (all optional)."""

    as_of = IsoDateField(label=_("As of"), required=False)
    start = IsoDateField(label=_("Period from"), required=False)
    end = IsoDateField(label=_("Period to"), required=False)

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields.update(unit_fields(Perm.SUPERVISION_VIEW))
        self.user = user

    def clean(self) -> dict:  # type: ignore[type-arg]
        data = super().clean() or {}
        visible = organizations_visible(self.user, Perm.SUPERVISION_VIEW)
        data["organization"] = resolve_unit(self, data, visible)
        today = timezone.localdate()
        data["as_of"] = data.get("as_of") or today
        data["end"] = data.get("end") or data["as_of"]
        data["start"] = data.get("start") or data["end"].replace(month=1, day=1)
        if data["start"] > data["end"]:
            self.add_error("start", _("The period must start before it ends."))
        return data


class CaseFilterForm(FilterForm):
    light = forms.ChoiceField(
        label=_("Light"), required=False, choices=[("", _("All")), *Light.choices]
    )
    agency = forms.IntegerField(required=False, widget=forms.HiddenInput)
    item = forms.IntegerField(required=False, widget=forms.HiddenInput)
    handling_type = forms.CharField(required=False, max_length=16, widget=forms.HiddenInput)


class BreachFilterForm(FilterForm):
    rule = forms.ChoiceField(
        label=_("Rule"), required=False, choices=[("", _("All")), *RuleCode.choices]
    )


class WarningForm(forms.Form):
    person: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Person warned"), queryset=None)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    source_kind = forms.ChoiceField(label=_("Basis"), choices=SourceKind.choices)
    source_ref = forms.CharField(
        label=_("Basis reference"),
        max_length=100,
        help_text=_("Number of the case, complaint or inspection visit."),
    )
    issued_on = forms.DateField(label=_("Issued on"), required=False, widget=IsoDateInput())

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        staff = User.objects.filter(kind="staff", is_active=True, organization__isnull=False)
        self.fields["person"].queryset = (  # type: ignore[attr-defined]
            scope_filter(staff, user, Perm.WARNING_ISSUE, "organization")
            .select_related("organization")
            .order_by("organization__path", "real_name")
        )
        self.fields["person"].label_from_instance = (  # type: ignore[attr-defined]
            lambda u: f"{u.display_name}（{u.organization}）"
        )


class SubmitForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DeliverableKind.choices)
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000
    )


class ReviewForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DeliverableKind.choices)
    is_accepted = forms.TypedChoiceField(
        label=_("Decision"),
        coerce=lambda v: v == "1",
        choices=[("1", pgettext_lazy("review", "Accept")), ("0", _("Return for revision"))],
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class AdmonishForm(forms.Form):
    leader = forms.CharField(label=_("Leader admonished"), max_length=100)
    admonished_on = forms.DateField(label=_("Admonished on"), widget=IsoDateInput())
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class SettingsForm(forms.Form):
    yellow_days = forms.IntegerField(
        label=_("Yellow: working days before the deadline"), min_value=0, max_value=60
    )
    yellow_ratio = forms.DecimalField(
        label=_("Yellow: share of the limit used"),
        min_value=Decimal("0.001"),
        max_value=Decimal("0.999"),
        decimal_places=3,
        help_text=_("0.8 = yellow when a fifth of the limit is left; whichever comes first."),
    )
    late_forwarding_days = forms.IntegerField(
        label=_("Forwarding limit (working days after acceptance)"), min_value=1, max_value=60
    )
