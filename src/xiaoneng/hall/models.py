"""The one-stop service hall (一站式服务大厅): halls, windows, chief representatives,
appointments (预约) and queue tickets (取号/叫号).

Only `hall.services` writes these rows. Opening days come from the working-day calendar
(`xiaoneng.workdays`); the hours and slot length are the hall's own.
"""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xiaoneng.hall.workflow import AppointmentStatus, TicketStatus


class HallKind(models.TextChoices):
    SERVICE_CENTRE = "service_centre", _("Administrative service centre")
    DEPARTMENT_HALL = "department_hall", _("Department hall")
    SERVICE_STATION = "service_station", _("Street or community service station")


class Hall(models.Model):
    """A hall where the public is served at windows."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=HallKind.choices)
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("organization running the hall"),
        on_delete=models.PROTECT,
        related_name="halls",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    opens_at = models.TimeField(_("opens at"), default=time(9, 0))
    closes_at = models.TimeField(_("closes at"), default=time(17, 0))
    slot_minutes = models.PositiveSmallIntegerField(_("slot length (minutes)"), default=30)
    booking_days_ahead = models.PositiveSmallIntegerField(_("bookable days ahead"), default=30)
    change_cutoff_hours = models.PositiveSmallIntegerField(
        _("cancel or reschedule until (hours before the slot)"), default=2
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service hall")
        verbose_name_plural = _("service halls")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class WindowKind(models.TextChoices):
    COMPREHENSIVE = "comprehensive", _("Comprehensive window")
    DEPARTMENT = "department", _("Department window")


class Window(models.Model):
    """A window of a hall: the items it handles, its slot capacity and the clerks on duty."""

    hall = models.ForeignKey(
        Hall, verbose_name=_("hall"), on_delete=models.CASCADE, related_name="windows"
    )
    number = models.CharField(_("window number"), max_length=10)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=WindowKind.choices)
    department = models.ForeignKey(
        "core.Organization",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hall_windows",
    )
    items = models.ManyToManyField(
        "catalog.ServiceItem",
        verbose_name=_("service items"),
        related_name="hall_windows",
        blank=True,
    )
    clerks = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("clerks on duty"),
        related_name="hall_windows",
        blank=True,
    )
    slot_capacity = models.PositiveSmallIntegerField(_("appointments per slot"), default=2)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("window")
        verbose_name_plural = _("windows")
        ordering = ["hall", "number"]
        constraints = [
            models.UniqueConstraint(fields=["hall", "number"], name="hall_window_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @property
    def label(self) -> str:
        return f"{self.number}号窗口" if self.number.isdigit() else self.number


class ChiefRepresentative(models.Model):
    """A department's chief representative (首席代表) in a hall, with the items the department
    authorised them to accept and decide on the spot."""

    hall = models.ForeignKey(
        Hall, verbose_name=_("hall"), on_delete=models.CASCADE, related_name="chief_representatives"
    )
    department = models.ForeignKey(
        "core.Organization",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="chief_representatives",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chief representative"),
        on_delete=models.PROTECT,
        related_name="chief_representative_posts",
    )
    items = models.ManyToManyField(
        "catalog.ServiceItem",
        verbose_name=_("authorised items"),
        related_name="chief_representatives",
        blank=True,
    )
    appointed_on = models.DateField(_("appointed on"))

    class Meta:
        verbose_name = _("chief representative")
        verbose_name_plural = _("chief representatives")
        constraints = [
            # one chief representative per department and hall
            models.UniqueConstraint(fields=["hall", "department"], name="hall_chief_once")
        ]

    def __str__(self) -> str:
        return f"{self.department} @ {self.hall}: {self.person}"


class BookingChannel(models.TextChoices):
    PORTAL = "portal", _("Portal")
    PHONE = "phone", _("Phone (booked by staff)")
    WINDOW = "window", _("At the window")


class AppointmentSlot(models.Model):
    """The places booked in one slot of one window. Booking increments ``booked`` with a
    conditional UPDATE (``booked < capacity``), so a full slot is refused under concurrency."""

    window = models.ForeignKey(Window, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts at"))
    capacity = models.PositiveSmallIntegerField(_("capacity"))
    booked = models.PositiveSmallIntegerField(_("booked"), default=0)

    class Meta:
        verbose_name = _("appointment slot")
        verbose_name_plural = _("appointment slots")
        constraints = [
            models.UniqueConstraint(fields=["window", "starts_at"], name="hall_slot_unique"),
            models.CheckConstraint(
                condition=models.Q(booked__lte=models.F("capacity")),
                name="hall_slot_not_overbooked",
            ),
        ]
        # the unique constraint's index serves the slot search (window, starts_at range)

    def __str__(self) -> str:
        return f"{self.window} {self.starts_at:%Y-%m-%d %H:%M}"


class Appointment(models.Model):
    number = models.CharField(_("appointment number"), max_length=24, unique=True)
    check_in_code = models.CharField(_("check-in code"), max_length=6)
    slot = models.ForeignKey(
        AppointmentSlot,
        verbose_name=_("slot"),
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    window = models.ForeignKey(
        Window, verbose_name=_("window"), on_delete=models.PROTECT, related_name="appointments"
    )
    item = models.ForeignKey(
        "catalog.ServiceItem",
        verbose_name=_("service item"),
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    applicant = models.ForeignKey(
        "core.Applicant",
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    channel = models.CharField(_("booked through"), max_length=16, choices=BookingChannel.choices)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("booked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.BOOKED,
    )
    starts_at = models.DateTimeField(_("slot starts at"))
    booked_at = models.DateTimeField(_("booked at"))
    changed_at = models.DateTimeField(_("last changed at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["-starts_at"]
        indexes = [
            # "my appointments" and the no-show rule (an applicant's missed appointments by day)
            models.Index(fields=["applicant", "status", "starts_at"], name="hall_appt_applicant"),
            # reminders the day before and the no-show sweep read booked appointments by start
            models.Index(fields=["status", "starts_at"], name="hall_appt_status_start"),
            # figures per window and day
            models.Index(fields=["window", "starts_at"], name="hall_appt_window_start"),
        ]

    def __str__(self) -> str:
        return self.number


class TicketKind(models.TextChoices):
    APPOINTMENT = "appointment", _("Appointment")
    WALK_IN = "walk_in", _("Walk-in")


class Ticket(models.Model):
    """A queue ticket of one day in one hall. ``waiting_from`` is when its wait counts from:
    issue, or for an appointment that came early, the start of its slot."""

    hall = models.ForeignKey(
        Hall, verbose_name=_("hall"), on_delete=models.PROTECT, related_name="tickets"
    )
    number = models.CharField(_("ticket number"), max_length=10)
    issued_on = models.DateField(_("day"))
    kind = models.CharField(_("kind"), max_length=16, choices=TicketKind.choices)
    item = models.ForeignKey(
        "catalog.ServiceItem",
        verbose_name=_("service item"),
        on_delete=models.PROTECT,
        related_name="hall_tickets",
    )
    window = models.ForeignKey(
        Window,
        verbose_name=_("window"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        help_text=_("The window it waits for or was called to; empty: any window for the item."),
    )
    appointment = models.OneToOneField(
        Appointment, null=True, blank=True, on_delete=models.PROTECT, related_name="ticket"
    )
    applicant = models.ForeignKey(
        "core.Applicant", null=True, blank=True, on_delete=models.PROTECT, related_name="tickets"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=TicketStatus.choices, default=TicketStatus.WAITING
    )
    issued_at = models.DateTimeField(_("issued at"))
    waiting_from = models.DateTimeField(_("waiting from"))
    called_at = models.DateTimeField(_("called at"), null=True, blank=True)
    started_at = models.DateTimeField(_("service started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("clerk"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hall_tickets",
    )
    transfers = models.PositiveSmallIntegerField(_("transfers"), default=0)
    is_wait_alerted = models.BooleanField(_("waiting-time alert sent"), default=False)
    case = models.OneToOneField(
        "cases.Case",
        verbose_name=_("case registered"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hall_ticket",
    )

    class Meta:
        verbose_name = _("queue ticket")
        verbose_name_plural = _("queue tickets")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["hall", "issued_on", "number"], name="hall_ticket_number"
            )
        ]
        indexes = [
            # call-next and the display: a hall's open tickets of the day
            models.Index(fields=["hall", "issued_on", "status"], name="hall_ticket_day_status"),
            # figures by window and period
            models.Index(fields=["window", "issued_on"], name="hall_ticket_window_day"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def wait_seconds(self) -> int | None:
        if self.called_at is None:
            return None
        return max(0, int((self.called_at - self.waiting_from).total_seconds()))

    @property
    def service_seconds(self) -> int | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return max(0, int((self.finished_at - self.started_at).total_seconds()))
