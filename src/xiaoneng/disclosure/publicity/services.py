"""Use cases of publicity (宣传): work bulletins (工作简报), media items (稿件) and columns (专栏).

The efficiency office (DISCLOSURE_PUBLISH, within its scope) drafts and issues bulletins in a
unit's name and records what the media published; no new capability (ADR 0009).

Rules (tests/disclosure/test_publicity.py cites them):
- B1 a bulletin is numbered when it is issued, per issuing unit and year, 1, 2, … without gaps
  (core.numbering.sequence_next locks the unit's sequence of the year until the issue commits;
  a failed issue gives its number back); the masthead reads 〔2026〕第3期;
- B2 only a draft is issued, once; an issued bulletin is a document of record;
- B3 a bulletin is issued today or on a day already past, never in the future (the year of the
  issue date is the year of its number);
- M1 a media item is recorded after it was published: its date is not in the future — a future
  date would count an article in a period before it appeared (the report's 76 articles are
  articles that appeared);
- M2 its link, if any, is an http(s) address (what the portal and the Excel list open);
- M3 an item in a column is published by the outlet that runs the column, on or after the day
  the column opened, and only while it runs.
"""

from __future__ import annotations

from datetime import date
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.complaints.attachments import check_attachments
from xiaoneng.core.access import user_has_perm, user_may
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.models import Organization, User
from xiaoneng.core.numbering import sequence_next
from xiaoneng.core.roles import Perm
from xiaoneng.disclosure.models import Bulletin, Column, MediaItem, MediaTopic, OutletLevel
from xiaoneng.disclosure.workflow import BULLETIN_TRANSITIONS, BulletinStatus

_LINK = URLValidator(schemes=["http", "https"])


def _require_publisher(actor: User, unit: Organization | None = None) -> None:
    allowed = (
        user_may(actor, Perm.DISCLOSURE_PUBLISH, unit)
        if unit is not None
        else user_has_perm(actor, Perm.DISCLOSURE_PUBLISH)
    )
    if not allowed:
        raise NotPermitted(_("Only the efficiency office records publicity."))


def _text(value: str, *, field: str, limit: int, message: str) -> str:
    value = value.strip()
    if not value:
        raise InvalidInput(message, field=field)
    if len(value) > limit:
        raise InvalidInput(
            _("At most %(n)s characters.") % {"n": limit},
            field=field,
        )
    return value


def _not_future(day: date, *, field: str, message: str) -> date:
    if day > timezone.localdate():
        raise InvalidInput(message, field=field)
    return day


def bulletin_draft(
    *,
    actor: User,
    unit: Organization,
    title: str,
    body: str = "",
    is_public: bool = True,
    file: IO[bytes] | None = None,
) -> Bulletin:
    """A draft bulletin of `unit` (no number yet: B1)."""
    _require_publisher(actor, unit)
    title = _text(title, field="title", limit=200, message=_("Give the bulletin a title."))
    checked = check_attachments([file], field="attachment") if file is not None else []
    if not body.strip() and not checked:
        raise InvalidInput(_("Write the text of the bulletin or attach it."), field="body")
    with transaction.atomic():
        bulletin = Bulletin(
            unit=unit, title=title, body=body.strip(), is_public=is_public, created_by=actor
        )
        for f in checked:
            bulletin.attachment_name, bulletin.attachment_type = f.name, f.content_type
            bulletin.attachment.save(f.name, ContentFile(f.content), save=False)
        bulletin.save()
        audit(
            actor=actor, action="disclosure.bulletin_draft", obj=bulletin, detail={"title": title}
        )
    return bulletin


def bulletin_issue(*, actor: User, bulletin: Bulletin, issued_on: date | None = None) -> Bulletin:
    """Issue a draft under the next number of its unit's year (B1, B2, B3)."""
    _require_publisher(actor, bulletin.unit)
    issued_on = _not_future(
        issued_on or timezone.localdate(),
        field="issued_on",
        message=_("A bulletin cannot be issued on a future day."),
    )
    with transaction.atomic():
        locked = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
        if BulletinStatus.ISSUED not in BULLETIN_TRANSITIONS[locked.status]:
            raise Conflict(_("The bulletin %(n)s is already issued.") % {"n": locked.number})
        locked.year = issued_on.year
        locked.serial = sequence_next(key=f"disclosure.bulletin.{locked.unit_id}", year=locked.year)
        locked.status, locked.issued_on = BulletinStatus.ISSUED, issued_on
        locked.save(update_fields=["year", "serial", "status", "issued_on"])
        audit(
            actor=actor,
            action="disclosure.bulletin_issue",
            obj=locked,
            detail={"number": locked.number, "unit": locked.unit.name},
        )
    return locked


def column_open(
    *,
    actor: User,
    name: str,
    outlet: str,
    description: str = "",
    started_on: date | None = None,
) -> Column:
    """A column (专栏) an outlet runs on the efficiency work."""
    _require_publisher(actor)
    name = _text(name, field="name", limit=100, message=_("Name the column."))
    outlet = _text(outlet, field="outlet", limit=100, message=_("Name the outlet."))
    if len(description) > 500:
        raise InvalidInput(_("At most %(n)s characters.") % {"n": 500}, field="description")
    if started_on is not None:
        _not_future(
            started_on, field="started_on", message=_("A column cannot open on a future day.")
        )
    try:
        with transaction.atomic():
            column = Column.objects.create(
                name=name, outlet=outlet, description=description.strip(), started_on=started_on
            )
            audit(actor=actor, action="disclosure.column_open", obj=column, detail={"name": name})
    except IntegrityError as exc:
        raise Conflict(_("The outlet already runs a column of that name."), field="name") from exc
    return column


def column_close(*, actor: User, column: Column) -> Column:
    """The outlet no longer runs the column: no new items go into it (M3)."""
    _require_publisher(actor)
    if not column.is_active:
        raise Conflict(_("The column is already closed."))
    with transaction.atomic():
        column.is_active = False
        column.save(update_fields=["is_active"])
        audit(actor=actor, action="disclosure.column_close", obj=column)
    return column


def media_item_record(
    *,
    actor: User,
    outlet: str,
    outlet_level: str,
    published_on: date,
    title: str,
    topic: str,
    link: str = "",
    column: Column | None = None,
    unit: Organization | None = None,
) -> MediaItem:
    """Record an article an outlet published (M1, M2, M3)."""
    _require_publisher(actor, unit)
    outlet = _text(outlet, field="outlet", limit=100, message=_("Name the outlet."))
    title = _text(title, field="title", limit=200, message=_("Give the article's title."))
    if outlet_level not in OutletLevel.values:
        raise InvalidInput(_("Choose the level of the outlet."), field="outlet_level")
    if topic not in MediaTopic.values:
        raise InvalidInput(_("Choose the topic."), field="topic")
    _not_future(
        published_on,
        field="published_on",
        message=_("Record an article once it has appeared: the date is in the future."),
    )
    link = link.strip()
    if link:
        try:
            _LINK(link)
        except ValidationError as exc:
            raise InvalidInput(
                _("The link is a web address starting with http:// or https://."), field="link"
            ) from exc
        if len(link) > 500:
            raise InvalidInput(_("At most %(n)s characters.") % {"n": 500}, field="link")
    if column is not None:
        if not column.is_active:
            raise InvalidInput(_("The column %(c)s is closed.") % {"c": column}, field="column")
        if column.outlet != outlet:
            raise InvalidInput(
                _("The column %(c)s is run by %(o)s, not by this outlet.")
                % {"c": column.name, "o": column.outlet},
                field="column",
            )
        if column.started_on and published_on < column.started_on:
            raise InvalidInput(
                _("The column opened on %(d)s, after this date.") % {"d": column.started_on},
                field="published_on",
            )
    with transaction.atomic():
        item = MediaItem.objects.create(
            outlet=outlet,
            outlet_level=outlet_level,
            published_on=published_on,
            title=title,
            link=link,
            topic=topic,
            column=column,
            unit=unit,
            recorded_by=actor,
        )
        audit(actor=actor, action="disclosure.media_item_record", obj=item, detail={"title": title})
    return item
