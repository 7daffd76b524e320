"""API endpoints of this context, mounted under /api/v1/ (paths start with "evaluation/", except
the units' rule filings and self-inspections, /api/v1/rule-filings/ and /api/v1/self-inspections/,
which units use as much as the evaluation office)."""

from django.urls import path

from xiaoneng.evaluation.api import (
    appraisals,
    filings,
    indicators,
    results,
    rotation,
    rounds,
    surveys,
    tasks,
)

P = "evaluation/"
urlpatterns = [
    path(f"{P}systems/", indicators.SystemListView.as_view(), name="api-evaluation-systems"),
    path(
        f"{P}systems/<int:pk>/", indicators.SystemDetailView.as_view(), name="api-evaluation-system"
    ),
    path(
        f"{P}systems/<int:pk>/tree/",
        indicators.SystemTreeView.as_view(),
        name="api-evaluation-system-tree",
    ),
    path(
        f"{P}systems/<int:pk>/export/",
        indicators.SystemExportView.as_view(),
        name="api-evaluation-system-export",
    ),
    path(
        f"{P}systems/<int:pk>/import/",
        indicators.SystemImportView.as_view(),
        name="api-evaluation-system-import",
    ),
    path(f"{P}rounds/", rounds.RoundListView.as_view(), name="api-evaluation-rounds"),
    path(f"{P}rounds/<int:pk>/", rounds.RoundDetailView.as_view(), name="api-evaluation-round"),
    path(
        f"{P}rounds/<int:pk>/scores/",
        rounds.ScoreView.as_view(),
        name="api-evaluation-round-scores",
    ),
    path(
        f"{P}rounds/<int:pk>/results/",
        rounds.ResultView.as_view(),
        name="api-evaluation-round-results",
    ),
    path(
        f"{P}rounds/<int:pk>/assignments/",
        rounds.AssignmentView.as_view(),
        name="api-evaluation-round-assignments",
    ),
    path(
        f"{P}rounds/<int:pk>/appeals/",
        rounds.AppealView.as_view(),
        name="api-evaluation-round-appeals",
    ),
    path(
        f"{P}rounds/<int:pk>/<slug:action>/",
        rounds.RoundActionView.as_view(),
        name="api-evaluation-round-action",
    ),
    path(
        f"{P}appeals/<int:pk>/decide/",
        rounds.AppealDecideView.as_view(),
        name="api-evaluation-appeal-decide",
    ),
    path(f"{P}surveys/", surveys.SurveyListView.as_view(), name="api-evaluation-surveys"),
    path(f"{P}surveys/<int:pk>/", surveys.SurveyDetailView.as_view(), name="api-evaluation-survey"),
    path(
        f"{P}surveys/<int:pk>/status/",
        surveys.SurveyStatusView.as_view(),
        name="api-evaluation-survey-status",
    ),
    path(
        f"{P}surveys/<int:pk>/issue/",
        surveys.SurveyIssueView.as_view(),
        name="api-evaluation-survey-issue",
    ),
    path(
        f"{P}surveys/<int:pk>/paper/",
        surveys.SurveyPaperView.as_view(),
        name="api-evaluation-survey-paper",
    ),
    path(
        f"{P}survey-answers/<str:token>/",
        surveys.SurveyAnswerByTokenView.as_view(),
        name="api-evaluation-survey-answer",
    ),
    path(f"{P}rotation/due/", rotation.DueView.as_view(), name="api-evaluation-rotation-due"),
    path(
        f"{P}rotation/rotations/",
        rotation.RotationListView.as_view(),
        name="api-evaluation-rotations",
    ),
    path(
        f"{P}rotation/counts/", rotation.CountsView.as_view(), name="api-evaluation-rotation-counts"
    ),
    path(
        f"{P}rotation/plans/", rotation.PlanListView.as_view(), name="api-evaluation-rotation-plans"
    ),
    path(
        f"{P}rotation/plan-entries/<int:pk>/execute/",
        rotation.PlanEntryExecuteView.as_view(),
        name="api-evaluation-rotation-plan-execute",
    ),
    path(f"{P}tasks/", tasks.TaskListView.as_view(), name="api-evaluation-tasks"),
    path(
        f"{P}milestones/<int:pk>/done/",
        tasks.MilestoneDoneView.as_view(),
        name="api-evaluation-milestone-done",
    ),
    path(
        f"{P}tasks/<int:pk>/progress/",
        tasks.TaskProgressView.as_view(),
        name="api-evaluation-task-progress",
    ),
    path(
        f"{P}tasks/<int:pk>/status/",
        tasks.TaskStatusView.as_view(),
        name="api-evaluation-task-status",
    ),
    path(f"{P}documents/", tasks.DocumentListView.as_view(), name="api-evaluation-documents"),
    path(
        f"{P}documents/<int:pk>/word/",
        tasks.DocumentWordView.as_view(),
        name="api-evaluation-document-word",
    ),
    path(f"{P}notices/", tasks.NoticeListView.as_view(), name="api-evaluation-notices"),
    path(
        f"{P}notices/<int:pk>/report/",
        tasks.NoticeReportView.as_view(),
        name="api-evaluation-notice-report",
    ),
    path(
        f"{P}notices/<int:pk>/verify/",
        tasks.NoticeVerifyView.as_view(),
        name="api-evaluation-notice-verify",
    ),
    path(f"{P}visits/", tasks.VisitListView.as_view(), name="api-evaluation-visits"),
    path(
        f"{P}visits/<int:pk>/findings/",
        tasks.FindingListView.as_view(),
        name="api-evaluation-visit-findings",
    ),
    path(
        f"{P}findings/<int:pk>/handle/",
        tasks.FindingHandleView.as_view(),
        name="api-evaluation-finding-handle",
    ),
    path(
        f"{P}findings/counts/",
        tasks.FindingCountsView.as_view(),
        name="api-evaluation-finding-counts",
    ),
    path(
        f"{P}appraisals/", appraisals.AppraisalListView.as_view(), name="api-evaluation-appraisals"
    ),
    path(
        f"{P}appraisals/<int:pk>/",
        appraisals.AppraisalDetailView.as_view(),
        name="api-evaluation-appraisal",
    ),
    path(
        f"{P}appraisals/<int:pk>/issue/",
        appraisals.AppraisalIssueView.as_view(),
        name="api-evaluation-appraisal-issue",
    ),
    path(
        f"{P}appraisals/<int:pk>/paper/",
        appraisals.AppraisalPaperView.as_view(),
        name="api-evaluation-appraisal-paper",
    ),
    path(
        f"{P}appraisals/<int:pk>/link/",
        appraisals.AppraisalLinkView.as_view(),
        name="api-evaluation-appraisal-link",
    ),
    path(
        f"{P}result-applications/",
        results.ResultApplicationListView.as_view(),
        name="api-evaluation-result-applications",
    ),
    path(
        f"{P}result-applications/export/",
        results.ResultApplicationExportView.as_view(),
        name="api-evaluation-result-applications-export",
    ),
    path("rule-filings/", filings.RuleFilingListView.as_view(), name="api-rule-filings"),
    path(
        "rule-filings/missing/",
        filings.RuleFilingMissingView.as_view(),
        name="api-rule-filings-missing",
    ),
    path("rule-filings/<int:pk>/", filings.RuleFilingDetailView.as_view(), name="api-rule-filing"),
    path(
        "rule-filings/<int:pk>/review/",
        filings.RuleFilingReviewView.as_view(),
        name="api-rule-filing-review",
    ),
    path(
        "self-inspections/", filings.SelfInspectionListView.as_view(), name="api-self-inspections"
    ),
    path(
        "self-inspections/<int:pk>/",
        filings.SelfInspectionDetailView.as_view(),
        name="api-self-inspection",
    ),
    path(
        "self-inspections/<int:pk>/problems/",
        filings.SelfInspectionProblemView.as_view(),
        name="api-self-inspection-problems",
    ),
    path(
        "self-inspections/<int:pk>/submit/",
        filings.SelfInspectionSubmitView.as_view(),
        name="api-self-inspection-submit",
    ),
    path(
        "self-inspections/<int:pk>/review/",
        filings.SelfInspectionReviewView.as_view(),
        name="api-self-inspection-review",
    ),
    path(
        "self-inspections/problems/<int:pk>/done/",
        filings.SelfInspectionProblemDoneView.as_view(),
        name="api-self-inspection-problem-done",
    ),
]
