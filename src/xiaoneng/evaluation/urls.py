"""Workbench pages of this context, mounted under /workbench/evaluation/."""

from django.urls import path

from xiaoneng.evaluation.views import indicators, rotation, rounds, surveys, tasks

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
]
