"""Forms of the complaint pages (portal and workbench). Rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xiaoneng.complaints.models import (
    Category,
    Channel,
    Conclusion,
    OutcomeKind,
    RatingChannel,
    Satisfaction,
    Score,
)
from xiaoneng.core.access import organizations_visible
from xiaoneng.core.filter_fields import IsoDateField, IsoDateInput, resolve_unit, unit_fields
from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Perm


def unit_choices() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Organization.objects.filter(is_active=True).order_by("path"),
        error_messages={"invalid_choice": _("Choose a unit from the list.")},
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class ComplaintForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    unit = unit_choices()
    person_name = forms.CharField(label=_("Person complained about"), max_length=60, required=False)
    title = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(
        label=_("What happened"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    is_anonymous = forms.BooleanField(
        label=_("Complain anonymously"),
        required=False,
        help_text=_(
            "Anonymous complaints cannot be called back; you follow them with the number and code."
        ),
    )
    complainant_name = forms.CharField(label=_("Your name"), max_length=60, required=False)
    complainant_phone = forms.CharField(label=_("Your phone"), max_length=20, required=False)
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_(
            "Up to 5 files: JPEG, PNG, PDF, Word .docx, MP3, M4A or MP4, each up to 10 MB."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = unit_choices()
        self.order_fields(
            [
                "category",
                "unit",
                "person_name",
                "title",
                "description",
                "is_anonymous",
                "complainant_name",
                "complainant_phone",
                "attachments",
            ]
        )


class StaffComplaintForm(ComplaintForm):
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    visitor_count = forms.IntegerField(
        label=_("Visitors received"), min_value=1, max_value=500, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["channel", "visitor_count", *self.fields])


class TrackForm(forms.Form):
    number = forms.CharField(label=_("Complaint number"), max_length=32)
    code = forms.CharField(label=_("Tracking code"), max_length=16)


class RateReplyForm(forms.Form):
    number = forms.CharField(widget=forms.HiddenInput)
    code = forms.CharField(widget=forms.HiddenInput)
    satisfaction = forms.ChoiceField(
        label=_("Are you satisfied with the handling?"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AcceptForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Correct the category"),
        choices=[("", "—"), *Category.choices],
        required=False,
        help_text=_("Empty: keep the category given."),
    )
    note = forms.CharField(label=_("Note"), required=False)


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason (outside the centre's remit)"), max_length=500)
    referred_to = forms.CharField(label=_("Referred to"), max_length=200)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TransferForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        required=False,
        queryset=Organization.objects.filter(is_active=True),
        help_text=_("Empty: the unit complained about."),
    )
    unit_due_on = forms.DateField(
        label=_("Reply due on"),
        required=False,
        widget=IsoDateInput(),
        help_text=_("Empty: 10 working days, at most the complaint's own deadline."),
    )
    note = forms.CharField(label=_("Note"), required=False)


class InvestigateForm(forms.Form):
    record = forms.CharField(
        label=_("Investigation record"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )


class ConcludeForm(forms.Form):
    conclusion = forms.ChoiceField(label=_("Conclusion"), choices=Conclusion.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Outcome"), choices=OutcomeKind.choices)
    person = forms.ModelChoiceField(
        label=_("Staff member"),
        required=False,
        queryset=User.objects.none(),
        help_text=_("Needed for an efficiency warning in supervision."),
    )
    person_name = forms.CharField(label=_("Person"), max_length=60, required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Reply to the complainant"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class FollowUpForm(forms.Form):
    satisfaction = forms.ChoiceField(label=_("Satisfaction"), choices=Satisfaction.choices)
    note = forms.CharField(label=_("Note"), required=False)


class ExtendForm(forms.Form):
    workdays = forms.IntegerField(label=_("Extend by (working days)"), min_value=1)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class PeriodForm(forms.Form):
    """The complaint figures' filter: a period and a day of reference (YYYY-MM-DD) and a unit
    of the user's complaint.view scope chosen by name (all optional)."""

    date_from = IsoDateField(label=_("From"), required=False)
    date_to = IsoDateField(label=_("To"), required=False)
    as_of = IsoDateField(label=_("As of"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(unit_fields(Perm.COMPLAINT_VIEW))
        self.user = user

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        visible = organizations_visible(self.user, Perm.COMPLAINT_VIEW)
        data["organization"] = resolve_unit(self, data, visible)
        return data


SCORE_CHOICES = [("", "—"), *[(str(v), label) for v, label in Score.choices]]


class RatingForm(forms.Form):
    case_number = forms.CharField(label=_("Case number"), max_length=40)
    window = forms.CharField(label=_("Window"), max_length=60, required=False)
    channel = forms.ChoiceField(label=_("How did you apply?"), choices=RatingChannel.choices)
    overall = forms.TypedChoiceField(
        label=_("Overall"), coerce=int, choices=[(str(v), label) for v, label in Score.choices]
    )
    efficiency = forms.ChoiceField(label=_("Efficiency"), choices=SCORE_CHOICES, required=False)
    guide_accuracy = forms.ChoiceField(
        label=_("Accuracy of the guide (online)"), choices=SCORE_CHOICES, required=False
    )
    convenience = forms.ChoiceField(
        label=_("Convenience (online)"), choices=SCORE_CHOICES, required=False
    )
    usability = forms.ChoiceField(
        label=_("Usability (online)"), choices=SCORE_CHOICES, required=False
    )
    level = forms.ChoiceField(
        label=_("Service level (on site)"), choices=SCORE_CHOICES, required=False
    )
    attitude = forms.ChoiceField(
        label=_("Attitude (on site)"), choices=SCORE_CHOICES, required=False
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    rater_name = forms.CharField(label=_("Your name"), max_length=60, required=False)
    rater_phone = forms.CharField(
        label=_("Your phone"),
        max_length=20,
        required=False,
        help_text=_("Leave a phone number so that a bad rating can be called back."),
    )

    def dimensions(self) -> dict[str, str]:
        names = ("efficiency", "guide_accuracy", "convenience", "usability", "level", "attitude")
        return {name: self.cleaned_data[name] for name in names if self.cleaned_data.get(name)}


class CallBackForm(forms.Form):
    note = forms.CharField(label=_("Call-back"), max_length=2000)
    is_verified = forms.BooleanField(label=_("The complaint is verified"), required=False)
    verification_note = forms.CharField(label=_("Verification"), max_length=2000, required=False)


class RectificationForm(forms.Form):
    due_on = forms.DateField(
        label=_("Rectify by"),
        required=False,
        widget=IsoDateInput(),
        help_text=_("Empty: 5 working days."),
    )


class RectifyForm(forms.Form):
    note = forms.CharField(label=_("Rectification"), max_length=2000)


class ExplainForm(forms.Form):
    explanation = forms.CharField(label=_("Explanation"), max_length=2000)


class AppealForm(forms.Form):
    reason = forms.CharField(label=_("Why the rating is false"), max_length=2000)


class AppealDecisionForm(forms.Form):
    is_upheld = forms.BooleanField(label=_("Uphold the appeal"), required=False)
    note = forms.CharField(label=_("Decision"), max_length=2000)


class AskForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Organization.objects.filter(is_active=True),
        error_messages={"invalid_choice": _("Choose a unit from the list.")},
    )
    item_name = forms.CharField(label=_("Service item"), max_length=200, required=False)
    question = forms.CharField(
        label=_("Your question"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    asker_name = forms.CharField(label=_("Your name"), max_length=60, required=False)
    asker_phone = forms.CharField(label=_("Your phone"), max_length=20, required=False)
    is_publication_consented = forms.BooleanField(
        label=_("The question and answer may be published (without my name)"), required=False
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    publish = forms.BooleanField(
        label=_("Publish if the asker consented"), required=False, initial=True
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("JSON Lines file"))
