"""Public pages: submit a complaint (limited per address), track it by number + code and rate
the handling, rate a case, ask a question and read published answers, rating figures."""

from __future__ import annotations

from django import forms as django_forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xiaoneng.complaints import forms, selectors, services
from xiaoneng.complaints.workflow import Status
from xiaoneng.core.errors import DomainError
from xiaoneng.core.middleware import client_ip


def _apply_errors(form: django_forms.Form, error: DomainError) -> None:
    for field, message in error.errors:
        form.add_error(field if field in form.fields else None, str(message))


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "portal_complaints/index.html")


def submit(request: HttpRequest) -> HttpResponse:
    form = forms.ComplaintForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        account = request.user if request.user.is_authenticated else None
        try:
            complaint = services.complaint_submit(
                actor=None,
                channel="web",
                category=data["category"],
                unit=data["unit"],
                title=data["title"],
                description=data["description"],
                is_anonymous=data["is_anonymous"],
                complainant_name=data["complainant_name"],
                complainant_phone=data["complainant_phone"],
                person_name=data["person_name"],
                attachments=data["attachments"],
                source_ip=client_ip(request),
                account=account,
            )
        except DomainError as error:
            _apply_errors(form, error)
        else:
            # Shown once and never put in a URL: the code is stored only hashed.
            return render(
                request,
                "portal_complaints/submitted.html",
                {"complaint": complaint, "code": complaint.plain_tracking_code},
            )
    return render(request, "portal_complaints/submit.html", {"form": form})


def track(request: HttpRequest) -> HttpResponse:
    form = forms.TrackForm(request.POST or None)
    complaint = rate_form = None
    if request.method == "POST" and "satisfaction" in request.POST:
        rate_form = forms.RateReplyForm(request.POST)
        if rate_form.is_valid():
            data = rate_form.cleaned_data
            try:
                services.complaint_rate_reply(
                    number=data["number"],
                    code=data["code"],
                    satisfaction=data["satisfaction"],
                    note=data["note"],
                )
            except DomainError as error:
                _apply_errors(rate_form, error)
        form = forms.TrackForm(
            {"number": request.POST.get("number", ""), "code": request.POST.get("code", "")}
        )
    if request.method == "POST" and form.is_valid():
        try:
            complaint = selectors.complaint_track(
                number=form.cleaned_data["number"], code=form.cleaned_data["code"]
            )
        except DomainError as error:
            _apply_errors(form, error)
    if complaint is not None and complaint.status == Status.REPLIED:
        if rate_form is None or not rate_form.errors:
            rate_form = forms.RateReplyForm(
                initial={"number": complaint.number, "code": form.cleaned_data["code"]}
            )
    else:
        rate_form = None
    return render(
        request,
        "portal_complaints/track.html",
        {
            "form": form,
            "complaint": complaint,
            "rate_form": rate_form,
            "events": complaint.events.all() if complaint else [],
        },
    )


def rate(request: HttpRequest) -> HttpResponse:
    form = forms.RatingForm(
        request.POST or None, initial={"case_number": request.GET.get("case", "")[:40]}
    )
    rating = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rating = services.rating_submit(
                case_number=data["case_number"],
                window=data["window"],
                channel=data["channel"],
                overall=data["overall"],
                dimensions=form.dimensions(),
                comment=data["comment"],
                rater_name=data["rater_name"],
                rater_phone=data["rater_phone"],
                source_ip=client_ip(request),
            )
        except DomainError as error:
            _apply_errors(form, error)
    return render(request, "portal_complaints/rate.html", {"form": form, "rating": rating})


def rating_figures(request: HttpRequest) -> HttpResponse:
    by_window = request.GET.get("by") == "window"
    return render(
        request,
        "portal_complaints/ratings.html",
        {"figures": selectors.rating_public_figures(by_window=by_window), "by_window": by_window},
    )


def ask(request: HttpRequest) -> HttpResponse:
    form = forms.AskForm(request.POST or None)
    consultation = None
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.consultation_ask(
                source_ip=client_ip(request), **form.cleaned_data
            )
        except DomainError as error:
            _apply_errors(form, error)
    return render(
        request, "portal_complaints/ask.html", {"form": form, "consultation": consultation}
    )


def questions(request: HttpRequest) -> HttpResponse:
    form = forms.SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = Paginator(selectors.consultation_published(query=query), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request, "portal_complaints/questions.html", {"form": form, "page": page, "query": query}
    )
