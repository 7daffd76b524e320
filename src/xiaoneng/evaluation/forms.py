"""Forms of the evaluation workbench pages; every field's error is a translated reason."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xiaoneng.core.filter_fields import IsoDateInput
from xiaoneng.core.models import Organization, Rank, User
from xiaoneng.evaluation.models import (
    Dimension,
    DocumentKind,
    FindingKind,
    Handling,
    QuestionKind,
    ScorerRole,
    TaskSource,
    UnitKind,
    VisitMode,
)
from xiaoneng.evaluation.scoring import validate_thresholds

DATE = IsoDateInput()


class OrganizationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organization) -> str:  # type: ignore[override]
        return obj.name


class OrganizationMultiple(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Organization) -> str:  # type: ignore[override]
        return obj.name


class SystemForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    unit_kind = forms.ChoiceField(label=_("Kind of unit evaluated"), choices=UnitKind.choices)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    system: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Indicator system"), queryset=None
    )  # type: ignore[arg-type]
    units = OrganizationMultiple(
        label=_("Units evaluated"),
        queryset=None,  # type: ignore[arg-type]
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    score_deadline = forms.DateField(label=_("Scoring deadline"), widget=DATE)
    appeal_workdays = forms.IntegerField(
        label=_("Appeal window (working days)"), initial=5, min_value=1, max_value=30
    )
    share_self_assessment = forms.DecimalField(
        label=_("Share of self-assessment (%)"), initial=20, min_value=0, max_value=100
    )
    share_supervising_leader = forms.DecimalField(
        label=_("Share of the supervising leader (%)"), initial=30, min_value=0, max_value=100
    )
    share_functional_department = forms.DecimalField(
        label=_("Share of functional departments (%)"), initial=50, min_value=0, max_value=100
    )
    share_on_site_verification = forms.DecimalField(
        label=_("Share of on-site verification (%)"), initial=0, min_value=0, max_value=100
    )
    grade_thresholds = forms.CharField(
        label=_("Grades and their minimum totals"),
        initial="优秀=90;良好=80;合格=60;不合格=0",
        help_text=_("Grade=minimum, separated by semicolons; the lowest grade starts at 0."),
    )

    def clean_grade_thresholds(self) -> list[dict]:
        text = self.cleaned_data["grade_thresholds"].replace("；", ";").replace("＝", "=")
        thresholds = []
        for part in filter(None, (p.strip() for p in text.split(";"))):
            grade, sep, minimum = part.partition("=")
            if not sep or not grade.strip():
                raise forms.ValidationError(_("Write each grade as name=minimum, e.g. 优秀=90."))
            thresholds.append({"grade": grade.strip(), "min": minimum.strip()})
        problems = validate_thresholds(thresholds)
        if problems:
            raise forms.ValidationError(problems[0])
        return thresholds

    def __init__(self, *args, systems=None, units=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["system"].queryset = systems
        self.fields["units"].queryset = units

    def shares(self) -> dict:
        return {
            role: self.cleaned_data[f"share_{role}"]
            for role in ScorerRole.values
            if self.cleaned_data.get(f"share_{role}")
        }


class AssignForm(forms.Form):
    indicator: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Indicator"), queryset=None)  # type: ignore[arg-type]
    department = OrganizationChoice(label=_("Functional department"), queryset=None)  # type: ignore[arg-type]

    def __init__(self, *args, indicators=None, departments=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
        self.fields["department"].queryset = departments


class AppealForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    period_start = forms.DateField(label=_("Period from"), widget=DATE)
    period_end = forms.DateField(label=_("Period to"), widget=DATE)
    subject_unit = OrganizationChoice(label=_("Unit surveyed"), queryset=None, required=False)  # type: ignore[arg-type]
    template = forms.ChoiceField(
        label=_("Template"),
        required=False,
        choices=[
            ("", _("Empty questionnaire")),
            ("province_satisfaction", _("Province-wide satisfaction (5 dimensions)")),
            ("fee_burden", _("Enterprise fee burden")),
            ("community_appraisal", _("Residents' appraisal of the community committee")),
        ],
    )

    def __init__(self, *args, units=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["subject_unit"].queryset = units


class IssueForm(forms.Form):
    enterprises = forms.CharField(
        label=_("Named enterprises (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    anonymous_links = forms.IntegerField(
        label=_("Anonymous links"), min_value=0, max_value=5000, initial=0, required=False
    )


class QuestionForm(forms.Form):
    section_title = forms.CharField(label=_("Section"), max_length=200)
    text = forms.CharField(label=_("Question"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices)
    dimension = forms.ChoiceField(
        label=_("Dimension"), required=False, choices=[("", "—"), *Dimension.choices]
    )
    minimum = forms.DecimalField(label=_("Minimum (numeric questions)"), initial=0, required=False)
    maximum = forms.DecimalField(label=_("Maximum (numeric questions)"), initial=10, required=False)
    is_reversed = forms.BooleanField(label=_("Higher is worse"), required=False)


class DueForm(forms.Form):
    on = forms.DateField(label=_("On"), widget=DATE, required=False)
    unit = OrganizationChoice(label=_("Unit"), queryset=None, required=False)  # type: ignore[arg-type]
    rank = forms.ChoiceField(
        label=_("Rank"), required=False, choices=[("", _("All ranks")), *Rank.choices]
    )
    year = forms.IntegerField(
        label=_("Year of rotations counted"), required=False, min_value=2000, max_value=2100
    )

    def __init__(self, *args, units=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class RotationForm(forms.Form):
    person: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Person"), queryset=None)  # type: ignore[arg-type]
    to_unit = OrganizationChoice(label=_("New unit"), queryset=None)  # type: ignore[arg-type]
    to_post = forms.CharField(label=_("New post"), max_length=100)
    rotated_on = forms.DateField(label=_("Rotated on"), widget=DATE)

    def __init__(self, *args, people=None, units=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["to_unit"].queryset = units


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    source = forms.ChoiceField(label=_("Source"), choices=TaskSource.choices)
    goal = forms.CharField(label=_("Goal"), widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)
    lead_unit = OrganizationChoice(label=_("Lead unit"), queryset=None)  # type: ignore[arg-type]
    responsible_units = OrganizationMultiple(
        label=_("Responsible units"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, units=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = units
        self.fields["responsible_units"].queryset = units


class ProgressForm(forms.Form):
    percent_done = forms.IntegerField(label=_("Percent done"), min_value=0, max_value=100)
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 3}))


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (DocumentKind.CIRCULAR, DocumentKind.CIRCULAR.label),
            (DocumentKind.LEADER_REPORT, DocumentKind.LEADER_REPORT.label),
        ],
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    recipient = forms.CharField(label=_("Addressed to"), max_length=200, required=False)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}))


class NoticeForm(forms.Form):
    unit = OrganizationChoice(label=_("Unit"), queryset=None)  # type: ignore[arg-type]
    problem = forms.CharField(label=_("Problem found"), widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label=_("Rectify by"), widget=DATE)

    def __init__(self, *args, units=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("Visited on"), widget=DATE)
    mode = forms.ChoiceField(label=_("Mode"), choices=VisitMode.choices)
    units = OrganizationMultiple(
        label=_("Units visited"),
        queryset=None,  # type: ignore[arg-type]
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, units=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units


class FindingForm(forms.Form):
    unit = OrganizationChoice(label=_("Unit"), queryset=None)  # type: ignore[arg-type]
    kind = forms.ChoiceField(label=_("Finding"), choices=FindingKind.choices)
    person: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Staff member"), queryset=None, required=False
    )  # type: ignore[arg-type]
    person_name = forms.CharField(label=_("Name (if no account)"), max_length=60, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, units=None, people=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["person"].queryset = people


class HandleForm(forms.Form):
    handling = forms.ChoiceField(
        label=_("Handling"),
        choices=[
            (Handling.EFFICIENCY_WARNING, Handling.EFFICIENCY_WARNING.label),
            (Handling.OTHER, Handling.OTHER.label),
        ],
    )
    note = forms.CharField(label=_("Note"), required=False)


def staff_queryset(units):  # type: ignore[no-untyped-def]
    return User.objects.filter(kind="staff", organization__in=units).order_by("real_name")
