"""API endpoints of this context, mounted under /api/v1/."""

from django.urls import path

from xiaoneng.community.api import affairs as a
from xiaoneng.community.api import records as r
from xiaoneng.community.api import views as v

urlpatterns = [
    path("community/forum/", a.ForumView.as_view(), name="api-community-forum"),
    path(
        "community/forum/<int:pk>/deliberation/",
        a.TopicDeliberationView.as_view(),
        name="api-community-topic-deliberation",
    ),
    path(
        "community/deliberations/<int:pk>/outcome/",
        a.DeliberationOutcomeView.as_view(),
        name="api-community-deliberation-outcome",
    ),
    path(
        "community/deliberations/<int:pk>/support/",
        a.DeliberationSupportView.as_view(),
        name="api-community-deliberation-support",
    ),
    path(
        "community/hearings/<int:pk>/registration/",
        a.HearingRegistrationView.as_view(),
        name="api-community-hearing-registration",
    ),
    path(
        "community/memberships/", a.MembershipListView.as_view(), name="api-community-memberships"
    ),
    path(
        "community/memberships/<int:pk>/decision/",
        a.MembershipDecisionView.as_view(),
        name="api-community-membership-decision",
    ),
    path(
        "community/disclosures/", a.DisclosureListView.as_view(), name="api-community-disclosures"
    ),
    path("community/ledgers/", a.LedgerListView.as_view(), name="api-community-ledgers"),
    path(
        "community/organisations/",
        a.OrganisationListView.as_view(),
        name="api-community-organisations",
    ),
    path("community/volunteers/", a.VolunteerListView.as_view(), name="api-community-volunteers"),
    path(
        "community/registers/<slug:key>/<int:pk>/corrections/",
        a.CorrectionView.as_view(),
        name="api-community-register-corrections",
    ),
    path(
        "community/violations/<int:pk>/supervision-task/",
        a.ViolationTaskView.as_view(),
        name="api-community-violation-task",
    ),
    path(
        "community/compliance-figures/",
        a.ComplianceFiguresView.as_view(),
        name="api-community-compliance-figures",
    ),
    path("community/task-lists/", v.TaskListView.as_view(), name="api-community-task-lists"),
    path(
        "community/communities/<int:pk>/tasks/",
        v.CommunityTasksView.as_view(),
        name="api-community-tasks",
    ),
    path("community/admissions/", v.AdmissionListView.as_view(), name="api-community-admissions"),
    path(
        "community/admissions/<int:pk>/decision/",
        v.AdmissionDecisionView.as_view(),
        name="api-community-admission-decision",
    ),
    path(
        "community/burden-reports/",
        v.BurdenReportListView.as_view(),
        name="api-community-burden-reports",
    ),
    path("community/meetings/", v.MeetingListView.as_view(), name="api-community-meetings"),
    path(
        "community/meetings/<int:pk>/approval/",
        v.MeetingApprovalView.as_view(),
        name="api-community-meeting-approval",
    ),
    path(
        "community/meetings/<int:pk>/held/",
        v.MeetingHeldView.as_view(),
        name="api-community-meeting-held",
    ),
    path(
        "community/meetings/<int:pk>/cancel/",
        v.MeetingCancelView.as_view(),
        name="api-community-meeting-cancel",
    ),
    path(
        "community/inspections/", v.InspectionListView.as_view(), name="api-community-inspections"
    ),
    path(
        "community/evaluations/", v.EvaluationListView.as_view(), name="api-community-evaluations"
    ),
    path(
        "community/evaluations/<int:pk>/opinion-survey/",
        v.EvaluationOpinionSurveyView.as_view(),
        name="api-community-evaluation-opinion-survey",
    ),
    path(
        "community/evaluations/<int:pk>/scores/",
        v.EvaluationScoresView.as_view(),
        name="api-community-evaluation-scores",
    ),
    path(
        "community/certificates/",
        r.CertificateListView.as_view(),
        name="api-community-certificates",
    ),
    path(
        "community/certificates/export/",
        r.CertificateExportView.as_view(),
        name="api-community-certificates-export",
    ),
    path(
        "community/certificates/check/",
        r.CertificateCheckView.as_view(),
        name="api-community-certificate-check",
    ),
    path(
        "community/certificates/<int:pk>/document/",
        r.CertificateDocumentView.as_view(),
        name="api-community-certificate-document",
    ),
    path("community/signs/", r.SignListView.as_view(), name="api-community-signs"),
    path(
        "community/signs/<int:pk>/removal/",
        r.SignRemovalView.as_view(),
        name="api-community-sign-removal",
    ),
    path("community/records/", r.RecordListView.as_view(), name="api-community-records"),
    path(
        "community/records/export/",
        r.RecordExportView.as_view(),
        name="api-community-records-export",
    ),
    path(
        "community/registers/<slug:key>/", r.RegisterView.as_view(), name="api-community-register"
    ),
    path(
        "community/forum/<int:pk>/replies/",
        r.ForumReplyView.as_view(),
        name="api-community-forum-replies",
    ),
    path(
        "community/forum/<int:pk>/moderation/",
        r.ForumModerationView.as_view(),
        name="api-community-forum-moderation",
    ),
    path("community/violations/", r.ViolationListView.as_view(), name="api-community-violations"),
    path(
        "community/violations/<int:pk>/accountability/",
        r.AccountabilityOpenView.as_view(),
        name="api-community-accountability-open",
    ),
    path(
        "community/accountability/",
        r.AccountabilityListView.as_view(),
        name="api-community-accountability",
    ),
    path(
        "community/accountability/<int:pk>/rectification/",
        r.RectificationView.as_view(),
        name="api-community-rectification",
    ),
    path(
        "community/accountability/<int:pk>/closure/",
        r.ClosureView.as_view(),
        name="api-community-closure",
    ),
    path("community/dashboard/", r.DashboardView.as_view(), name="api-community-dashboard"),
    path(
        "community/dashboard/export/",
        r.DashboardExportView.as_view(),
        name="api-community-dashboard-export",
    ),
]
