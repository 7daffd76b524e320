"""Simple registers of self-government (rule 8) and service (rule 9), one generic use case.

Each register is a model with a community and a few fields; creating an entry validates the
fields with the model's form (so pages and API give the same field-level reasons), checks that
the actor records for that community, and writes the audit record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from xiaoneng.community.models import (
    AdmissionRequest,
    AgencyService,
    Approval,
    BuildingGroup,
    Deliberation,
    Disclosure,
    DutyShift,
    EvaluationActivity,
    ForumTopic,
    GridArea,
    GuidanceRecord,
    Hearing,
    HouseholdVisit,
    LedgerDemand,
    MutualAidPairing,
    RegisterCorrection,
    ResidentRequest,
    ServicePledge,
    SupervisedOrganisation,
    ViolationRule,
    Volunteer,
    WorkingBody,
)
from xiaoneng.community.services.common import clean_text, require, require_community
from xiaoneng.community.services.compliance import violation_record
from xiaoneng.community.workflow import AdmissionStatus
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import InvalidInput, NotFound
from xiaoneng.core.filter_fields import IsoDateInput
from xiaoneng.core.models import Organization, OrganizationKind, User
from xiaoneng.core.roles import Perm


def set_queryset(form: forms.BaseForm, name: str, queryset: models.QuerySet) -> None:
    """Limit the choices of a model-choice field of `form`."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


def _community_staff(form: forms.ModelForm, community: Organization) -> None:
    set_queryset(form, "staff", User.objects.filter(organization=community, is_active=True))


NOT_DEPARTMENTS = (OrganizationKind.COMMUNITY,)


def _departments(form: forms.ModelForm, community: Organization) -> None:
    set_queryset(
        form,
        "department",
        Organization.objects.exclude(kind__in=NOT_DEPARTMENTS).order_by("level", "name"),
    )


def _departments_and_admissions(form: forms.ModelForm, community: Organization) -> None:
    _departments(form, community)
    set_queryset(
        form,
        "admission",
        AdmissionRequest.objects.filter(communities=community).order_by("-submitted_on", "-id"),
    )


# The outcome an admission request's final status stands for.
ADMISSION_OUTCOME = {
    AdmissionStatus.APPROVED: Approval.APPROVED,
    AdmissionStatus.REFUSED: Approval.REFUSED,
}


def _approval_through_admission(form: forms.ModelForm, community: Organization) -> None:
    """Rules 2, 4 and 6 (民发〔2015〕136号): a ledger, report or evaluation activity demanded of a
    community is approved or refused only through the admission flow (准入: street office, then
    the district civil-affairs bureau). So an approved or refused entry names the decided
    admission request of the same department for this community, and its approval is that
    request's outcome; an entry without one is "demanded without approval" (a violation)."""
    data = form.cleaned_data
    admission: AdmissionRequest | None = data.get("admission")
    approval = data.get("approval")
    if admission is None:
        if approval in (Approval.APPROVED, Approval.REFUSED):
            form.add_error(
                "admission",
                gettext(
                    "An approval or refusal comes from the admission flow: choose the "
                    "admission request that decided it, or record the demand as made "
                    "without approval."
                ),
            )
        return
    outcome = ADMISSION_OUTCOME.get(admission.status)  # type: ignore[call-overload]
    if outcome is None:
        form.add_error(
            "admission",
            gettext("Admission request “%(task)s” is not decided yet (%(status)s).")
            % {"task": admission.task_name, "status": admission.get_status_display()},
        )
    elif data.get("department") is not None and admission.department_id != data["department"].pk:
        form.add_error(
            "admission",
            gettext("Admission request “%(task)s” was made by another department.")
            % {"task": admission.task_name},
        )
    elif approval != outcome:
        form.add_error(
            "approval",
            (
                gettext("Admission request “%(task)s” was approved: record the demand as approved.")
                if outcome == Approval.APPROVED
                else gettext(
                    "Admission request “%(task)s” was refused: record the demand as refused."
                )
            )
            % {"task": admission.task_name},
        )


def _organisations(form: forms.ModelForm, community: Organization) -> None:
    set_queryset(form, "organisation", SupervisedOrganisation.objects.filter(community=community))


def _flag_unapproved(rule: str, what: str) -> Callable[[models.Model], None]:
    """Rules 4 and 6: a ledger, report or evaluation demanded without approval is a violation
    of the demanding department (a refused demand is recorded, the community does not keep it)."""

    def check(entry: models.Model) -> None:
        if entry.approval == Approval.NOT_ASKED:  # type: ignore[attr-defined]
            violation_record(
                rule=rule,
                offender=entry.department,  # type: ignore[attr-defined]
                community=entry.community,  # type: ignore[attr-defined]
                occurred_on=getattr(entry, "demanded_on", None) or entry.requested_on,  # type: ignore[attr-defined]
                description=f"{what}：{entry}",
                source=entry,
            )

    return check


def _flag_working_body(entry: models.Model) -> None:
    """Rule 3: no working bodies or plaques of departments in a community: always flagged."""
    violation_record(
        rule=ViolationRule.WORKING_BODY,
        offender=entry.department,  # type: ignore[attr-defined]
        community=entry.community,  # type: ignore[attr-defined]
        occurred_on=entry.requested_on,  # type: ignore[attr-defined]
        description=f"{entry}",
        source=entry,
    )


@dataclass(frozen=True)
class RegisterSpec:
    key: str
    model: type[models.Model]
    fields: tuple[str, ...]
    label: Promise
    group: Promise
    columns: tuple[str, ...] = ()
    prepare: Callable[[forms.ModelForm, Organization], None] | None = None
    widgets: dict[str, Any] = field(default_factory=dict)
    # called inside the transaction after an entry is created or corrected (flags violations)
    after_save: Callable[[models.Model], None] | None = None
    # rules across fields, after the form's own validation; adds errors to the form
    validate: Callable[[forms.ModelForm, Organization], None] | None = None


SELF_GOVERNMENT = _("Self-government")
SERVICE = pgettext_lazy("community", "Service")
BURDEN = _("Burden on the committee")
DISCLOSURE = _("Community affairs disclosed")
DATE = IsoDateInput()

REGISTERS: dict[str, RegisterSpec] = {
    spec.key: spec
    for spec in [
        RegisterSpec(
            "deliberations",
            Deliberation,
            ("kind", "held_on", "topic", "participants", "decision"),
            _("Residents' meetings and deliberation"),
            SELF_GOVERNMENT,
            ("held_on", "kind", "topic", "decision"),
            widgets={"held_on": DATE},
        ),
        RegisterSpec(
            "hearings",
            Hearing,
            ("held_on", "subject", "parties", "outcome"),
            _("Hearings"),
            SELF_GOVERNMENT,
            ("held_on", "subject", "outcome"),
            widgets={"held_on": DATE},
        ),
        RegisterSpec(
            "forum",
            ForumTopic,
            ("title", "body", "author_name"),
            _("Online forum"),
            SELF_GOVERNMENT,
            ("title", "author_name", "is_hidden"),
        ),
        RegisterSpec(
            "building-groups",
            BuildingGroup,
            ("building", "leader_name", "member_count", "rules"),
            _("Building autonomy groups"),
            SELF_GOVERNMENT,
            ("building", "leader_name", "member_count"),
        ),
        RegisterSpec(
            "grid",
            GridArea,
            ("staff", "area", "linked_units"),
            _("Grid responsibility"),
            SERVICE,
            ("staff", "area", "linked_units"),
            prepare=_community_staff,
        ),
        RegisterSpec(
            "visits",
            HouseholdVisit,
            ("visited_on", "household", "visitor_name", "notes"),
            _("Household visits"),
            SERVICE,
            ("visited_on", "household", "visitor_name"),
            widgets={"visited_on": DATE},
        ),
        RegisterSpec(
            "agency-services",
            AgencyService,
            ("handled_on", "resident_name", "service", "is_done"),
            _("Agency services"),
            SERVICE,
            ("handled_on", "resident_name", "service", "is_done"),
            widgets={"handled_on": DATE},
        ),
        RegisterSpec(
            "pledges",
            ServicePledge,
            ("published_on", "text"),
            _("Service pledges"),
            SERVICE,
            ("published_on", "text"),
            widgets={"published_on": DATE},
        ),
        RegisterSpec(
            "duty",
            DutyShift,
            ("duty_on", "kind", "staff_name", "hours"),
            _("Duty roster"),
            SERVICE,
            ("duty_on", "kind", "staff_name", "hours"),
            widgets={"duty_on": DATE},
        ),
        RegisterSpec(
            "disclosures",
            Disclosure,
            ("kind", "title", "text", "published_on", "attachment"),
            _("Community affairs disclosed"),
            DISCLOSURE,
            ("published_on", "kind", "title"),
            widgets={"published_on": DATE},
        ),
        RegisterSpec(
            "ledgers",
            LedgerDemand,
            (
                "department",
                "kind",
                "title",
                "demanded_on",
                "approval",
                "admission",
                "is_paper_removed",
                "removed_on",
            ),
            _("Ledgers and reports demanded"),
            BURDEN,
            ("demanded_on", "department", "title", "approval", "admission", "is_paper_removed"),
            prepare=_departments_and_admissions,
            widgets={"demanded_on": DATE, "removed_on": DATE},
            after_save=_flag_unapproved(ViolationRule.UNAPPROVED_LEDGER, "台账/报表未经审批"),
            validate=_approval_through_admission,
        ),
        RegisterSpec(
            "evaluation-activities",
            EvaluationActivity,
            ("department", "title", "requested_on", "approval", "admission"),
            _("Evaluation activities"),
            BURDEN,
            ("requested_on", "department", "title", "approval", "admission"),
            prepare=_departments_and_admissions,
            widgets={"requested_on": DATE},
            after_save=_flag_unapproved(ViolationRule.UNAPPROVED_EVALUATION, "评比活动未经审批"),
            validate=_approval_through_admission,
        ),
        RegisterSpec(
            "working-bodies",
            WorkingBody,
            ("department", "name", "requested_on", "is_plaque_hung"),
            _("Working bodies and plaques"),
            BURDEN,
            ("requested_on", "department", "name", "is_plaque_hung"),
            prepare=_departments,
            widgets={"requested_on": DATE},
            after_save=_flag_working_body,
        ),
        RegisterSpec(
            "organisations",
            SupervisedOrganisation,
            ("kind", "name", "contact"),
            _("Organisations supervised by the committee"),
            SELF_GOVERNMENT,
            ("kind", "name", "contact"),
        ),
        RegisterSpec(
            "guidance",
            GuidanceRecord,
            ("organisation", "given_on", "text"),
            _("Guidance records"),
            SELF_GOVERNMENT,
            ("given_on", "organisation", "text"),
            prepare=_organisations,
            widgets={"given_on": DATE},
        ),
        RegisterSpec(
            "volunteers",
            Volunteer,
            ("name", "skills", "hours"),
            _("Volunteers and service hours"),
            SERVICE,
            ("name", "skills", "hours"),
        ),
        RegisterSpec(
            "mutual-aid",
            MutualAidPairing,
            ("helper_name", "helped_name", "paired_on", "help_given"),
            _("Mutual-aid pairings"),
            SERVICE,
            ("paired_on", "helper_name", "helped_name", "help_given"),
            widgets={"paired_on": DATE},
        ),
        RegisterSpec(
            "requests",
            ResidentRequest,
            ("raised_on", "resident_name", "request", "answer", "answered_on"),
            _("Residents' requests"),
            SERVICE,
            ("raised_on", "resident_name", "request", "answered_on"),
            widgets={"raised_on": DATE, "answered_on": DATE},
        ),
    ]
}


def register_spec(key: str) -> RegisterSpec:
    spec = REGISTERS.get(key)
    if spec is None:
        raise NotFound(gettext("No such register."))
    return spec


def register_form(
    spec: RegisterSpec,
    community: Organization | None,
    data: Any = None,
    files: Any = None,
    instance: models.Model | None = None,
) -> forms.ModelForm:
    form_class = forms.modelform_factory(spec.model, fields=spec.fields, widgets=spec.widgets)
    form = form_class(data=data, files=files, instance=instance)
    if spec.prepare is not None and community is not None:
        spec.prepare(form, community)
    return form


def _form_valid(spec: RegisterSpec, form: forms.ModelForm, community: Organization) -> bool:
    if not form.is_valid():
        return False
    if spec.validate is not None:
        spec.validate(form, community)
    return not form.errors


def _raise_form_errors(form: forms.BaseForm) -> None:
    errors: list[tuple[str | None, Any]] = [
        (name, message) for name, messages in form.errors.items() for message in messages
    ]
    raise InvalidInput(errors[0][1], field=errors[0][0], errors=errors)


def register_entry_create(
    *,
    actor: User,
    register: str,
    community: Organization,
    data: Any,
    files: Any = None,
) -> models.Model:
    """Create one entry of a register for a community (flags a violation where the register's
    rule says so)."""
    spec = register_spec(register)
    require_community(community)
    require(actor, (Perm.COMMUNITY_RECORD,), community)
    form = register_form(spec, community, data, files)
    if not _form_valid(spec, form, community):
        _raise_form_errors(form)
    with transaction.atomic():
        entry = form.save(commit=False)
        entry.community = community
        entry.recorded_by = actor
        entry.save()
        if spec.after_save is not None:
            spec.after_save(entry)
        audit(actor=actor, action=f"community.{spec.key}.create", obj=entry)
    return entry


def _values(spec: RegisterSpec, entry: models.Model) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in spec.fields:
        model_field = spec.model._meta.get_field(name)
        value = getattr(entry, getattr(model_field, "attname", name))
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif hasattr(value, "name") and not isinstance(value, str):  # a file
            value = value.name or ""
        elif value is not None and not isinstance(value, (bool, int, str)):
            value = str(value)
        values[name] = value
    return values


def register_entry_correct(
    *,
    actor: User,
    register: str,
    entry: models.Model,
    data: Any,
    reason: str,
    files: Any = None,
) -> models.Model:
    """Correct an entry of a register: the previous and new values are kept as a
    `RegisterCorrection` with its reason, and audited. Fields left out keep their value."""
    spec = register_spec(register)
    if not isinstance(entry, spec.model):
        raise NotFound(gettext("No such entry."))
    community = entry.community  # type: ignore[attr-defined]
    require(actor, (Perm.COMMUNITY_RECORD,), community)
    reason = clean_text(reason, field="reason", max_length=200)
    # the stored values: a caller's form may already have written its input onto `entry`
    entry = spec.model._default_manager.get(pk=entry.pk)
    previous = _values(spec, entry)
    merged = {**{k: v for k, v in previous.items() if v is not None}, **dict(data.items())}
    for name in spec.fields:  # a cleared check box arrives missing from form data
        if isinstance(previous.get(name), bool) and name not in data:
            merged[name] = previous[name]
    merged.pop("attachment", None)
    form = register_form(spec, community, merged, files, instance=entry)
    if not _form_valid(spec, form, community):
        _raise_form_errors(form)
    with transaction.atomic():
        entry = form.save()
        corrected = _values(spec, entry)
        changed = {k: v for k, v in corrected.items() if previous.get(k) != v}
        if not changed:
            raise InvalidInput(gettext("Nothing was changed."), field=None)
        RegisterCorrection.objects.create(
            register=spec.key,
            entry_id=entry.pk,
            previous={k: previous.get(k) for k in changed},
            corrected=changed,
            reason=reason,
            corrected_by=actor,
        )
        if spec.after_save is not None:
            spec.after_save(entry)
        audit(
            actor=actor,
            action=f"community.{spec.key}.correct",
            obj=entry,
            detail={"fields": sorted(changed), "reason": reason},
        )
    return entry
