"""Public pages of disclosure, mounted under /disclosure/ on the portal."""

from django.urls import path

from xiaoneng.disclosure import portal_views

app_name = "portal_disclosure"
urlpatterns = [
    path("", portal_views.figures, name="figures"),
    path("catalogue/", portal_views.catalogue, name="catalogue"),
    path("catalogue/<int:pk>/", portal_views.item, name="item"),
    path(
        "catalogue/<int:pk>/attachments/<int:attachment_pk>/",
        portal_views.attachment,
        name="attachment",
    ),
    path("topics/", portal_views.topics, name="topics"),
    path("topics/<str:number>/support/", portal_views.topic_support, name="topic_support"),
    path("bulletins/", portal_views.bulletins, name="bulletins"),
    path("bulletins/<int:pk>/", portal_views.bulletin, name="bulletin"),
]
