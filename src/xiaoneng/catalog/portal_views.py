"""Public service guide (办事指南): searchable list and one page per item that tells everything
at once — conditions, every material (the one-time-notice spirit), limits, fees, process and
phones — so that an applicant never has to come twice."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from xiaoneng.catalog import selectors
from xiaoneng.catalog.forms import SearchForm
from xiaoneng.catalog.models import ItemStatus
from xiaoneng.core.errors import NotFound


def apply_url(implementation_code: str) -> str | None:
    """The online application page of the cases context for this item, if it exists."""
    for kwargs in ({"code": implementation_code}, {"implementation_code": implementation_code}):
        try:
            return reverse("portal_cases:apply", kwargs=kwargs)
        except NoReverseMatch:
            continue
    try:
        return f"{reverse('portal_cases:apply')}?item={implementation_code}"
    except NoReverseMatch:
        return None


def guide_list(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    items = selectors.item_list_public()
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"]
        items = selectors.item_search(
            items, query=query, handling_type=form.cleaned_data["handling_type"]
        )
    items = items.order_by("agency__path", "name")
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "catalog/portal_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
        },
    )


def guide_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        item = selectors.item_get(user=request.user, implementation_code=code)
    except NotFound as error:
        raise Http404(str(error.message)) from error
    if item.status != ItemStatus.ACTIVE:
        raise Http404
    assert item.current_version is not None
    version = selectors.version_with_details(item.current_version)
    return render(
        request,
        "catalog/portal_detail.html",
        {
            "item": item,
            "version": version,
            "apply_url": apply_url(item.implementation_code) if version.is_online else None,
        },
    )
