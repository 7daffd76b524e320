"""Work record book and electronic archive (rule 4, 精简台账档案).

推行以工作记载簿替代社区台账…各类活动、会议情况用照片及文字说明留档…建立规范的电子档案.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.community.models import EntryKind, RecordPhoto, WorkRecordEntry
from xiaoneng.community.services.common import clean_text, require, require_community
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Perm

PHOTO_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}
PHOTO_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG", b"GIF8", b"RIFF")


def check_photo(photo: UploadedFile, *, field: str) -> None:
    """A photo is a JPEG, PNG, GIF or WebP image within the upload limit."""
    limit = getattr(settings, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
    if photo.size is None or photo.size > limit:
        raise InvalidInput(
            _("The photo is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}, field=field
        )
    head = photo.read(12)
    photo.seek(0)
    if not head.startswith(PHOTO_SIGNATURES):
        raise InvalidInput(_("Upload a photo (JPEG, PNG, GIF or WebP)."), field=field)


def record_entry_create(
    *,
    actor: User,
    community: Organization,
    entry_on: date,
    kind: str,
    title: str,
    text: str,
    photos: list[UploadedFile] | None = None,
) -> WorkRecordEntry:
    """A dated entry of the work record book; activities and meetings carry photos and text."""
    require_community(community)
    require(actor, (Perm.COMMUNITY_RECORD,), community)
    if kind not in EntryKind.values:
        raise InvalidInput(_("Choose the kind of entry."), field="kind")
    if entry_on is None or entry_on > timezone.localdate():
        raise InvalidInput(_("Enter a date that is not in the future."), field="entry_on")
    title = clean_text(title, field="title", max_length=200)
    text = clean_text(text, field="text")
    photos = photos or []
    for photo in photos:
        check_photo(photo, field="photos")
    with transaction.atomic():
        entry = WorkRecordEntry.objects.create(
            community=community, entry_on=entry_on, kind=kind, title=title, text=text, author=actor
        )
        for photo in photos:
            RecordPhoto.objects.create(
                entry=entry, photo=photo, original_name=(photo.name or "")[:200]
            )
        audit(
            actor=actor, action="community.record.create", obj=entry, detail={"photos": len(photos)}
        )
    return entry
