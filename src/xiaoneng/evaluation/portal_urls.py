"""Public portal pages of this context, mounted under /evaluation/ on the portal."""

from django.urls import path

from xiaoneng.evaluation.views.surveys import survey_answer_public, survey_start

app_name = "portal_evaluation"
urlpatterns = [
    path("survey/", survey_start, name="survey_start"),
    path("survey/<str:token>/", survey_answer_public, name="survey_answer"),
]
