"""Public portal pages of the hall, mounted under /hall/ on the portal."""

from django.urls import path

from xiaoneng.hall import kiosk, portal_views

app_name = "portal_hall"
urlpatterns = [
    path("", portal_views.index, name="index"),
    path("halls/<str:code>/", portal_views.hall_page, name="hall"),
    path("halls/<str:code>/book/", portal_views.book, name="book"),
    path("appointments/", portal_views.mine, name="mine"),
    path("appointments/<str:number>/", portal_views.appointment_page, name="appointment"),
    path("appointments/<str:number>/cancel/", portal_views.cancel, name="cancel"),
    path("appointments/<str:number>/reschedule/", portal_views.reschedule, name="reschedule"),
    path("kiosk/<str:code>/", kiosk.kiosk, name="kiosk"),
    path("kiosk/<str:code>/tickets/<int:pk>/", kiosk.kiosk_ticket, name="kiosk_ticket"),
]
