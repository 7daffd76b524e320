"""Workbench forms of publicity; the services check the rules, the forms the shapes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xiaoneng.core.filter_fields import IsoDateInput
from xiaoneng.core.models import Organization
from xiaoneng.disclosure.models import Column, MediaTopic, OutletLevel

DATE = IsoDateInput()


class BulletinForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Issuing unit"), queryset=Organization.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    attachment = forms.FileField(label=_("Attachment"), required=False)
    is_public = forms.BooleanField(
        label=_("Publish on the portal once issued"), required=False, initial=True
    )

    def __init__(self, *args, units=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class IssueForm(forms.Form):
    issued_on = forms.DateField(
        label=pgettext_lazy("publicity", "Issued on"), required=False, widget=DATE
    )


class MediaItemForm(forms.Form):
    published_on = forms.DateField(label=_("Publication date"), widget=DATE)
    outlet = forms.CharField(label=_("Outlet"), max_length=100)
    outlet_level = forms.ChoiceField(label=_("Outlet level"), choices=OutletLevel.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    topic = forms.ChoiceField(label=pgettext_lazy("publicity", "Topic"), choices=MediaTopic.choices)
    link = forms.CharField(label=_("Link"), max_length=500, required=False)
    column = forms.ModelChoiceField(
        label=pgettext_lazy("publicity", "Column"),
        queryset=Column.objects.filter(is_active=True),
        required=False,
    )
    unit = forms.ModelChoiceField(
        label=_("Unit reported on"), queryset=Organization.objects.none(), required=False
    )

    def __init__(self, *args, units=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class ColumnForm(forms.Form):
    outlet = forms.CharField(label=_("Outlet"), max_length=100)
    name = forms.CharField(label=pgettext_lazy("publicity", "Column"), max_length=100)
    description = forms.CharField(
        label=pgettext_lazy("publicity", "Description"), max_length=500, required=False
    )
    started_on = forms.DateField(label=_("Opened on"), required=False, widget=DATE)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)
