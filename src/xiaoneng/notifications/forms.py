from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xiaoneng.notifications.kinds import Channel, MessageKind
from xiaoneng.notifications.models import DeliveryStatus


class TemplateForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )


class PreferenceForm(forms.Form):
    email_opt_out = forms.BooleanField(
        label=_("No reminders and alerts by e-mail"),
        required=False,
        help_text=_("Statutory notices on your applications are sent whatever you choose."),
    )
    sms_opt_out = forms.BooleanField(label=_("No reminders and alerts by SMS"), required=False)


class LogFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + DeliveryStatus.choices, required=False
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", _("All"))] + Channel.choices, required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All"))] + MessageKind.choices, required=False
    )
