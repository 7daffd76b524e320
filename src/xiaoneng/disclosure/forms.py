from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xiaoneng.core.filter_fields import IsoDateInput
from xiaoneng.core.models import Organization, OrganizationKind
from xiaoneng.disclosure.models import Category


class TopicForm(forms.Form):
    title = forms.CharField(label=_("Topic"), min_length=4, max_length=120)
    description = forms.CharField(
        label=_("What should be supervised, and why"),
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    unit = forms.ModelChoiceField(
        label=_("Unit concerned"),
        queryset=Organization.objects.filter(kind=OrganizationKind.DEPARTMENT, is_active=True),
        required=False,
    )


class CatalogueSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All")), *Category.choices]
    )


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Organization.objects.filter(is_active=True)
    )
    published_on = forms.DateField(
        label=_("Publication date"), required=False, widget=IsoDateInput()
    )
    body = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    attachment = forms.FileField(label=_("Attachment"), required=False)


class MonthForm(forms.Form):
    month = forms.DateField(label=_("Month"), widget=IsoDateInput())


class PickForm(forms.Form):
    lead_unit = forms.ModelChoiceField(
        label=_("Lead unit"), queryset=Organization.objects.filter(is_active=True)
    )
    deadline = forms.DateField(label=_("Deadline"), widget=IsoDateInput())


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))
