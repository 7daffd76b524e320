from django import forms
from django.utils.translation import gettext_lazy as _

from xiaoneng.core.filter_fields import IsoDateInput
from xiaoneng.core.models import Organization


class SituationReportForm(forms.Form):
    date_from = forms.DateField(label=_("From"), widget=IsoDateInput())
    date_to = forms.DateField(label=_("To"), widget=IsoDateInput())
    as_of = forms.DateField(
        label=_("Figures as of"),
        required=False,
        widget=IsoDateInput(),
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Organization.objects.order_by("path"), required=False
    )
    output_format = forms.ChoiceField(
        label=_("Format"), choices=[("docx", "Word (.docx)"), ("pdf", "PDF")], initial="docx"
    )


class CircularForm(forms.Form):
    date_from = forms.DateField(label=_("From"), widget=IsoDateInput())
    date_to = forms.DateField(label=_("To"), widget=IsoDateInput())


class TemplateUploadForm(forms.Form):
    template = forms.FileField(label=_("Word template (.docx)"))
