"""Workbench forms: field parsing only; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xiaoneng.community.models import EntryKind, IndicatorKind, SignPlace
from xiaoneng.community.rules import CertificateType, ProhibitedCertificate, SignKind
from xiaoneng.core.access import organizations_visible
from xiaoneng.core.filter_fields import IsoDateInput, resolve_unit, unit_fields
from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Perm

DATE = IsoDateInput()


class OrgChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return obj.name


class OrgMultiChoice(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Organization) -> str:
        return obj.short_name or obj.name


class DashboardFilterForm(forms.Form):
    """The compliance dashboard's filter: the year and a street or community of the user's
    community.view scope chosen by name (empty: all in scope)."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields.update(unit_fields(Perm.COMMUNITY_VIEW))
        self.user = user

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        visible = organizations_visible(self.user, Perm.COMMUNITY_VIEW)
        data["organization"] = resolve_unit(self, data, visible)
        return data


class MeetingForm(forms.Form):
    organizer = OrgChoice(label=_("Organizer"), queryset=Organization.objects.none())
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    communities = OrgMultiChoice(
        label=_("Communities summoned"), queryset=Organization.objects.none()
    )
    is_routine = forms.BooleanField(
        label=_("Weekly routine meeting of community heads"), required=False
    )


class DecisionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class AdmissionForm(forms.Form):
    department = OrgChoice(label=_("Requesting department"), queryset=Organization.objects.none())
    communities = OrgMultiChoice(label=_("Communities"), queryset=Organization.objects.none())
    task_name = forms.CharField(label=_("Task"), max_length=200)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    funding_amount = forms.CharField(
        label=_("Funding (yuan)"),
        required=False,
        max_length=20,
        help_text=_("Funding follows the task (权随责走、费随事转)."),
    )
    funding_source = forms.CharField(label=_("Funding source"), required=False, max_length=200)
    working_conditions = forms.CharField(
        label=_("Working conditions provided"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BurdenReportForm(forms.Form):
    department = OrgChoice(
        label=_("Department that pushed the task"), queryset=Organization.objects.none()
    )
    task_description = forms.CharField(
        label=_("Task pushed on the community"), widget=forms.Textarea(attrs={"rows": 2})
    )
    pushed_on = forms.DateField(label=_("Pushed on"), widget=DATE)


class InspectionForm(forms.Form):
    inspector = OrgChoice(label=_("Inspecting unit"), queryset=Organization.objects.none())
    inspected = OrgChoice(label=_("Inspected unit"), queryset=Organization.objects.none())
    inspected_on = forms.DateField(label=_("Date"), widget=DATE)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    findings = forms.CharField(
        label=_("Findings"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EvaluationForm(forms.Form):
    community = OrgChoice(label=_("Community"), queryset=Organization.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    opinion_name = forms.CharField(
        label=_("Residents' opinion indicator"),
        max_length=200,
        initial=_("Residents' satisfaction survey"),
    )
    opinion_weight = forms.DecimalField(
        label=_("Its weight (%)"), initial=60, max_digits=5, decimal_places=2
    )
    other_name = forms.CharField(label=_("Other indicator"), max_length=200)
    other_kind = forms.ChoiceField(
        label=_("Its kind"),
        choices=[c for c in IndicatorKind.choices if c[0] != IndicatorKind.RESIDENT_OPINION],
    )
    other_weight = forms.DecimalField(
        label=_("Its weight (%)"), initial=40, max_digits=5, decimal_places=2
    )


CERTIFICATE_CHOICES = [
    (_("Allowed (rule 7)"), list(CertificateType.choices)),
    (_("National prohibited list (民发〔2020〕20号)"), list(ProhibitedCertificate.choices)),
]


class CertificateForm(forms.Form):
    resident_name = forms.CharField(label=_("Resident"), max_length=60)
    resident_id_number = forms.CharField(
        label=_("Resident ID number"), required=False, max_length=18
    )
    requested_type = forms.ChoiceField(label=_("Certificate type"), choices=CERTIFICATE_CHOICES)
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    content = forms.CharField(
        label=_("What is certified"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    carries_liability = forms.BooleanField(
        label=_("Carries legal or economic liability"), required=False
    )


class CertificateSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=60)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)


class CertificateCheckForm(forms.Form):
    number = forms.CharField(label=_("Certificate number"), max_length=30)
    code = forms.CharField(label=_("Verification code"), max_length=16)


class SignForm(forms.Form):
    place = forms.ChoiceField(label=_("Place"), choices=SignPlace.choices)
    room = forms.CharField(label=_("Room"), required=False, max_length=60)
    kind = forms.ChoiceField(label=_("Kind"), choices=SignKind.choices)
    text = forms.CharField(label=_("Text on the sign"), max_length=200)
    requested_by = forms.CharField(
        label=_("Required by (department)"), required=False, max_length=100
    )
    photo = forms.FileField(label=_("Photo"), required=False)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class RecordEntryForm(forms.Form):
    entry_on = forms.DateField(label=_("Date"), widget=DATE)
    kind = forms.ChoiceField(label=_("Kind"), choices=EntryKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))
    photos = forms.FileField(
        label=_("Photos"),
        required=False,
        widget=MultipleFileInput(attrs={"multiple": True, "accept": "image/*"}),
    )


class AccountabilityForm(forms.Form):
    instruction = forms.CharField(label=_("Rectification required"), max_length=500)
    workdays_allowed = forms.IntegerField(
        label=_("Working days allowed"), required=False, min_value=1, max_value=60
    )


class TextForm(forms.Form):
    text = forms.CharField(label=_("Text"), max_length=1000)


class ReplyForm(forms.Form):
    author_name = forms.CharField(label=_("Author"), max_length=60)
    body = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 2}))


# Residents on the portal and the staff's self-government actions (rule 8) -------------------


class MembershipForm(forms.Form):
    community = OrgChoice(label=_("Community"), queryset=Organization.objects.none())
    address = forms.CharField(
        label=_("Address"),
        max_length=200,
        help_text=_("Your address in the community; its staff verify it."),
    )
    display_name = forms.CharField(
        label=_("Name shown in the forum"),
        max_length=60,
        help_text=_("For example 3号楼王阿姨."),
    )

    def __init__(self, *args, communities=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if communities is not None:
            field = self.fields["community"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = communities


class TopicForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}))


class ResidentReplyForm(forms.Form):
    body = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 3}))


class TopicDeliberationForm(forms.Form):
    held_on = forms.DateField(label=_("Deliberation on"), widget=DATE)
    participants = forms.CharField(label=_("Participants"), required=False, max_length=500)


class OutcomeForm(forms.Form):
    decision = forms.CharField(
        label=_("Outcome of the deliberation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
