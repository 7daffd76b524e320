"""Public page: check a community certificate by its number and verification code."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xiaoneng.community import selectors
from xiaoneng.community.forms import CertificateCheckForm
from xiaoneng.community.services.certificates import certificate_type_label


def certificate_check(request: HttpRequest) -> HttpResponse:
    form = CertificateCheckForm(request.GET or None)
    checked, found = False, None
    if form.is_valid():
        checked = True
        found = selectors.certificate_check(
            number=form.cleaned_data["number"], code=form.cleaned_data["code"]
        )
    return render(
        request,
        "portal_community/certificate_check.html",
        {
            "form": form,
            "checked": checked,
            "found": found,
            "type_label": certificate_type_label(found.requested_type) if found else "",
        },
    )
