"""Forms of the monitor pages (workbench and portal); the rules are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xiaoneng.core.filter_fields import IsoDateInput
from xiaoneng.core.models import Organization
from xiaoneng.enterprises.models import Monitor

DATE = IsoDateInput()


class MonitorAppointForm(forms.Form):
    id_number = forms.CharField(label=_("Resident ID number"), max_length=18)
    affiliation = forms.CharField(label=_("Affiliation"), max_length=100, required=False)
    appointed_on = forms.DateField(label=_("Appointed on"), widget=DATE)
    term_ends_on = forms.DateField(label=_("Term ends on"), widget=DATE)


class ObservationForm(forms.Form):
    title = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(
        label=_("What was observed"), max_length=4000, widget=forms.Textarea
    )


class ObservationEntryForm(ObservationForm):
    """The office enters an observation a monitor made by phone or letter."""

    monitor = forms.ModelChoiceField(label=_("Efficiency monitor"), queryset=Monitor.objects.none())
    submitted_on = forms.DateField(label=_("Submitted on"), widget=DATE)

    def __init__(self, *args, monitors=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if monitors is not None:
            self.fields["monitor"].queryset = monitors  # type: ignore[attr-defined]


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason declined"), max_length=4000, widget=forms.Textarea)


class ForwardForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Responsible unit"), queryset=Organization.objects.order_by("path")
    )


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("Reply"), max_length=4000, widget=forms.Textarea)


class MediaReportForm(forms.Form):
    outlet = forms.CharField(label=_("Outlet"), max_length=100)
    published_on = forms.DateField(label=_("Published on"), widget=DATE)
    title = forms.CharField(label=_("Title"), max_length=200)
    link = forms.URLField(label=_("Link"), max_length=500, required=False, assume_scheme="https")
    issue = forms.CharField(label=_("Issue raised"), max_length=4000, widget=forms.Textarea)
