"""Workbench pages of this context, mounted under /workbench/evaluation/."""

from django.urls import path

from xiaoneng.evaluation.views import (
    appraisals,
    filings,
    indicators,
    rotation,
    rounds,
    surveys,
    tasks,
)

app_name = "evaluation"
urlpatterns = [
    path("", rounds.rounds, name="rounds"),
    path("systems/", indicators.systems, name="systems"),
    path("systems/<int:pk>/", indicators.system, name="system"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round"),
    path("rounds/<int:pk>/score/", rounds.score_sheet, name="score_sheet"),
    path("rounds/<int:pk>/results/", rounds.results, name="results"),
    path("rounds/<int:pk>/appeals/<int:appeal_pk>/", rounds.appeal_decide, name="appeal_decide"),
    path("rounds/<int:pk>/<slug:action>/", rounds.round_action, name="round_action"),
    path("surveys/", surveys.surveys, name="surveys"),
    path("surveys/compare/", surveys.survey_compare, name="survey_compare"),
    path("surveys/<int:pk>/", surveys.survey, name="survey"),
    path("rotation/", rotation.rotation, name="rotation"),
    path("rotation/seed/", rotation.rotation_seed, name="rotation_seed"),
    path(
        "rotation/plan-entries/<int:pk>/execute/",
        rotation.plan_entry_execute,
        name="plan_entry_execute",
    ),
    path("tasks/", tasks.task_list, name="tasks"),
    path("tasks/<int:pk>/", tasks.task_detail, name="task"),
    path("documents/<int:pk>/word/", tasks.document_word, name="document_word"),
    path("notices/<int:pk>/", tasks.notice_detail, name="notice"),
    path("visits/", tasks.visits, name="visits"),
    path("visits/<int:pk>/", tasks.visit_detail, name="visit"),
    path("rule-filings/", filings.rule_filings, name="rule_filings"),
    path("rule-filings/<int:pk>/", filings.rule_filing, name="rule_filing"),
    path(
        "rule-filings/<int:pk>/attachment/",
        filings.rule_filing_attachment,
        name="rule_filing_attachment",
    ),
    path("self-inspections/", filings.self_inspections, name="self_inspections"),
    path("self-inspections/<int:pk>/", filings.self_inspection, name="self_inspection"),
    path("appraisals/", appraisals.appraisals, name="appraisals"),
    path("appraisals/<int:pk>/", appraisals.appraisal, name="appraisal"),
    path("results-applied/", appraisals.results_applied, name="results_applied"),
]
