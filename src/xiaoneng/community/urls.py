"""Workbench pages of this context, mounted under /workbench/community/."""

from django.urls import path

from xiaoneng.community.views import records as r
from xiaoneng.community.views import rules as v
from xiaoneng.community.views import selfgov as g

app_name = "community"
urlpatterns = [
    path("", r.dashboard, name="dashboard"),
    path("tasks/", v.tasks, name="tasks"),
    path("admissions/", v.admissions, name="admissions"),
    path("admissions/<int:pk>/decide/", v.admission_decide, name="admission_decide"),
    path("burden-reports/", v.burden_reports, name="burden_reports"),
    path("meetings/", v.meetings, name="meetings"),
    path("meetings/<int:pk>/approve/", v.meeting_approve, name="meeting_approve"),
    path("meetings/<int:pk>/held/", v.meeting_hold, name="meeting_hold"),
    path("meetings/<int:pk>/cancel/", v.meeting_cancel, name="meeting_cancel"),
    path("inspections/", v.inspections, name="inspections"),
    path("evaluations/", v.evaluations, name="evaluations"),
    path(
        "evaluations/<int:pk>/opinion-survey/",
        v.evaluation_opinion_survey,
        name="evaluation_opinion_survey",
    ),
    path("certificates/", r.certificates, name="certificates"),
    path("certificates/<int:pk>/word/", r.certificate_document, name="certificate_document"),
    path("signs/", r.signs, name="signs"),
    path("signs/<int:pk>/removed/", r.sign_remove, name="sign_remove"),
    path("records/", r.records, name="records"),
    path("registers/", r.registers, name="registers"),
    path("registers/<slug:key>/", r.register, name="register"),
    path("registers/<slug:key>/<int:pk>/correct/", r.register_correct, name="register_correct"),
    path("forum/<int:pk>/", r.forum_topic, name="forum_topic"),
    path("forum/<int:pk>/hide/", r.forum_moderate, name="forum_moderate"),
    path("forum/<int:pk>/deliberation/", g.topic_deliberation, name="topic_deliberation"),
    path("deliberations/<int:pk>/outcome/", g.deliberation_outcome, name="deliberation_outcome"),
    path("memberships/", g.memberships, name="memberships"),
    path("memberships/<int:pk>/decide/", g.membership_decide, name="membership_decide"),
    path("violations/", r.violations, name="violations"),
    path("violations/<int:pk>/accountability/", r.accountability_open, name="accountability_open"),
    path(
        "accountability/<int:pk>/rectification/",
        r.accountability_rectify,
        name="accountability_rectify",
    ),
    path("accountability/<int:pk>/closure/", r.accountability_close, name="accountability_close"),
]
