"""Forms of the rule-filing, self-inspection, appraisal and results-applied pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xiaoneng.core.models import User
from xiaoneng.evaluation.forms import DATE, OrganizationChoice, OrganizationMultiple
from xiaoneng.evaluation.models import AppraisalGroup, EfficiencyRule, Recommendation


class RuleFilingForm(forms.Form):
    unit = OrganizationChoice(label=_("Unit"), queryset=None)
    rule = forms.ChoiceField(label=_("Rule"), choices=EfficiencyRule.choices)
    text = forms.CharField(
        label=_("Text of the rule"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    attachment = forms.FileField(label=_("Attachment"), required=False)
    filed_on = forms.DateField(label=_("Filed on"), widget=DATE, required=False)

    def __init__(self, *args, units, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class ReviewForm(forms.Form):
    reason = forms.CharField(
        label=_("Reasons (required when returned)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class SelfInspectionForm(forms.Form):
    unit = OrganizationChoice(label=_("Unit"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, units, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class ProblemForm(forms.Form):
    description = forms.CharField(label=_("Problem"), widget=forms.Textarea(attrs={"rows": 2}))
    measure = forms.CharField(
        label=_("Rectification measure"), widget=forms.Textarea(attrs={"rows": 2})
    )
    found_on = forms.DateField(label=_("Found on"), widget=DATE)
    deadline_workdays = forms.IntegerField(
        label=_("Deadline (working days)"), min_value=1, max_value=250
    )


class ProblemDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Rectified on"), widget=DATE)
    result = forms.CharField(label=_("Result"), widget=forms.Textarea(attrs={"rows": 2}))


class AppraisalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    units = OrganizationMultiple(label=_("Units appraised"), queryset=None)
    weight_public = forms.DecimalField(label=AppraisalGroup.PUBLIC.label, initial=40, min_value=0)
    weight_enterprise = forms.DecimalField(
        label=AppraisalGroup.ENTERPRISE.label, initial=30, min_value=0
    )
    weight_deputy = forms.DecimalField(label=AppraisalGroup.DEPUTY.label, initial=20, min_value=0)
    weight_monitor = forms.DecimalField(label=AppraisalGroup.MONITOR.label, initial=10, min_value=0)

    def __init__(self, *args, units, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units  # type: ignore[attr-defined]

    def weights(self) -> dict[str, object]:
        return {g: self.cleaned_data[f"weight_{g}"] for g in AppraisalGroup.values}


class AppraisalLinkForm(forms.Form):
    round: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Evaluation round"), queryset=None
    )
    indicator = forms.CharField(label=_("Leaf indicator code"), max_length=20)

    def __init__(self, *args, rounds, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds  # type: ignore[attr-defined]


class ResultApplicationForm(forms.Form):
    source = forms.ChoiceField(label=_("Result of"))
    unit = OrganizationChoice(label=_("Unit"), queryset=None)
    leader: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Leader"), queryset=None, required=False
    )
    recommendation = forms.ChoiceField(label=_("Recommendation"), choices=Recommendation.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, sources, units, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = sources  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["leader"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            kind="staff", organization__in=units
        ).order_by("organization__path", "username")
