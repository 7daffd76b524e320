"""API endpoints of the hall, mounted under /api/v1/."""

from django.urls import path

from xiaoneng.hall import api

urlpatterns = [
    path("hall/halls/", api.HallListView.as_view(), name="api-hall-halls"),
    path("hall/halls/import/", api.HallImportView.as_view(), name="api-hall-halls-import"),
    path("hall/windows/", api.WindowListView.as_view(), name="api-hall-windows"),
    path("hall/slots/", api.SlotListView.as_view(), name="api-hall-slots"),
    path("appointments/", api.AppointmentListView.as_view(), name="api-appointments"),
    path(
        "appointments/<str:number>/cancel/",
        api.AppointmentCancelView.as_view(),
        name="api-appointment-cancel",
    ),
    path(
        "appointments/<str:number>/reschedule/",
        api.AppointmentRescheduleView.as_view(),
        name="api-appointment-reschedule",
    ),
    path(
        "appointments/<str:number>/check-in/",
        api.AppointmentCheckInView.as_view(),
        name="api-appointment-check-in",
    ),
    path("queue/tickets/", api.TicketListView.as_view(), name="api-queue-tickets"),
    path(
        "queue/tickets/call-next/",
        api.TicketCallNextView.as_view(),
        name="api-queue-tickets-call-next",
    ),
    *[
        path(
            f"queue/tickets/<int:pk>/{action}/",
            api.TicketActionView.as_view(action=action),
            name=f"api-queue-ticket-{action}",
        )
        for action in ("start", "finish", "skip")
    ],
    path(
        "queue/tickets/<int:pk>/transfer/",
        api.TicketTransferView.as_view(),
        name="api-queue-ticket-transfer",
    ),
]
