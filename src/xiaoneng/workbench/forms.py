from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xiaoneng.core.filter_fields import IsoDateInput
from xiaoneng.core.models import Level, Organization, OrganizationKind, Rank
from xiaoneng.core.roles import ADMIN_ROLES, Role


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label=_("Current password"), widget=forms.PasswordInput)
    new_password = forms.CharField(label=_("New password"), widget=forms.PasswordInput)
    new_password_again = forms.CharField(label=_("New password again"), widget=forms.PasswordInput)

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("new_password") and data.get("new_password") != data.get("new_password_again"):
            self.add_error("new_password_again", _("The two new passwords differ."))
        return data


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("6-digit code"),
        regex=r"^\d{6}$",
        error_messages={"invalid": _("Enter the 6 digits shown by your app.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))


class AuditSearchForm(forms.Form):
    actor = forms.CharField(label=_("Actor"), required=False)
    action = forms.CharField(label=_("Action"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=IsoDateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=IsoDateInput())


class OrganizationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    short_name = forms.CharField(label=_("Short name"), max_length=60, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganizationKind.choices)
    level = forms.TypedChoiceField(label=_("Level"), choices=Level.choices, coerce=int)
    parent = forms.ModelChoiceField(
        label=_("Parent"), queryset=Organization.objects.none(), required=False
    )
    credit_code = forms.CharField(
        label=_("Unified social credit code"), max_length=30, required=False
    )
    region_code = forms.RegexField(
        label=_("Region code"),
        regex=r"^\d{6,12}$",
        required=False,
        error_messages={"invalid": _("6 to 12 digits.")},
    )

    def __init__(self, *args, parents=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if parents is not None:
            self.fields["parent"].queryset = parents


class StaffForm(forms.Form):
    username = forms.RegexField(
        label=_("User name"),
        regex=r"^[A-Za-z0-9_.@-]{3,40}$",
        error_messages={"invalid": _("3–40 letters, digits or _ . @ -")},
    )
    real_name = forms.CharField(label=_("Real name"), max_length=60)
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none()
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    post = forms.CharField(label=_("Post"), max_length=100, required=False)
    post_since = forms.DateField(label=_("In post since"), required=False, widget=IsoDateInput())
    rank = forms.ChoiceField(label=_("Rank"), choices=[("", "—"), *Rank.choices], required=False)
    phone = forms.RegexField(
        label=_("Phone"),
        regex=r"^[0-9-]{7,20}$",
        required=False,
        error_messages={"invalid": _("Digits and dashes only.")},
    )
    password = forms.CharField(label=_("Initial password"), widget=forms.PasswordInput)

    def __init__(self, *args, organizations=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple, required=False
    )


class AdminRoleForm(forms.Form):
    """The security administrator grants or revokes one of the three administrator roles."""

    username = forms.CharField(label=_("User name"), max_length=150)
    role = forms.ChoiceField(
        label=_("Administrator role"),
        choices=[("", _("None (revoke)")), *[(r.value, r.label) for r in Role if r in ADMIN_ROLES]],
        required=False,
    )


class TokenRevokeForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)


class StaffSessionsEndForm(forms.Form):
    """The security administrator ends every session of a staff member (core/sessions.py)."""

    username = forms.CharField(label=_("User name"), max_length=150)
    reason = forms.CharField(label=_("Reason"), max_length=200)
