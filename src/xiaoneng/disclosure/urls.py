"""Workbench pages of disclosure, mounted under /workbench/disclosure/."""

from django.urls import path

from xiaoneng.disclosure import views
from xiaoneng.disclosure.publicity import views as publicity

app_name = "disclosure"
urlpatterns = [
    path("", views.manage, name="manage"),
    path("figures/", views.figures_publish, name="figures_publish"),
    path("items/<int:pk>/withdraw/", views.item_withdraw, name="item_withdraw"),
    path("topics/<str:number>/<slug:action>/", views.topic_act, name="topic_act"),
    path("publicity/", publicity.overview, name="publicity"),
    path("publicity/bulletins/", publicity.bulletins, name="bulletins"),
    path("publicity/bulletins/<int:pk>/", publicity.bulletin, name="bulletin"),
    path("publicity/bulletins/<int:pk>/docx/", publicity.bulletin_docx, name="bulletin_docx"),
    path(
        "publicity/bulletins/<int:pk>/attachment/",
        publicity.bulletin_attachment,
        name="bulletin_attachment",
    ),
    path("publicity/media/", publicity.media_items, name="media_items"),
    path("publicity/columns/", publicity.columns, name="columns"),
    path("publicity/columns/<int:pk>/close/", publicity.column_close, name="column_close"),
]
