"""Forms of the case pages.  They only parse; the services decide (and raise field errors
that the views put back on the form)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xiaoneng.cases import services
from xiaoneng.cases.models import Case, Channel, ProcessStepRecord, SpecialProcedureKind
from xiaoneng.core.filter_fields import IsoDateInput
from xiaoneng.core.models import ApplicantKind, Organization, User
from xiaoneng.core.roles import Perm, Role


class WindowForm(forms.Form):
    """The window acceptance screen: item, applicant and channel."""

    item = forms.ChoiceField(label=_("Service item"))
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.WINDOW)
    applicant_kind = forms.ChoiceField(label=_("Applicant kind"), choices=ApplicantKind.choices)
    applicant_name = forms.CharField(label=_("Applicant name"), max_length=200)
    applicant_id_number = forms.CharField(label=_("ID number or credit code"), max_length=30)
    applicant_phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    title = forms.CharField(label=_("Subject"), max_length=300, required=False)
    is_green_channel = forms.BooleanField(label=_("Green channel (key project)"), required=False)

    def __init__(self, *args: Any, items: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["item"]).choices = items


class ApplyForm(forms.Form):
    """The portal's online application (signed-in applicants)."""

    title = forms.CharField(label=_("Subject"), max_length=300, required=False)


class EmptyForm(forms.Form):
    pass


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Written reason"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    legal_basis = forms.CharField(label=_("Legal basis"), required=False)


class SupplementRequestForm(forms.Form):
    materials = forms.CharField(
        label=_("Every missing material (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("List everything at once: a second notice breaks the one-time-notice rule."),
    )
    reason = forms.CharField(label=_("Note"), required=False)


class SupplementForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False)


class StartReviewForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Reviewer"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["assignee"]).queryset = User.objects.filter(
            is_active=True, organization=case.agency, roles__role=Role.REVIEWER
        ).distinct()


class FinishStepForm(forms.Form):
    step = forms.ModelChoiceField(
        label=_("Process step"), queryset=ProcessStepRecord.objects.none()
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["step"])
        field.queryset = ProcessStepRecord.objects.filter(
            case=case, finished_on__isnull=True
        ).select_related("step")
        field.label_from_instance = lambda r: f"{r.step.name} · {r.due_on}"  # type: ignore[method-assign,assignment]


class SpecialProcedureForm(forms.Form):
    kind = forms.ChoiceField(label=_("Special procedure"), choices=SpecialProcedureKind.choices)
    reason = forms.CharField(label=_("Reason"), required=False)
    expected_workdays = forms.IntegerField(
        label=_("Expected length (working days)"), min_value=1, max_value=365
    )


class EndSpecialProcedureForm(forms.Form):
    result = forms.CharField(label=_("Result"), required=False)


class ExtendForm(forms.Form):
    reason = forms.CharField(label=_("Reason told to the applicant"), required=False)
    approver = forms.ModelChoiceField(
        label=_("Approved by"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["approver"]).queryset = User.objects.filter(
            is_active=True,
            roles__role=Role.DEPARTMENT_HEAD,
            organization__path__startswith=case.agency.path,
        ).distinct()


class OpinionRequestForm(forms.Form):
    pass


class OpinionForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Organization.objects.none())
    opinion = forms.CharField(label=_("Opinion"), required=False)
    agrees = forms.BooleanField(label=_("Agrees"), required=False)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["department"]
        ).queryset = Organization.objects.filter(
            pk__in=case.opinions.filter(given_on__isnull=True).values("department_id")
        )


class ForwardForm(forms.Form):
    to = forms.CharField(label=_("Higher-level authority"), required=False)
    reason = forms.CharField(label=_("Note"), required=False)


class ForwardReplyForm(forms.Form):
    reply = forms.CharField(label=_("Reply"), required=False)


class ApproveForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False)
    legal_basis = forms.CharField(label=_("Legal basis"), required=False)
    fee_charged = forms.DecimalField(
        label=_("Fee charged (yuan)"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    went_ahead_reason = forms.CharField(
        label=_("Why the lead department goes ahead without every opinion"), required=False
    )


class DenyForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False)
    legal_basis = forms.CharField(label=_("Legal basis"), required=False)
    remedies = forms.CharField(
        label=_("Remedies"),
        required=False,
        initial=_("Administrative reconsideration within 60 days or a lawsuit within 6 months."),
    )
    went_ahead_reason = forms.CharField(
        label=_("Why the lead department goes ahead without every opinion"), required=False
    )


class DeliverForm(forms.Form):
    method = forms.CharField(label=_("Delivery method"), required=False)


class TerminateForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False)


Runner = Callable[[User, Case, dict[str, Any]], Case]

#: action → (label, form class, whether the form needs the case, runner)
ACTIONS: dict[str, tuple[Any, type[forms.Form], bool, Runner]] = {
    "accept": (
        _("Accept"),
        EmptyForm,
        False,
        lambda u, c, d: services.case_accept(actor=u, case=c),
    ),
    "request_supplement": (
        _("One-time supplement notice"),
        SupplementRequestForm,
        False,
        lambda u, c, d: services.case_request_supplement(
            actor=u, case=c, materials=(d["materials"] or "").splitlines(), reason=d["reason"]
        ),
    ),
    "supplement": (
        _("Materials supplemented"),
        SupplementForm,
        False,
        lambda u, c, d: services.case_supplement(actor=u, case=c, note=d["note"]),
    ),
    "refuse": (
        _("Refuse to accept"),
        RefuseForm,
        False,
        lambda u, c, d: services.case_refuse(actor=u, case=c, **d),
    ),
    "start_review": (
        _("Start review"),
        StartReviewForm,
        True,
        lambda u, c, d: services.case_start_review(actor=u, case=c, assignee=d["assignee"]),
    ),
    "finish_step": (
        _("Finish a process step"),
        FinishStepForm,
        True,
        lambda u, c, d: services.case_finish_step(actor=u, case=c, step_record=d["step"]),
    ),
    "start_special_procedure": (
        _("Start special procedure"),
        SpecialProcedureForm,
        False,
        lambda u, c, d: services.case_start_special_procedure(actor=u, case=c, **d),
    ),
    "end_special_procedure": (
        _("End special procedure"),
        EndSpecialProcedureForm,
        False,
        lambda u, c, d: services.case_end_special_procedure(actor=u, case=c, **d),
    ),
    "extend": (
        _("Extend the time limit"),
        ExtendForm,
        True,
        lambda u, c, d: services.case_extend(
            actor=u, case=c, reason=d["reason"], approver=d["approver"]
        ),
    ),
    "request_opinions": (
        _("Request co-department opinions"),
        OpinionRequestForm,
        False,
        lambda u, c, d: services.case_request_opinions(actor=u, case=c),
    ),
    "give_opinion": (
        _("Record an opinion"),
        OpinionForm,
        True,
        lambda u, c, d: services.case_give_opinion(actor=u, case=c, **d),
    ),
    "forward": (
        _("Forward to the higher level"),
        ForwardForm,
        False,
        lambda u, c, d: services.case_forward(actor=u, case=c, **d),
    ),
    "forward_reply": (
        _("Record the reply"),
        ForwardReplyForm,
        False,
        lambda u, c, d: services.case_forward_reply(actor=u, case=c, **d),
    ),
    "approve": (
        _("Approve"),
        ApproveForm,
        False,
        lambda u, c, d: services.case_approve(
            actor=u,
            case=c,
            reason=d["reason"],
            legal_basis=d["legal_basis"],
            fee_charged=d["fee_charged"] or 0,
            went_ahead_reason=d["went_ahead_reason"],
        ),
    ),
    "deny": (_("Deny"), DenyForm, False, lambda u, c, d: services.case_deny(actor=u, case=c, **d)),
    "deliver": (
        _("Deliver"),
        DeliverForm,
        False,
        lambda u, c, d: services.case_deliver(actor=u, case=c, **d),
    ),
    "close": (
        pgettext_lazy("case", "Close"),
        EmptyForm,
        False,
        lambda u, c, d: services.case_close(actor=u, case=c),
    ),
    "withdraw": (
        _("Withdrawn by the applicant"),
        ReasonForm,
        False,
        lambda u, c, d: services.case_withdraw(actor=u, case=c, **d),
    ),
    "terminate": (
        _("Terminate"),
        TerminateForm,
        False,
        lambda u, c, d: services.case_terminate(actor=u, case=c, **d),
    ),
}
#: Perms for actions not in selectors.ACTION_PERMS.
EXTRA_PERMS = {"give_opinion": (Perm.CASE_REVIEW, Perm.CASE_COORDINATE)}


class MeetingForm(forms.Form):
    """A joint review meeting (联席会议): date, departments present, projects, problems."""

    held_on = forms.DateField(label=_("Held on"), widget=IsoDateInput())
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments present"),
        queryset=Organization.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    cases = forms.CharField(
        label=_("Projects (case numbers)"),
        required=False,
        help_text=_("Separate numbers with spaces, commas or new lines."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    problems = forms.CharField(
        label=_("Problems discussed"), widget=forms.Textarea(attrs={"rows": 3})
    )
    solutions = forms.CharField(
        label=_("How they were solved"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    problems_solved = forms.IntegerField(
        label=_("Number of problems solved"), min_value=0, initial=0
    )

    def __init__(self, *args: Any, departments: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if departments is not None:
            self.fields["departments"].queryset = departments  # type: ignore[attr-defined]

    def clean_cases(self) -> list[str]:
        raw = self.cleaned_data.get("cases") or ""
        return [n for n in raw.replace(",", " ").replace("，", " ").split() if n]
