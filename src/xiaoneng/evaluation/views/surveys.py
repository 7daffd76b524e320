"""Surveys: list and create, detail with index and distribution, comparison, public answers."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from xiaoneng.core.access import government_of
from xiaoneng.core.audit import audit
from xiaoneng.core.charts import bar_chart
from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.core.excel import Sheet, xlsx_response
from xiaoneng.core.roles import Perm
from xiaoneng.evaluation.forms import IssueForm, QuestionForm, SurveyForm
from xiaoneng.evaluation.models import Dimension, Question, RespondentKind
from xiaoneng.evaluation.selectors.surveys import (
    invitation_by_token,
    satisfaction_index,
    survey_get_for_user,
    survey_list,
)
from xiaoneng.evaluation.services import surveys as services
from xiaoneng.evaluation.views.common import attempt, require, units_for
from xiaoneng.evaluation.workflow import SurveyStatus


@login_required
def surveys(request: HttpRequest) -> HttpResponse:
    require(request, Perm.SURVEY_MANAGE)
    form = SurveyForm(request.POST or None, units=units_for(request, Perm.SURVEY_MANAGE))
    if request.method == "POST" and form.is_valid():
        created = attempt(
            request,
            form,
            lambda: services.survey_create(
                actor=request.user,
                owner=government_of(request.user.organization),
                **form.cleaned_data,
            ),
        )
        if created:
            return redirect("evaluation:survey", pk=created.pk)
    rows = [(s, satisfaction_index(survey=s)) for s in survey_list(user=request.user)]
    return render(request, "evaluation/surveys.html", {"rows": rows, "form": form})


def _questions(survey):  # type: ignore[no-untyped-def]
    return Question.objects.filter(section__survey=survey).select_related("section")


@login_required
def survey(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, Perm.SURVEY_MANAGE)
    found = survey_get_for_user(user=request.user, pk=pk)
    issue_form = IssueForm(request.POST if request.POST.get("action") == "issue" else None)
    question_form = QuestionForm(request.POST if request.POST.get("action") == "question" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        if action in (SurveyStatus.OPEN, SurveyStatus.CLOSED):
            attempt(
                request,
                None,
                lambda: services.survey_set_status(actor=request.user, survey=found, status=action),
                _("Done."),
            )
            return redirect("evaluation:survey", pk=pk)
        if action == "issue" and issue_form.is_valid():
            names = [
                n.strip() for n in issue_form.cleaned_data["enterprises"].splitlines() if n.strip()
            ]
            if attempt(
                request,
                issue_form,
                lambda: services.survey_issue(
                    actor=request.user,
                    survey=found,
                    respondents=[(RespondentKind.ENTERPRISE, n) for n in names],
                    anonymous_links=issue_form.cleaned_data["anonymous_links"] or 0,
                ),
                _("Questionnaires issued."),
            ):
                return redirect("evaluation:survey", pk=pk)
        if action == "question" and question_form.is_valid():
            data = question_form.cleaned_data
            if attempt(
                request,
                question_form,
                lambda: services.question_add(
                    actor=request.user,
                    survey=found,
                    section_title=data["section_title"],
                    text=data["text"],
                    kind=data["kind"],
                    dimension=data["dimension"],
                    minimum=data["minimum"] if data["minimum"] is not None else Decimal("0"),
                    maximum=data["maximum"] if data["maximum"] is not None else Decimal("10"),
                    is_reversed=data["is_reversed"],
                ),
                _("Question added."),
            ):
                return redirect("evaluation:survey", pk=pk)
        if action == "paper":
            values = {q.pk: request.POST.get(f"q{q.pk}", "") for q in _questions(found)}
            if attempt(
                request,
                None,
                lambda: services.survey_answer_paper(
                    actor=request.user,
                    survey=found,
                    values=values,
                    respondent_name=request.POST.get("respondent_name", ""),
                ),
                _("Paper answers recorded."),
            ):
                return redirect("evaluation:survey", pk=pk)
    index = satisfaction_index(survey=found)
    labels = {d.value: d.label for d in Dimension}
    dims = [(labels[d], v) for d, v in index.by_dimension.items()]
    chart = (
        bar_chart(
            [str(d) for d, _v in dims],
            [float(v or 0) for _d, v in dims],
            title=_("Satisfaction index by dimension"),
        )
        if dims
        else ""
    )
    if request.GET.get("export") == "links":
        audit(actor=request.user, action="survey.links.export", obj=found)
        base = request.build_absolute_uri("/evaluation/survey/")
        return xlsx_response(
            f"survey-{found.pk}-links.xlsx",
            [
                Sheet(
                    title=_("Links"),
                    headers=[_("Respondent"), _("Link"), _("Returned")],
                    rows=[
                        [
                            i.respondent_name or i.get_respondent_kind_display(),
                            f"{base}{i.token}/",
                            _("yes") if i.returned_at else _("no"),
                        ]
                        for i in found.invitations.all()
                    ],
                )
            ],
        )
    return render(
        request,
        "evaluation/survey.html",
        {
            "survey": found,
            "index": index,
            "dims": dims,
            "chart": chart,
            "questions": _questions(found),
            "issue_form": issue_form,
            "question_form": question_form,
            "invitations": found.invitations.order_by("-id")[:20],
        },
    )


@login_required
def survey_compare(request: HttpRequest) -> HttpResponse:
    """Indices of several surveys side by side: units or periods compared."""
    require(request, Perm.SURVEY_MANAGE)
    chosen = request.GET.getlist("s")
    surveys_all = survey_list(user=request.user)
    selected = [s for s in surveys_all if str(s.pk) in chosen] or list(surveys_all[:6])
    rows = [(s, satisfaction_index(survey=s)) for s in selected]
    dims = [d for d in Dimension if any(i.by_dimension.get(d.value) is not None for _s, i in rows)]
    table = [(s, i, [i.by_dimension.get(d.value) for d in dims]) for s, i in rows]
    chart = (
        bar_chart(
            [s.title for s, _i in rows],
            [float(i.overall or 0) for _s, i in rows],
            title=_("Overall satisfaction index"),
        )
        if rows
        else ""
    )
    return render(
        request,
        "evaluation/survey_compare.html",
        {
            "table": table,
            "dims": dims,
            "chart": chart,
            "all": surveys_all,
            "chosen": [str(s.pk) for s in selected],
        },
    )


def survey_answer_public(request: HttpRequest, token: str) -> HttpResponse:
    """Portal: a respondent answers one issued copy by its secret link, without an account."""
    try:
        invitation = invitation_by_token(token=token)
    except NotFound:
        return render(request, "evaluation/portal_survey.html", {"invalid": True}, status=404)
    questions = list(_questions(invitation.survey))
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = {q.pk: request.POST.get(f"q{q.pk}", "") for q in questions}
        try:
            services.survey_answer(invitation=invitation, values=values)
        except DomainError as error:
            errors = {str(f): str(m) for f, m in error.errors}
        else:
            messages.success(request, _("Thank you: your answers have been recorded."))
            return redirect("portal_evaluation:survey_answer", token=token)
    return render(
        request,
        "evaluation/portal_survey.html",
        {
            "invitation": invitation,
            "survey": invitation.survey,
            "errors": errors,
            "rows": [
                (q, errors.get(f"q{q.pk}"), request.POST.get(f"q{q.pk}", "")) for q in questions
            ],
            "is_open": invitation.survey.status == SurveyStatus.OPEN,
        },
    )


def survey_start(request: HttpRequest) -> HttpResponse:
    """Portal: enter the code printed on an invitation to open its questionnaire."""
    code = request.GET.get("code", "").strip()
    if code:
        return redirect("portal_evaluation:survey_answer", token=code)
    return render(request, "evaluation/portal_survey_start.html")
