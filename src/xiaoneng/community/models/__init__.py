"""Models of the community context, one module per rule area."""

from xiaoneng.community.models.affairs import (
    Approval,
    Disclosure,
    DisclosureKind,
    EvaluationActivity,
    GuidanceRecord,
    LedgerDemand,
    LedgerKind,
    MutualAidPairing,
    OrganisationKind,
    RegisterCorrection,
    ResidentRequest,
    SupervisedOrganisation,
    Volunteer,
    WorkingBody,
)
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
from xiaoneng.community.models.residents import (
    DeliberationSupport,
    HearingRegistration,
    MembershipStatus,
    ResidentMembership,
)
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
    "Approval",
    "BuildingGroup",
    "BurdenReport",
    "CertificateOutcome",
    "CertificateRequest",
    "Deliberation",
    "DeliberationKind",
    "DeliberationSupport",
    "Disclosure",
    "DisclosureKind",
    "DutyKind",
    "DutyShift",
    "EntryKind",
    "Evaluation",
    "EvaluationActivity",
    "EvaluationIndicator",
    "ForumReply",
    "ForumTopic",
    "GridArea",
    "GuidanceRecord",
    "Hearing",
    "HearingRegistration",
    "HouseholdVisit",
    "IndicatorKind",
    "Inspection",
    "LedgerDemand",
    "LedgerKind",
    "Meeting",
    "MembershipStatus",
    "MutualAidPairing",
    "OrganisationKind",
    "OrganizerLevel",
    "RecordPhoto",
    "RegisterCorrection",
    "ResidentMembership",
    "ResidentRequest",
    "ServicePledge",
    "Sign",
    "SignPlace",
    "SupervisedOrganisation",
    "Task",
    "TaskListVersion",
    "Violation",
    "ViolationRule",
    "Volunteer",
    "WorkRecordEntry",
    "WorkingBody",
]
