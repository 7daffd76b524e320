from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xiaoneng.core.models import ApplicantKind


class SignUpForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("I am"),
        choices=ApplicantKind.choices,
        widget=forms.RadioSelect,
        initial=ApplicantKind.NATURAL_PERSON,
    )
    name = forms.CharField(label=_("Name (person or organization)"), max_length=200)
    id_number = forms.CharField(
        label=_("Resident ID number or unified social credit code"), max_length=30
    )
    phone = forms.RegexField(
        label=_("Mobile phone"),
        regex=r"^1\d{10}$",
        error_messages={"invalid": _("Enter an 11-digit mobile number.")},
    )
    username = forms.RegexField(
        label=_("User name"),
        regex=r"^[A-Za-z0-9_.@-]{3,40}$",
        error_messages={"invalid": _("3–40 letters, digits or _ . @ -")},
    )
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput)
    password_again = forms.CharField(label=_("Password again"), widget=forms.PasswordInput)

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return data
