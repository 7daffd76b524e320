"""Workbench pages of this context, mounted under /workbench/complaints/."""

from django.urls import path

from xiaoneng.complaints import views

app_name = "complaints"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("inbox/", views.inbox, name="inbox"),
    path("register/", views.register, name="register"),
    path("figures/", views.figures, name="figures"),
    path("ratings/", views.ratings, name="ratings"),
    path("ratings/<int:pk>/", views.rating_detail, name="rating"),
    path("consultations/", views.consultations, name="consultations"),
    path("import/", views.import_file, name="import"),
    path("<str:number>/", views.detail, name="detail"),
    path("<str:number>/attachments/<int:pk>/", views.attachment, name="attachment"),
    path("<str:number>/outcomes/<int:pk>/warning/", views.issue_warning, name="issue_warning"),
    path("<str:number>/<slug:action>/", views.act, name="act"),
]
