"""Forms of the campaign pages; the rules are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xiaoneng.core.filter_fields import IsoDateInput
from xiaoneng.core.models import Organization
from xiaoneng.enterprises.models import (
    Campaign,
    CampaignEnterprise,
    CampaignKind,
    CampaignTeam,
    FindingKind,
    MeetingKind,
)
from xiaoneng.evaluation.models import Survey

DATE = IsoDateInput()


def _units() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(label=_("Unit"), queryset=Organization.objects.order_by("path"))


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=CampaignKind.choices)
    lead_unit = _units()
    started_on = forms.DateField(label=_("Started on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE, required=False)
    description = forms.CharField(
        label=_("About the campaign"), max_length=4000, widget=forms.Textarea, required=False
    )

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].label = _("Lead unit")


class CampaignSurveyForm(forms.Form):
    survey = forms.ModelChoiceField(
        label=_("Questionnaire survey"), queryset=Survey.objects.all(), required=False
    )


class CampaignTeamForm(forms.Form):
    name = forms.CharField(label=_("Team"), max_length=100)
    leading_unit = _units()
    members = forms.CharField(
        label=_("Members"), max_length=2000, widget=forms.Textarea, help_text=_("One per line.")
    )

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["leading_unit"].label = _("Leading unit")


class CampaignRowForm(forms.Form):
    """A form whose team and enterprise choices are the campaign's own."""

    def __init__(self, *args, campaign: Campaign, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if "team" in self.fields:
            self.fields["team"].queryset = campaign.teams.all()  # type: ignore[attr-defined]
        if "enterprise" in self.fields:
            self.fields["enterprise"].queryset = campaign.enterprises_investigated.all()  # type: ignore[attr-defined]


class CampaignEnterpriseForm(CampaignRowForm):
    name = forms.CharField(label=_("Enterprise"), max_length=200)
    credit_code = forms.CharField(
        label=_("Unified social credit code"), max_length=18, required=False
    )
    investigated_on = forms.DateField(label=_("Investigated on"), widget=DATE)
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=CampaignTeam.objects.none(), required=False
    )


class CampaignMeetingForm(CampaignRowForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    participants = forms.IntegerField(
        label=pgettext_lazy("count", "Participants"), min_value=0, initial=0
    )
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=CampaignTeam.objects.none(), required=False
    )


class FindingForm(CampaignRowForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=FindingKind.choices)
    description = forms.CharField(label=_("What was found"), max_length=4000, widget=forms.Textarea)
    unit = _units()
    amount_charged = forms.DecimalField(
        label=_("Amount charged (yuan)"), max_digits=14, decimal_places=2, min_value=0, initial=0
    )
    enterprise = forms.ModelChoiceField(
        label=_("Enterprise"), queryset=CampaignEnterprise.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["unit"].label = _("Responsible unit")


class FindingRectifyForm(forms.Form):
    rectification = forms.CharField(
        label=_("Rectification"), max_length=4000, widget=forms.Textarea
    )
    amount_refunded = forms.DecimalField(
        label=_("Amount refunded (yuan)"), max_digits=14, decimal_places=2, min_value=0, initial=0
    )
