"""Workbench forms of the catalog. Lists are typed one entry per line, columns split by "|".

The forms only parse; every rule is checked by the services, whose errors are put back on the
field they name (`materials[2].name` → the materials box, "line 3: …").
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from xiaoneng.catalog.life_events import LIFE_EVENTS
from xiaoneng.catalog.models import HandlingType, ItemStatus, ItemType, ServiceItemVersion
from xiaoneng.catalog.rules import parse_bool
from xiaoneng.core.errors import DomainError
from xiaoneng.core.models import Level, Organization

LIST_FIELDS = ("materials", "steps", "co_departments")


class ItemForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    item_type = forms.ChoiceField(label=_("Item type"), choices=ItemType.choices)
    level = forms.TypedChoiceField(
        label=_("Level"),
        choices=[("", "—"), *Level.choices],
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Empty: the implementing agency's level."),
    )
    handling_type = forms.ChoiceField(label=_("Handling type"), choices=HandlingType.choices)
    legal_limit_days = forms.IntegerField(
        label=_("Legal time limit (working days)"),
        required=False,
        min_value=0,
        help_text=_("Empty: 20, or 45 for a joint item (Administrative Licensing Law Art. 42)."),
    )
    legal_limit_note = forms.CharField(
        label=_("Legal time limit note"), required=False, max_length=500
    )
    committed_limit_days = forms.IntegerField(
        label=_("Committed time limit (working days)"),
        required=False,
        min_value=0,
        help_text=_("0 for an immediate item (same day). At most the legal limit."),
    )
    committed_limit_note = forms.CharField(
        label=_("Committed time limit note"), required=False, max_length=500
    )
    acceptance_conditions = forms.CharField(
        label=_("Acceptance conditions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    legal_basis = forms.CharField(
        label=_("Legal basis"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    materials = forms.CharField(
        label=_("Materials"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One per line: name | originals | copies | mandatory (yes/no)."),
    )
    steps = forms.CharField(
        label=_("Process steps"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: name | time budget in working days."),
    )
    co_departments = forms.CharField(
        label=_("Co-implementing departments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "One per line: full department name | opinion limit in working days "
            "(default 7). Any department makes the item joint."
        ),
    )
    forward_to_level = forms.TypedChoiceField(
        label=_("Forwarded to level"),
        choices=[("", "—"), *Level.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    has_fee = forms.BooleanField(label=_("Charges a fee"), required=False)
    fee_amount = forms.DecimalField(
        label=_("Fee amount (yuan)"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    fee_basis = forms.CharField(
        label=_("Fee standard and basis"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    special_procedures_allowed = forms.BooleanField(
        label=_("Special procedures allowed"), required=False
    )
    special_procedures_note = forms.CharField(
        label=_("Special procedures"), required=False, max_length=500
    )
    is_appointment = forms.BooleanField(label=_("Appointment available"), required=False)
    is_online = forms.BooleanField(label=_("Online application"), required=False)
    enquiry_phone = forms.CharField(label=_("Enquiry phone"), required=False, max_length=40)
    supervision_phone = forms.CharField(label=_("Supervision phone"), required=False, max_length=40)
    yellow_days = forms.IntegerField(
        label=_("Yellow warning: working days before the deadline"), required=False, min_value=0
    )
    yellow_ratio = forms.DecimalField(
        label=_("Yellow warning: share of the limit used"),
        required=False,
        max_digits=4,
        decimal_places=3,
    )
    change_reason = forms.CharField(label=_("Reason for the change"), max_length=500)

    def __init__(self, *args: Any, agency: Organization | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.item_agency = agency

    @classmethod
    def initial_from(cls, version: ServiceItemVersion) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(version, name)
            for name in cls.base_fields
            if name not in LIST_FIELDS and name != "change_reason" and hasattr(version, name)
        }
        yes, no = gettext("yes"), gettext("no")
        initial["materials"] = "\n".join(
            f"{m.name} | {m.originals} | {m.copies} | {yes if m.is_mandatory else no}"
            for m in version.materials.all()
        )
        initial["steps"] = "\n".join(f"{s.name} | {s.budget_days}" for s in version.steps.all())
        initial["co_departments"] = "\n".join(
            f"{c.organization.name} | {c.opinion_limit_days}" for c in version.co_departments.all()
        )
        return initial

    def _lines(self, name: str) -> list[list[str]]:
        text = self.cleaned_data.get(name) or ""
        return [
            [part.strip() for part in line.split("|")] for line in text.splitlines() if line.strip()
        ]

    def clean_materials(self) -> list[dict[str, Any]]:
        result = []
        for number, parts in enumerate(self._lines("materials"), start=1):
            if len(parts) > 4:
                raise forms.ValidationError(
                    gettext("Line %(n)d: at most 4 columns.") % {"n": number}
                )
            entry: dict[str, Any] = {"name": parts[0]}
            for key, value in zip(("originals", "copies"), parts[1:3], strict=False):
                entry[key] = value
            if len(parts) == 4:
                mandatory = parse_bool(parts[3])
                if mandatory is None:
                    raise forms.ValidationError(
                        gettext("Line %(n)d: mandatory is yes or no.") % {"n": number}
                    )
                entry["is_mandatory"] = mandatory
            result.append(entry)
        return result

    def clean_steps(self) -> list[dict[str, Any]]:
        result = []
        for number, parts in enumerate(self._lines("steps"), start=1):
            if len(parts) > 2:
                raise forms.ValidationError(
                    gettext("Line %(n)d: at most 2 columns.") % {"n": number}
                )
            result.append({"name": parts[0], "budget_days": parts[1] if len(parts) > 1 else 0})
        return result

    def clean_co_departments(self) -> list[dict[str, Any]]:
        result = []
        for number, parts in enumerate(self._lines("co_departments"), start=1):
            matches = list(Organization.objects.filter(name=parts[0])[:2])
            if len(matches) != 1:
                raise forms.ValidationError(
                    gettext("Line %(n)d: no single organization is called %(name)s.")
                    % {"n": number, "name": parts[0]}
                )
            entry: dict[str, Any] = {"organization": matches[0]}
            if len(parts) > 1:
                entry["opinion_limit_days"] = parts[1]
            result.append(entry)
        return result

    def content(self) -> dict[str, Any]:
        """The cleaned data as service keyword arguments (without change_reason)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "change_reason"}

    def add_domain_error(self, error: DomainError, *, extra_fields: tuple[str, ...] = ()) -> None:
        """Put each (field, reason) of a service error on the form field it names."""
        for name, reason in error.errors:
            target = (name or "").split("[", 1)[0].split(".", 1)[0]
            message = str(reason)
            if name and "[" in name and target in LIST_FIELDS:
                line = int(name[name.index("[") + 1 : name.index("]")]) + 1
                message = gettext("Line %(n)d: %(reason)s") % {"n": line, "reason": reason}
            if target in self.fields:
                self.add_error(target, message)
            else:
                self.add_error(None, message)


class ItemCreateForm(ItemForm):
    agency = forms.ModelChoiceField(
        label=_("Implementing agency"), queryset=Organization.objects.none()
    )
    basic_code = forms.CharField(label=_("Basic code"), max_length=40)
    implementation_code = forms.CharField(
        label=_("Implementation code"),
        max_length=64,
        help_text=_("The agency's 18-character credit code followed by the item's own part."),
    )
    change_reason = forms.CharField(
        label=_("Reason for the change"), max_length=500, required=False
    )
    field_order = ["agency", "basic_code", "implementation_code"]

    def __init__(self, *args: Any, agencies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]

    def content(self) -> dict[str, Any]:
        return {
            k: v
            for k, v in self.cleaned_data.items()
            if k not in {"change_reason", "agency", "basic_code", "implementation_code"}
        }


class StatusForm(forms.Form):
    ACTIONS = {
        "suspend": ItemStatus.SUSPENDED,
        "cancel": ItemStatus.CANCELLED,
        "reactivate": ItemStatus.ACTIVE,
    }
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            ("suspend", _("Suspend")),
            ("cancel", _("Cancel")),
            ("reactivate", _("Reactivate")),
        ],
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("E.g. the higher level cancelled or adjusted this item."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput())
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *ItemStatus.choices]
    )
    handling_type = forms.ChoiceField(
        label=_("Handling type"), required=False, choices=[("", _("All")), *HandlingType.choices]
    )


class GuideSearchForm(forms.Form):
    """The public guide's search: words (name, department, keyword or pinyin initials such as
    yyzz), and the portal home's entries by life event and by department."""

    q = forms.CharField(
        label=_("Service, department, keyword or pinyin initials"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. 结婚 or yyzz")}),
    )
    handling_type = forms.ChoiceField(
        label=_("Handling type"), required=False, choices=[("", _("All")), *HandlingType.choices]
    )
    event = forms.ChoiceField(
        label=_("Life event"),
        required=False,
        choices=[("", _("All")), *((e.slug, e.label) for e in LIFE_EVENTS)],
    )
    agency = forms.TypedChoiceField(
        label=_("Department"), required=False, coerce=int, empty_value=None, choices=[]
    )

    def __init__(self, *args: Any, departments: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency = self.fields["agency"]
        assert isinstance(agency, forms.TypedChoiceField)
        agency.choices = [("", _("All")), *((d.pk, d.name) for d in departments)]


class KeywordsForm(forms.Form):
    keywords = forms.CharField(
        label=_("Search keywords"),
        required=False,
        max_length=300,
        help_text=_(
            "Words people search the portal by besides the name, separated by spaces "
            "(e.g. 开店 创业); they also place the item under a life event."
        ),
    )
