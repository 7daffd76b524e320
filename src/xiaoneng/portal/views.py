"""Public portal shell: home page, the service guide page of an item, applicant sign-up and
sign-in. The portal composes the domain contexts' reads (catalog, cases, hall); it owns no data.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from xiaoneng.cases.selectors import POPULAR_DAYS, popular_items
from xiaoneng.catalog import selectors as catalog_selectors
from xiaoneng.catalog.life_events import LIFE_EVENTS
from xiaoneng.catalog.models import ServiceItem
from xiaoneng.catalog.portal_views import apply_url
from xiaoneng.core import services
from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.core.sso import realm_button
from xiaoneng.hall import selectors as hall_selectors
from xiaoneng.hall.models import Hall, Window
from xiaoneng.portal.forms import SignUpForm


def home(request: HttpRequest) -> HttpResponse:
    """Search box, popular services, entry by life event and by department."""
    return render(
        request,
        "portal/home.html",
        {
            "popular": popular_items(limit=8),
            "popular_days": POPULAR_DAYS,
            "life_events": LIFE_EVENTS,
            "departments": catalog_selectors.departments_with_items(),
        },
    )


@dataclass(frozen=True)
class Place:
    """Where an item is handled in person: a service hall and its windows for the item."""

    hall: Hall
    windows: list[Window]
    booking_url: str | None


def _places(item: ServiceItem, *, is_appointment: bool) -> list[Place]:
    places = []
    for hall in hall_selectors.hall_list():
        windows = hall_selectors.hall_windows_for_item(hall=hall, item=item)
        if not windows:
            continue
        booking_url = None
        if is_appointment:
            try:
                booking_url = (
                    f"{reverse('portal_hall:book', kwargs={'code': hall.code})}"
                    f"?item={item.implementation_code}"
                )
            except NoReverseMatch:
                booking_url = None
        places.append(Place(hall=hall, windows=windows, booking_url=booking_url))
    return places


def guide_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The item's service guide (办事指南) as people read it: how long, how much, how to apply
    and how many visits first, then every material at once, where and when, the process."""
    try:
        item = catalog_selectors.item_get(user=request.user, implementation_code=code)
    except NotFound as error:
        raise Http404(str(error.message)) from error
    if not item.is_active or item.current_version is None:
        raise Http404(_("No such service item."))
    version = catalog_selectors.version_with_details(item.current_version)
    return render(
        request,
        "portal/guide.html",
        {
            "item": item,
            "version": version,
            "materials": list(version.materials.all()),
            "places": _places(item, is_appointment=version.is_appointment),
            "apply_url": apply_url(item.implementation_code) if version.is_online else None,
        },
    )


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
