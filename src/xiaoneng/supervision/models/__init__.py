"""Supervision models: thresholds, warnings and accountability; case watches and rule breaches."""

from xiaoneng.supervision.models.daily import (
    DailyFigures,
    DailyFiguresDay,
    DailyFiguresInvalidation,
)
from xiaoneng.supervision.models.warnings import (
    ACCOUNTABILITY_THRESHOLD,
    Accountability,
    AccountabilityDeliverable,
    DeliverableKind,
    EfficiencyWarning,
    SourceKind,
    SupervisionSettings,
)
from xiaoneng.supervision.models.watch import (
    OPEN_UNTIL,
    CaseWatch,
    Light,
    OpinionWatch,
    RuleBreach,
    RuleCode,
    WatchPause,
)

__all__ = [
    "ACCOUNTABILITY_THRESHOLD",
    "Accountability",
    "AccountabilityDeliverable",
    "CaseWatch",
    "DailyFigures",
    "DailyFiguresDay",
    "DailyFiguresInvalidation",
    "DeliverableKind",
    "EfficiencyWarning",
    "Light",
    "OPEN_UNTIL",
    "OpinionWatch",
    "RuleBreach",
    "RuleCode",
    "SourceKind",
    "SupervisionSettings",
    "WatchPause",
]
