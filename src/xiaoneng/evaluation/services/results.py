"""Results applied (结果运用): the evaluation office records, per unit and leader, what a
published round's or an appraisal's result means, and exports the list to the personnel
department (an Excel workbook).

Who (core.roles, no new capability): `evaluation.manage` of the office that ran the round or the
appraisal records and exports (it is the office that hands the results to HR); readers of the
evaluation (`evaluation.view`) see the list. The personnel office itself holds no evaluation
capability: it receives the exported file — giving HR officers a reading right would change the
role matrix (core/roles.py), which this part does not need.

Rules:
- a round's results are applied only once published (the appeal window is over);
- the unit was evaluated in the round or appraised in the appraisal;
- a leader named is on the unit's staff; the reason is required;
- every record says who decided and when, and is audited; the export is audited too.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.core.access import user_may
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.excel import Sheet, workbook_bytes
from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Perm
from xiaoneng.evaluation.models import (
    Appraisal,
    EvaluationRound,
    Recommendation,
    ResultApplication,
    RoundResult,
)
from xiaoneng.evaluation.selectors.appraisals import appraisal_results
from xiaoneng.evaluation.workflow import RoundStatus


def result_application_record(
    *,
    actor: User,
    unit: Organization,
    recommendation: str,
    reason: str,
    evaluation_round: EvaluationRound | None = None,
    appraisal: Appraisal | None = None,
    leader: User | None = None,
    decided_at: datetime | None = None,
) -> ResultApplication:
    """Record one recommendation for a unit (and its leader) from a round or an appraisal."""
    source_owner = (
        evaluation_round.owner
        if evaluation_round is not None
        else appraisal.owner
        if appraisal is not None
        else None
    )
    if source_owner is None:
        raise InvalidInput(_("Choose the evaluation round or the appraisal."), field="round")
    if not (
        user_may(actor, Perm.EVALUATION_MANAGE, source_owner)
        and user_may(actor, Perm.EVALUATION_MANAGE, unit)
    ):
        raise NotPermitted(_("Only the evaluation office may do this."))
    if recommendation not in Recommendation.values:
        raise InvalidInput(_("Choose the recommendation."), field="recommendation")
    if not (reason or "").strip():
        raise InvalidInput(_("Give the reason for the recommendation."), field="reason")
    if evaluation_round is not None:
        if evaluation_round.status != RoundStatus.PUBLISHED:
            raise Conflict(
                _("A round's results are applied once they are published."), field="round"
            )
        if not evaluation_round.units.filter(organization=unit).exists():
            raise InvalidInput(_("This unit is not evaluated in the round."), field="unit")
    if appraisal is not None and not appraisal.units.filter(unit=unit).exists():
        raise InvalidInput(_("This unit is not appraised here."), field="unit")
    if leader is not None and (
        leader.organization is None or not leader.organization.path.startswith(unit.path)
    ):
        raise InvalidInput(_("The leader is not on this unit's staff."), field="leader")
    with transaction.atomic():
        record = ResultApplication.objects.create(
            round=evaluation_round,
            appraisal=appraisal,
            unit=unit,
            leader=leader,
            recommendation=recommendation,
            reason=reason.strip(),
            decided_by=actor,
            decided_at=decided_at or timezone.now(),
        )
        audit(
            actor=actor,
            action="result_application.record",
            obj=record,
            detail={
                "unit": unit.pk,
                "leader": leader.pk if leader else None,
                "recommendation": recommendation,
                "round": evaluation_round.pk if evaluation_round else None,
                "appraisal": appraisal.pk if appraisal else None,
            },
        )
    return record


HR_HEADERS = [
    "单位",
    "领导",
    "来源",
    "评估总分",
    "名次",
    "等次",
    "民主评议结果",
    "运用建议",
    "理由",
    "决定人",
    "决定时间",
]


def _leader_name(user: User | None) -> str:
    return (user.real_name or user.get_username()) if user is not None else ""


def results_export_xlsx(*, actor: User, records: list[ResultApplication]) -> bytes:
    """The workbook for the personnel department: one row per recommendation, with the round's
    total, rank and grade and the appraisal's result of the unit. Audited."""
    if not records and not user_may(actor, Perm.EVALUATION_MANAGE, actor.organization):
        raise NotPermitted(_("Only the evaluation office may do this."))
    for record in records:
        if not user_may(actor, Perm.EVALUATION_MANAGE, record.unit):
            raise NotPermitted(_("Only the evaluation office may do this."))
    totals: dict[tuple[int | None, int], RoundResult] = {
        (r.round_id, r.unit_id): r
        for r in RoundResult.objects.filter(
            round_id__in={rec.round_id for rec in records if rec.round_id}
        )
    }
    appraised: dict[tuple[int | None, int], object] = {}
    for appraisal in {rec.appraisal for rec in records if rec.appraisal is not None}:
        for row in appraisal_results(appraisal=appraisal):
            appraised[(appraisal.pk, row.unit.pk)] = row.result
    rows = []
    for rec in records:
        result = totals.get((rec.round_id, rec.unit_id))
        source = " / ".join(str(s) for s in (rec.round, rec.appraisal) if s is not None)
        rows.append(
            [
                rec.unit.name,
                _leader_name(rec.leader),
                source,
                result.total if result else "",
                result.rank if result else "",
                result.grade if result else "",
                appraised.get((rec.appraisal_id, rec.unit_id), "") if rec.appraisal_id else "",
                rec.get_recommendation_display(),
                rec.reason,
                _leader_name(rec.decided_by),
                timezone.localtime(rec.decided_at).strftime("%Y-%m-%d %H:%M"),
            ]
        )
    content = workbook_bytes(
        [Sheet(title="结果运用", headers=HR_HEADERS, rows=rows, widths=[24, 10, 30] + [10] * 8)]
    )
    audit(
        actor=actor,
        action="result_application.export",
        object_type="evaluation.resultapplication",
        detail={"rows": len(rows)},
    )
    return content
