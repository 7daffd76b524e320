"""Units file their efficiency rules with the efficiency office (八项制度备案) and report their
yearly self-inspection (自查自纠); the office reviews both.

Who (core.roles, no new capability):
- a unit files and reports for itself only: `task.report` in the unit and on its staff (the
  capability a unit already uses to report to the efficiency office on supervision tasks);
- the efficiency office reviews with `supervision.act`, never a filing or report of its own
  unit (nobody accepts their own rules);
- reading is `supervision.view` (the office, leaders, a department head for the own unit).

Rules (seed document 1, 督促和指导…八项制度，并汇编成册报市效能办备案; 开展自查自纠):
- every filing is a version: v1, v2 …; nothing is overwritten, the history stays;
- a filing is reviewed once: accepted, or returned with reasons (reasons required);
- a returned rule is filed again as a new version; while a version awaits review no other
  version of that rule is filed (409);
- accepting a version supersedes the unit's previously accepted version of the rule;
- a problem found by self-inspection is due `deadline_workdays` working days after it was found
  (xiaoneng.workdays: statutory calendar) and is overdue when open past that day.
"""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.core.access import user_may
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Perm
from xiaoneng.evaluation.models import (
    EfficiencyRule,
    RuleFiling,
    SelfInspection,
    SelfInspectionProblem,
)
from xiaoneng.evaluation.workflow import (
    FILING_TRANSITIONS,
    RECTIFICATION_TRANSITIONS,
    SELF_INSPECTION_TRANSITIONS,
    FilingStatus,
    RectificationStatus,
    SelfInspectionStatus,
    check_transition,
)
from xiaoneng.workdays import add_workdays

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_DEADLINE_WORKDAYS = 250  # about a working year


def _belongs_to(user: User, unit: Organization) -> bool:
    return user.organization is not None and user.organization.path.startswith(unit.path)


def check_may_file(actor: User, unit: Organization) -> None:
    """A unit files and reports for itself only."""
    if not (_belongs_to(actor, unit) and user_may(actor, Perm.TASK_REPORT, unit)):
        raise NotPermitted(_("Only the unit itself files its rules and self-inspection."))


def check_may_review(actor: User, unit: Organization) -> None:
    """The efficiency office reviews, and never its own unit's filing."""
    if not user_may(actor, Perm.SUPERVISION_ACT, unit):
        raise NotPermitted(_("Only the efficiency office reviews filings."))
    if _belongs_to(actor, unit):
        raise NotPermitted(_("A unit's filing is reviewed by someone outside the unit."))


def _check_attachment(attachment: UploadedFile | None) -> None:
    if attachment is not None and attachment.size and attachment.size > MAX_ATTACHMENT_BYTES:
        raise InvalidInput(_("The attachment is larger than 10 MB."), field="attachment")


def rule_filing_file(
    *,
    actor: User,
    unit: Organization,
    rule: str,
    text: str = "",
    attachment: UploadedFile | None = None,
    filed_on: date | None = None,
) -> RuleFiling:
    """File a new version of one of the unit's eight rules."""
    check_may_file(actor, unit)
    if rule not in EfficiencyRule.values:
        raise InvalidInput(_("Choose one of the eight efficiency rules."), field="rule")
    text = (text or "").strip()
    if not text and attachment is None:
        raise InvalidInput(_("Write the rule's text or attach it."), field="text")
    _check_attachment(attachment)
    filed_on = filed_on or timezone.localdate()
    if filed_on > timezone.localdate():
        raise InvalidInput(_("The filing date cannot be in the future."), field="filed_on")
    try:
        with transaction.atomic():
            versions = RuleFiling.objects.select_for_update().filter(unit=unit, rule=rule)
            if versions.filter(status=FilingStatus.SUBMITTED).exists():
                raise Conflict(
                    _("A version of this rule is awaiting review; wait for the office's review."),
                    field="rule",
                )
            last = versions.aggregate(last=Max("version"))["last"] or 0
            filing = RuleFiling(
                unit=unit,
                rule=rule,
                version=last + 1,
                text=text,
                filed_on=filed_on,
                filed_by=actor,
            )
            if attachment is not None:
                filing.attachment_name = (attachment.name or "")[:200]
                filing.attachment.save(attachment.name or "attachment", attachment, save=False)
            filing.save()
            audit(
                actor=actor,
                action="rule_filing.file",
                obj=filing,
                detail={"unit": unit.pk, "rule": rule, "version": filing.version},
            )
    except IntegrityError:  # two filings of the same version at once
        raise Conflict(_("This rule was filed at the same moment; reload."), field="rule") from None
    return filing


def rule_filing_review(
    *, actor: User, filing: RuleFiling, is_accepted: bool, reason: str = ""
) -> RuleFiling:
    """Accept a filing, or return it with reasons (the unit then files a new version)."""
    check_may_review(actor, filing.unit)
    reason = (reason or "").strip()
    if not is_accepted and not reason:
        raise InvalidInput(_("Give the reasons for returning the filing."), field="reason")
    target = FilingStatus.ACCEPTED if is_accepted else FilingStatus.RETURNED
    with transaction.atomic():
        locked = RuleFiling.objects.select_for_update().get(pk=filing.pk)
        check_transition(FILING_TRANSITIONS, locked.status, target, _("The filing"))
        if is_accepted:
            RuleFiling.objects.filter(
                unit=locked.unit, rule=locked.rule, status=FilingStatus.ACCEPTED
            ).update(status=FilingStatus.SUPERSEDED)
        locked.status = target
        locked.reviewed_by = actor
        locked.reviewed_at = timezone.now()
        locked.review_reason = reason
        locked.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_reason"])
        audit(
            actor=actor,
            action=f"rule_filing.{target}",
            obj=locked,
            detail={"reason": reason, "version": locked.version},
        )
    return locked


def self_inspection_create(
    *, actor: User, unit: Organization, year: int, summary: str
) -> SelfInspection:
    """Start the unit's self-inspection report of a year (one a year)."""
    check_may_file(actor, unit)
    if not 2000 <= year <= 2100:
        raise InvalidInput(_("Enter a year from 2000 to 2100."), field="year")
    if not (summary or "").strip():
        raise InvalidInput(_("Summarize what the self-inspection covered."), field="summary")
    try:
        with transaction.atomic():
            report = SelfInspection.objects.create(
                unit=unit, year=year, summary=summary.strip(), created_by=actor
            )
            audit(actor=actor, action="self_inspection.create", obj=report)
    except IntegrityError:
        raise Conflict(
            _("%(unit)s already has its self-inspection of %(year)s.")
            % {"unit": unit.name, "year": year},
            field="year",
        ) from None
    return report


def problem_due_on(found_on: date, deadline_workdays: int) -> date:
    """The rectification is due `deadline_workdays` working days after the problem was found,
    counted on the statutory calendar (weekends, public holidays and make-up working days)."""
    return add_workdays(found_on, deadline_workdays)


def self_inspection_problem_add(
    *,
    actor: User,
    report: SelfInspection,
    description: str,
    measure: str,
    found_on: date,
    deadline_workdays: int,
) -> SelfInspectionProblem:
    check_may_file(actor, report.unit)
    if report.status not in (SelfInspectionStatus.DRAFT, SelfInspectionStatus.RETURNED):
        raise Conflict(
            _("Problems are added while the report is a draft or returned."), field="status"
        )
    if not (description or "").strip():
        raise InvalidInput(_("Describe the problem found."), field="description")
    if not (measure or "").strip():
        raise InvalidInput(_("Say how it is rectified."), field="measure")
    if not 1 <= deadline_workdays <= MAX_DEADLINE_WORKDAYS:
        raise InvalidInput(
            _("Give the deadline as 1 to %(max)s working days.") % {"max": MAX_DEADLINE_WORKDAYS},
            field="deadline_workdays",
        )
    if found_on > timezone.localdate():
        raise InvalidInput(_("The date found cannot be in the future."), field="found_on")
    with transaction.atomic():
        problem = SelfInspectionProblem.objects.create(
            report=report,
            description=description.strip(),
            measure=measure.strip(),
            found_on=found_on,
            deadline_workdays=deadline_workdays,
            due_on=problem_due_on(found_on, deadline_workdays),
        )
        audit(actor=actor, action="self_inspection.problem.add", obj=problem)
    return problem


def self_inspection_problem_done(
    *, actor: User, problem: SelfInspectionProblem, done_on: date, result: str
) -> SelfInspectionProblem:
    """The unit reports a problem rectified (on a day, with what was done)."""
    check_may_file(actor, problem.report.unit)
    if not (result or "").strip():
        raise InvalidInput(_("Say what was done."), field="result")
    if done_on > timezone.localdate():
        raise InvalidInput(_("The date rectified cannot be in the future."), field="done_on")
    if done_on < problem.found_on:
        raise InvalidInput(_("It cannot be rectified before it was found."), field="done_on")
    check_transition(
        RECTIFICATION_TRANSITIONS, problem.status, RectificationStatus.DONE, _("The problem")
    )
    with transaction.atomic():
        problem.status = RectificationStatus.DONE
        problem.done_on = done_on
        problem.result = result.strip()
        problem.save(update_fields=["status", "done_on", "result"])
        audit(
            actor=actor,
            action="self_inspection.problem.done",
            obj=problem,
            detail={"late": done_on > problem.due_on},
        )
    return problem


def self_inspection_submit(*, actor: User, report: SelfInspection) -> SelfInspection:
    check_may_file(actor, report.unit)
    check_transition(
        SELF_INSPECTION_TRANSITIONS,
        report.status,
        SelfInspectionStatus.SUBMITTED,
        _("The self-inspection"),
    )
    with transaction.atomic():
        report.status = SelfInspectionStatus.SUBMITTED
        report.submitted_on = timezone.localdate()
        report.save(update_fields=["status", "submitted_on"])
        audit(actor=actor, action="self_inspection.submit", obj=report)
    return report


def self_inspection_review(
    *, actor: User, report: SelfInspection, is_accepted: bool, reason: str = ""
) -> SelfInspection:
    check_may_review(actor, report.unit)
    reason = (reason or "").strip()
    if not is_accepted and not reason:
        raise InvalidInput(_("Give the reasons for returning the report."), field="reason")
    target = SelfInspectionStatus.ACCEPTED if is_accepted else SelfInspectionStatus.RETURNED
    check_transition(SELF_INSPECTION_TRANSITIONS, report.status, target, _("The self-inspection"))
    with transaction.atomic():
        report.status = target
        report.reviewed_by = actor
        report.reviewed_at = timezone.now()
        report.review_reason = reason
        report.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_reason"])
        audit(
            actor=actor, action=f"self_inspection.{target}", obj=report, detail={"reason": reason}
        )
    return report
