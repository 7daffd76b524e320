"""Public service guide (办事指南): the searchable list of active items. The page of one item
(everything at once: limits, fees, materials, place and hours, process) is composed by the
portal (`portal.views.guide_detail`), since it also shows the hall's windows."""

from __future__ import annotations

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from xiaoneng.catalog import selectors
from xiaoneng.catalog.forms import GuideSearchForm
from xiaoneng.catalog.life_events import life_event_get
from xiaoneng.core import public_cache


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
    """Search over active items (catalog.selectors.item_search), or the items of a life event
    or of a department — the portal home's entries land here.

    The page is the same for every signed-out visitor, so it comes from the cache while the
    catalog is unchanged (core/public_cache.py); a signed-in person's page is built afresh."""
    if not public_cache.is_public_visitor(request):
        return _guide_list(request)
    key = public_cache.request_key(request, "guide_list", selectors.public_catalog_stamp())
    cached = cache.get(key)
    if cached is not None:
        return HttpResponse(cached)
    response = _guide_list(request)
    if response.status_code == 200 and not response.cookies:
        cache.set(key, response.content, public_cache.PUBLIC_CACHE_SECONDS)
    return response


def _guide_list(request: HttpRequest) -> HttpResponse:
    departments = selectors.departments_with_items()
    form = GuideSearchForm(request.GET or None, departments=departments)
    items = selectors.item_list_public()
    query, event, agency = "", None, None
    if form.is_valid():
        query = form.cleaned_data["q"]
        agency = next((d for d in departments if d.pk == form.cleaned_data["agency"]), None)
        items = selectors.item_search(
            items,
            query=query,
            handling_type=form.cleaned_data["handling_type"],
            agency=agency.pk if agency else None,
        )
        event = life_event_get(form.cleaned_data["event"])
        if event is not None:
            items = selectors.items_for_life_event(items, event=event)
    elif form.is_bound:
        items = items.none()
    items = items.order_by("agency__path", "name")
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "catalog/portal_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "event": event,
            "agency": agency,
            "page_query": params.urlencode(),
        },
    )
