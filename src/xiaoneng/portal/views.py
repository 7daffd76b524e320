"""Public portal shell: home page, applicant sign-up and sign-in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from xiaoneng.core import services
from xiaoneng.core.errors import DomainError
from xiaoneng.core.sso import realm_button
from xiaoneng.portal.forms import SignUpForm


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")


def sign_up(request: HttpRequest) -> HttpResponse:
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            applicant = services.applicant_register(
                kind=data["kind"],
                name=data["name"],
                id_number=data["id_number"],
                phone=data["phone"],
                username=data["username"],
                password=data["password"],
            )
        except DomainError as error:
            for field, message in error.errors:
                form.add_error(field if field in form.fields else None, str(message))
        else:
            assert applicant.account is not None
            login(request, applicant.account, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your account has been created."))
            return redirect("portal:home")
    return render(request, "portal/sign_up.html", {"form": form})


class PortalSignInView(auth_views.LoginView):
    template_name = "portal/sign_in.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        context = super().get_context_data(**kwargs)
        context["sso"] = realm_button("applicant")
        context["sso_failed"] = self.request.GET.get("sso") == "failed"
        return context

    def get_success_url(self) -> str:
        return self.get_redirect_url() or "/"
