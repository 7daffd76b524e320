"""Workbench pages of the catalog: list with compression ratios, item with versions, edit (a new
version), suspend/cancel/reactivate with a reason, Excel import with row errors, and export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiaoneng.catalog import selectors, services
from xiaoneng.catalog.forms import (
    ImportForm,
    ItemCreateForm,
    ItemForm,
    KeywordsForm,
    SearchForm,
    StatusForm,
)
from xiaoneng.catalog.models import ServiceItem
from xiaoneng.core.access import organizations_visible, user_has_perm, user_may
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.core.excel import xlsx_response
from xiaoneng.core.models import User
from xiaoneng.core.roles import Perm


def _require(request: HttpRequest, perm: str) -> None:
    if not user_has_perm(request.user, perm):
        raise PermissionDenied


def _can_view(request: HttpRequest) -> None:
    if not (
        user_has_perm(request.user, Perm.CATALOG_VIEW)
        or user_has_perm(request.user, Perm.CATALOG_MANAGE)
    ):
        raise PermissionDenied


def _actor(request: HttpRequest) -> User:
    """The signed-in staff member (pages are behind login_required)."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def _item(request: HttpRequest, code: str) -> ServiceItem:
    try:
        return selectors.item_get(user=request.user, implementation_code=code)
    except NotFound as error:
        raise Http404(str(error.message)) from error


@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    _can_view(request)
    items = selectors.item_list_for_user(user=request.user)
    if request.GET.get("export") == "xlsx":
        audit(
            actor=_actor(request),
            action="catalog.export",
            object_type="catalog.serviceitem",
            detail={"items": items.count()},
        )
        return xlsx_response("catalog.xlsx", services.catalog_export_sheets(items))
    form = SearchForm(request.GET or None)
    filtered = items
    if form.is_valid():
        filtered = selectors.item_search(
            items,
            query=form.cleaned_data["q"],
            status=form.cleaned_data["status"],
            handling_type=form.cleaned_data["handling_type"],
        )
    filtered = filtered.order_by("agency__path", "implementation_code")
    page = Paginator(filtered, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "catalog/list.html",
        {
            "form": form,
            "page": page,
            "overall": selectors.compression_overall(filtered),
            "can_manage": user_has_perm(request.user, Perm.CATALOG_MANAGE),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def item_detail(request: HttpRequest, code: str, version: int | None = None) -> HttpResponse:
    _can_view(request)
    item = _item(request, code)
    if version is None:
        shown = item.current_version
    else:
        try:
            shown = selectors.version_get(
                user=request.user, implementation_code=code, version=version
            )
        except NotFound as error:
            raise Http404(str(error.message)) from error
    assert shown is not None
    may_manage = user_may(request.user, Perm.CATALOG_MANAGE, item.agency)
    return render(
        request,
        "catalog/detail.html",
        {
            "item": item,
            "version": selectors.version_with_details(shown),
            "versions": selectors.item_versions(item=item),
            "is_current": shown.pk == item.current_version_id,
            "can_manage": may_manage,
            "status_form": StatusForm() if may_manage else None,
            "keywords_form": KeywordsForm(initial={"keywords": item.keywords})
            if may_manage
            else None,
        },
    )


@login_required
@require_POST
def item_keywords(request: HttpRequest, code: str) -> HttpResponse:
    """Set the words the portal search finds the item by (catalog.services.item_set_keywords)."""
    item = _item(request, code)
    if not user_may(request.user, Perm.CATALOG_MANAGE, item.agency):
        raise PermissionDenied
    form = KeywordsForm(request.POST)
    if form.is_valid():
        try:
            services.item_set_keywords(
                actor=_actor(request), item=item, keywords=form.cleaned_data["keywords"]
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The search keywords were saved."))
    else:
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, str(message))
    return redirect("catalog:detail", code=item.implementation_code)


@login_required
def item_create(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.CATALOG_MANAGE)
    agencies = organizations_visible(request.user, Perm.CATALOG_MANAGE).order_by("path")
    form = ItemCreateForm(
        request.POST or None,
        agencies=agencies,
        initial={"handling_type": "promised", "item_type": "01"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create(
                actor=_actor(request),
                agency=form.cleaned_data["agency"],
                basic_code=form.cleaned_data["basic_code"],
                implementation_code=form.cleaned_data["implementation_code"],
                change_reason=form.cleaned_data.get("change_reason") or "",
                **form.content(),
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The item was created."))
            return redirect("catalog:detail", code=item.implementation_code)
    return render(request, "catalog/form.html", {"form": form, "item": None})


@login_required
def item_revise(request: HttpRequest, code: str) -> HttpResponse:
    item = _item(request, code)
    if not user_may(request.user, Perm.CATALOG_MANAGE, item.agency):
        raise PermissionDenied
    assert item.current_version is not None
    version = selectors.version_with_details(item.current_version)
    form = ItemForm(
        request.POST or None, agency=item.agency, initial=ItemForm.initial_from(version)
    )
    if request.method == "POST" and form.is_valid():
        try:
            new = services.item_revise(
                actor=_actor(request),
                item=item,
                change_reason=form.cleaned_data["change_reason"],
                **form.content(),
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Version %(n)d is now current.") % {"n": new.version})
            return redirect("catalog:detail", code=item.implementation_code)
    return render(request, "catalog/form.html", {"form": form, "item": item})


@login_required
@require_POST
def item_status(request: HttpRequest, code: str) -> HttpResponse:
    item = _item(request, code)
    if not user_may(request.user, Perm.CATALOG_MANAGE, item.agency):
        raise PermissionDenied
    form = StatusForm(request.POST)
    if form.is_valid():
        action = {
            "suspend": services.item_suspend,
            "cancel": services.item_cancel,
            "reactivate": services.item_reactivate,
        }[form.cleaned_data["action"]]
        try:
            action(actor=_actor(request), item=item, reason=form.cleaned_data["reason"])
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request, _("The item is now %(status)s.") % {"status": item.get_status_display()}
            )
            return redirect("catalog:detail", code=item.implementation_code)
    else:
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, str(message))
    return redirect("catalog:detail", code=item.implementation_code)


@login_required
def catalog_import(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.CATALOG_MANAGE)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = services.catalog_import(
                actor=_actor(request), data=form.cleaned_data["file"].read()
            )
        except DomainError as error:
            form.add_error("file", str(error.message))
        else:
            if report.ok:
                messages.success(
                    request,
                    _("Imported: %(c)d created, %(u)d updated.")
                    % {"c": report.created, "u": report.updated},
                )
                return redirect("catalog:list")
    return render(request, "catalog/import.html", {"form": form, "report": report})
