"""Forms of the enterprise pages; the rules are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xiaoneng.complaints.models import Satisfaction
from xiaoneng.core.models import Organization


class ProblemReportForm(forms.Form):
    title = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(
        label=pgettext_lazy("problem", "Description"), max_length=4000, widget=forms.Textarea
    )
    unit = forms.ModelChoiceField(label=_("Responsible unit"), queryset=Organization.objects.none())

    def __init__(self, *args, units=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class ProblemReplyForm(forms.Form):
    reply = forms.CharField(label=_("Reply"), max_length=4000, widget=forms.Textarea)


class ProblemRateForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("Your rating of the reply"), choices=Satisfaction.choices
    )
