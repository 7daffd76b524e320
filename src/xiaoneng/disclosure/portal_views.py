"""Public pages of disclosure, no sign-in: figures, archive, catalogue, 点题 and the issued
public work bulletins."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiaoneng.core.errors import DomainError, InvalidInput
from xiaoneng.core.middleware import client_ip
from xiaoneng.disclosure import selectors, services
from xiaoneng.disclosure.forms import CatalogueSearchForm, TopicForm
from xiaoneng.disclosure.models import Attachment, FigureSnapshot
from xiaoneng.disclosure.publicity import selectors as publicity
from xiaoneng.disclosure.visitors import visitor_of


def figures(request: HttpRequest) -> HttpResponse:
    month_text = request.GET.get("month", "")
    snapshots = selectors.snapshot_list()
    snapshot: FigureSnapshot | None
    if month_text:
        try:
            snapshot = selectors.snapshot_get(month=date.fromisoformat(f"{month_text}-01"))
        except ValueError as exc:
            raise InvalidInput(_("Enter a month as YYYY-MM."), field="month") from exc
    else:
        snapshot = snapshots.first()
    return render(
        request,
        "disclosure/portal/figures.html",
        {"snapshot": snapshot, "archive": snapshots.only("month", "published_at")},
    )


def catalogue(request: HttpRequest) -> HttpResponse:
    form = CatalogueSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    items = selectors.item_list_public(category=data.get("category", ""), query=data.get("q", ""))
    page = Paginator(items, 20).get_page(request.GET.get("page"))
    return render(request, "disclosure/portal/catalogue.html", {"form": form, "page": page})


def item(request: HttpRequest, pk: int) -> HttpResponse:
    return render(
        request, "disclosure/portal/item.html", {"item": selectors.item_get_public(pk=pk)}
    )


def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    published = selectors.item_get_public(pk=pk)
    row = get_object_or_404(Attachment, pk=attachment_pk, item=published)
    return FileResponse(
        row.file.open("rb"), as_attachment=True, filename=row.name, content_type=row.content_type
    )


def topics(request: HttpRequest) -> HttpResponse:
    form = TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.topic_propose(
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                unit=form.cleaned_data["unit"],
                proposer=visitor_of(request),
                ip=client_ip(request),
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(
                request, _("Thank you: your topic %(n)s is published.") % {"n": topic.number}
            )
            return redirect("portal_disclosure:topics")
    page = Paginator(selectors.topic_list_public(), 20).get_page(request.GET.get("page"))
    return render(request, "disclosure/portal/topics.html", {"form": form, "page": page})


@require_POST
def topic_support(request: HttpRequest, number: str) -> HttpResponse:
    topic = selectors.topic_get(number=number)
    try:
        services.topic_support(topic=topic, supporter=visitor_of(request))
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Thank you for your support."))
    return redirect("portal_disclosure:topics")


def bulletins(request: HttpRequest) -> HttpResponse:
    page = Paginator(publicity.bulletin_list_public(), 20).get_page(request.GET.get("page"))
    return render(request, "disclosure/portal/bulletins.html", {"page": page})


def bulletin(request: HttpRequest, pk: int) -> HttpResponse:
    return render(
        request,
        "disclosure/portal/bulletin.html",
        {"bulletin": publicity.bulletin_get_public(pk=pk)},
    )
