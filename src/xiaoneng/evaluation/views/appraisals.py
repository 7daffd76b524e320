"""Democratic appraisal (民主评议政风行风) and results applied (结果运用) pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.core.access import government_of, user_has_perm, user_may
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.excel import XLSX_MIME
from xiaoneng.core.roles import Perm
from xiaoneng.evaluation.models import AppraisalGroup, Indicator, Recommendation
from xiaoneng.evaluation.office_forms import (
    AppraisalForm,
    AppraisalLinkForm,
    ResultApplicationForm,
)
from xiaoneng.evaluation.selectors.appraisals import (
    appraisal_get_for_user,
    appraisal_list,
    appraisal_results,
)
from xiaoneng.evaluation.selectors.results import result_application_list
from xiaoneng.evaluation.selectors.rounds import round_list
from xiaoneng.evaluation.services import appraisals as services
from xiaoneng.evaluation.services import results as result_services
from xiaoneng.evaluation.views.common import attempt, require, units_for
from xiaoneng.evaluation.workflow import RoundStatus


@login_required
def appraisals(request: HttpRequest) -> HttpResponse:
    require(request, Perm.EVALUATION_VIEW, Perm.SURVEY_MANAGE)
    form = None
    if user_has_perm(request.user, Perm.SURVEY_MANAGE) and request.user.organization:
        form = AppraisalForm(
            request.POST or None,
            units=units_for(request, Perm.SURVEY_MANAGE),
            initial={"year": timezone.localdate().year},
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            created = attempt(
                request,
                form,
                lambda: services.appraisal_create(
                    actor=request.user,
                    title=data["title"],
                    year=data["year"],
                    owner=government_of(request.user.organization),
                    units=list(data["units"]),
                    weights=form.weights(),
                ),
            )
            if created:
                return redirect("evaluation:appraisal", pk=created.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "evaluation/appraisals.html",
        {"appraisals": appraisal_list(user=request.user)[:100], "form": form},
    )


@login_required
def appraisal(request: HttpRequest, pk: int) -> HttpResponse:
    item = appraisal_get_for_user(user=request.user, pk=pk)
    may_link = item.round_id is None and user_may(request.user, Perm.EVALUATION_MANAGE, item.owner)
    form = None
    if may_link:
        form = AppraisalLinkForm(
            request.POST or None,
            rounds=round_list(user=request.user).filter(
                year=item.year, status__in=[RoundStatus.DRAFT, RoundStatus.SCORING]
            ),
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            evaluation_round = form.cleaned_data["round"]
            indicator = Indicator.objects.filter(
                system=evaluation_round.system, code=form.cleaned_data["indicator"].strip()
            ).first()

            def link():  # type: ignore[no-untyped-def]
                if indicator is None:
                    raise InvalidInput(
                        _("No such indicator in the round's system."), field="indicator"
                    )
                return services.appraisal_link(
                    actor=request.user,
                    appraisal=item,
                    evaluation_round=evaluation_round,
                    indicator=indicator,
                )

            if attempt(request, form, link, _("Linked.")):
                return redirect("evaluation:appraisal", pk=item.pk)
    return render(
        request,
        "evaluation/appraisal.html",
        {
            "appraisal": item,
            "results": appraisal_results(appraisal=item),
            "groups": AppraisalGroup.choices,
            "weights": item.weights,
            "form": form,
        },
    )


@login_required
def results_applied(request: HttpRequest) -> HttpResponse:
    require(request, Perm.EVALUATION_VIEW)
    records = result_application_list(user=request.user)
    unit_id = request.GET.get("unit") or ""
    if unit_id.isdigit():
        records = records.filter(unit_id=int(unit_id))
    if request.GET.get("export") == "xlsx":
        content = result_services.results_export_xlsx(actor=request.user, records=list(records))
        response = HttpResponse(content, content_type=XLSX_MIME)
        response["Content-Disposition"] = 'attachment; filename="results-applied.xlsx"'
        return response
    form = None
    if user_has_perm(request.user, Perm.EVALUATION_MANAGE):
        rounds = round_list(user=request.user).filter(status=RoundStatus.PUBLISHED)
        appraisals = appraisal_list(user=request.user)
        sources = [(f"round:{r.pk}", str(r)) for r in rounds] + [
            (f"appraisal:{a.pk}", str(a)) for a in appraisals
        ]
        form = ResultApplicationForm(
            request.POST or None,
            sources=sources,
            units=units_for(request, Perm.EVALUATION_MANAGE),
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            kind, _sep, source_pk = data["source"].partition(":")
            created = attempt(
                request,
                form,
                lambda: result_services.result_application_record(
                    actor=request.user,
                    evaluation_round=rounds.filter(pk=source_pk).first()
                    if kind == "round"
                    else None,
                    appraisal=appraisals.filter(pk=source_pk).first()
                    if kind == "appraisal"
                    else None,
                    unit=data["unit"],
                    leader=data["leader"],
                    recommendation=data["recommendation"],
                    reason=data["reason"],
                ),
                _("Recorded."),
            )
            if created:
                return redirect("evaluation:results_applied")
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "evaluation/results_applied.html",
        {
            "records": records[:300],
            "form": form,
            "recommendations": Recommendation.choices,
        },
    )
