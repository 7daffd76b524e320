"""Models of the community context, one module per rule area."""

from xiaoneng.community.models.certificates import CertificateOutcome, CertificateRequest
from xiaoneng.community.models.compliance import (
    AccountabilityRecord,
    Violation,
    ViolationRule,
)
from xiaoneng.community.models.inspections import (
    Evaluation,
    EvaluationIndicator,
    IndicatorKind,
    Inspection,
)
from xiaoneng.community.models.meetings import Meeting, OrganizerLevel
from xiaoneng.community.models.records import EntryKind, RecordPhoto, WorkRecordEntry
from xiaoneng.community.models.selfgov import (
    BuildingGroup,
    Deliberation,
    DeliberationKind,
    ForumReply,
    ForumTopic,
    Hearing,
)
from xiaoneng.community.models.service import (
    AgencyService,
    DutyKind,
    DutyShift,
    GridArea,
    HouseholdVisit,
    ServicePledge,
)
from xiaoneng.community.models.signs import Sign, SignPlace
from xiaoneng.community.models.tasks import AdmissionRequest, BurdenReport, Task, TaskListVersion

__all__ = [
    "AccountabilityRecord",
    "AdmissionRequest",
    "AgencyService",
    "BuildingGroup",
    "BurdenReport",
    "CertificateOutcome",
    "CertificateRequest",
    "Deliberation",
    "DeliberationKind",
    "DutyKind",
    "DutyShift",
    "EntryKind",
    "Evaluation",
    "EvaluationIndicator",
    "ForumReply",
    "ForumTopic",
    "GridArea",
    "Hearing",
    "HouseholdVisit",
    "IndicatorKind",
    "Inspection",
    "Meeting",
    "OrganizerLevel",
    "RecordPhoto",
    "ServicePledge",
    "Sign",
    "SignPlace",
    "Task",
    "TaskListVersion",
    "Violation",
    "ViolationRule",
    "WorkRecordEntry",
]
