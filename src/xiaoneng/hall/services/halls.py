"""Halls, windows and chief representatives: create, change, appoint, authorise (audited)."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.catalog.models import ServiceItem
from xiaoneng.core.access import user_may
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.models import Organization, User, UserKind
from xiaoneng.core.roles import Perm
from xiaoneng.hall import rules
from xiaoneng.hall.models import ChiefRepresentative, Hall, HallKind, Window, WindowKind
from xiaoneng.hall.services._common import require_manager, text


def _hours(opens_at: time, closes_at: time, slot_minutes: int) -> None:
    if not 5 <= slot_minutes <= 240:
        raise InvalidInput(_("A slot lasts 5 to 240 minutes."), field="slot_minutes")
    if opens_at >= closes_at:
        raise InvalidInput(_("The hall must close after it opens."), field="closes_at")
    if not rules.slot_times(opens_at, closes_at, slot_minutes):
        raise InvalidInput(_("The opening hours hold no whole slot."), field="slot_minutes")


def hall_create(
    *,
    actor: User,
    code: str,
    name: str,
    kind: str,
    organization: Organization,
    address: str = "",
    opens_at: time = time(9, 0),
    closes_at: time = time(17, 0),
    slot_minutes: int = 30,
    booking_days_ahead: int = 30,
    change_cutoff_hours: int = 2,
) -> Hall:
    """A hall run by ``organization``; the actor needs hall.manage there."""
    if not user_may(actor, Perm.HALL_MANAGE, organization):
        raise NotPermitted(_("You may not manage service halls of this organization."))
    code = text(code, field="code", max_length=20)
    if kind not in HallKind.values:
        raise InvalidInput(_("Choose the kind of hall."), field="kind")
    _hours(opens_at, closes_at, slot_minutes)
    if not 1 <= booking_days_ahead <= 90:
        raise InvalidInput(_("Bookable 1 to 90 days ahead."), field="booking_days_ahead")
    with transaction.atomic():
        if Hall.objects.filter(code=code).exists():
            raise Conflict(_("A hall with this code exists."), field="code")
        hall = Hall.objects.create(
            code=code,
            name=text(name, field="name", max_length=200),
            kind=kind,
            organization=organization,
            address=text(address, field="address", max_length=200, required=False),
            opens_at=opens_at,
            closes_at=closes_at,
            slot_minutes=slot_minutes,
            booking_days_ahead=booking_days_ahead,
            change_cutoff_hours=change_cutoff_hours,
        )
        audit(actor=actor, action="hall.create", obj=hall, detail={"code": code})
    return hall


def hall_update(*, actor: User, hall: Hall, **changes: Any) -> Hall:
    """Change a hall's name, address, hours, slot length, horizon, cut-off or activity."""
    require_manager(actor, hall)
    allowed = {
        "name",
        "address",
        "opens_at",
        "closes_at",
        "slot_minutes",
        "booking_days_ahead",
        "change_cutoff_hours",
        "is_active",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise InvalidInput(_("This field cannot be changed."), field=sorted(unknown)[0])
    opens_at = changes.get("opens_at", hall.opens_at)
    closes_at = changes.get("closes_at", hall.closes_at)
    _hours(opens_at, closes_at, changes.get("slot_minutes", hall.slot_minutes))
    with transaction.atomic():
        for name, value in changes.items():
            setattr(hall, name, value)
        hall.save()
        audit(
            actor=actor,
            action="hall.update",
            obj=hall,
            detail={k: str(v) for k, v in changes.items()},
        )
    return hall


def _items_for(items: list[ServiceItem], department: Organization | None) -> list[ServiceItem]:
    if department is not None:
        foreign = [i for i in items if not i.agency.path.startswith(department.path)]
        if foreign:
            raise InvalidInput(
                _("“%(item)s” is not an item of this department.") % {"item": foreign[0].name},
                field="items",
            )
    return items


def window_save(
    *,
    actor: User,
    hall: Hall,
    number: str,
    name: str,
    kind: str,
    department: Organization | None = None,
    items: list[ServiceItem] | None = None,
    clerks: list[User] | None = None,
    slot_capacity: int = 2,
    is_active: bool = True,
) -> tuple[Window, bool]:
    """Create the window ``number`` of the hall, or change it; (window, created)."""
    require_manager(actor, hall)
    number = text(number, field="number", max_length=10)
    if kind not in WindowKind.values:
        raise InvalidInput(_("Choose comprehensive or department window."), field="kind")
    if kind == WindowKind.DEPARTMENT and department is None:
        raise InvalidInput(_("A department window names its department."), field="department")
    if not 0 <= slot_capacity <= 50:
        raise InvalidInput(_("0 to 50 appointments per slot."), field="slot_capacity")
    checked = _items_for(list(items or []), department if kind == WindowKind.DEPARTMENT else None)
    staff = list(clerks or [])
    if any(c.kind != UserKind.STAFF for c in staff):
        raise InvalidInput(_("Only staff serve at windows."), field="clerks")
    with transaction.atomic():
        window, created = Window.objects.update_or_create(
            hall=hall,
            number=number,
            defaults={
                "name": text(name, field="name", max_length=100),
                "kind": kind,
                "department": department,
                "slot_capacity": slot_capacity,
                "is_active": is_active,
            },
        )
        window.items.set(checked)
        window.clerks.set(staff)
        audit(
            actor=actor,
            action="hall.window_create" if created else "hall.window_update",
            obj=window,
            detail={
                "hall": hall.code,
                "number": number,
                "items": [i.implementation_code for i in checked],
                "clerks": [c.username for c in staff],
                "slot_capacity": slot_capacity,
            },
        )
    return window, created


def chief_representative_appoint(
    *,
    actor: User,
    hall: Hall,
    department: Organization,
    person: User,
    items: list[ServiceItem],
    appointed_on: date | None = None,
) -> ChiefRepresentative:
    """The department's chief representative (首席代表) in the hall, with the items the
    department authorises them to accept and decide on the spot. The department grants it:
    the actor needs hall.manage on the department (its head, or the centre coordinator).
    Replacing the person or changing the items is audited with the items before and after."""
    if not user_may(actor, Perm.HALL_MANAGE, department):
        raise NotPermitted(_("Only the department (or the centre) appoints its representative."))
    if person.kind != UserKind.STAFF or person.organization is None:
        raise InvalidInput(_("The chief representative is a staff member."), field="person")
    if not person.organization.path.startswith(department.path):
        raise InvalidInput(_("The chief representative belongs to the department."), field="person")
    checked = _items_for(items, department)
    with transaction.atomic():
        chief = (
            ChiefRepresentative.objects.select_for_update()
            .filter(hall=hall, department=department)
            .first()
        )
        before: list[str] = []
        previous_person = ""
        if chief is None:
            chief = ChiefRepresentative.objects.create(
                hall=hall,
                department=department,
                person=person,
                appointed_on=appointed_on or timezone.localdate(),
            )
        else:
            before = sorted(chief.items.values_list("implementation_code", flat=True))
            previous_person = chief.person.username
            if chief.person_id != person.pk:
                chief.person = person
                chief.appointed_on = appointed_on or timezone.localdate()
                chief.save(update_fields=["person", "appointed_on"])
        chief.items.set(checked)
        audit(
            actor=actor,
            action="hall.chief_representative_authorise",
            obj=chief,
            detail={
                "hall": hall.code,
                "department": department.name,
                "person": person.username,
                "previous_person": previous_person,
                "items_before": before,
                "items_after": sorted(i.implementation_code for i in checked),
            },
        )
    return chief


def chief_representative_revoke(*, actor: User, chief: ChiefRepresentative) -> None:
    if not user_may(actor, Perm.HALL_MANAGE, chief.department):
        raise NotPermitted(_("Only the department (or the centre) appoints its representative."))
    with transaction.atomic():
        audit(
            actor=actor,
            action="hall.chief_representative_revoke",
            obj=chief,
            detail={
                "hall": chief.hall.code,
                "department": chief.department.name,
                "person": chief.person.username,
                "items_before": sorted(chief.items.values_list("implementation_code", flat=True)),
            },
        )
        chief.delete()
