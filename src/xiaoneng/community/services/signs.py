"""Signs on community premises (rule 3, 规范机构挂牌).

对外原则上只悬挂社区党组织、社区居民委员会、社区服务站三块牌子和民政部统一的社区标识；内部
功能场室只悬挂一块识别牌. Anything else is flagged for removal.
"""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.community.models import Sign, SignPlace
from xiaoneng.community.rules import OUTSIDE_ALLOWED_SIGNS, SignKind
from xiaoneng.community.services.common import clean_text, require, require_community
from xiaoneng.community.services.records import check_photo
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Perm


def sign_flag_reason(*, place: str, kind: str, signs_in_room: int) -> str:
    """Why a sign must come down, or "" when it may stay (pure; rule 3).

    `signs_in_room` counts the other signs still hanging in the same inner room.
    """
    if place == SignPlace.OUTSIDE and kind not in OUTSIDE_ALLOWED_SIGNS:
        return _(
            "Outside, only the party organization, the residents' committee, the service "
            "station and the national community mark may hang (rule 3)."
        )
    if place == SignPlace.INSIDE and signs_in_room >= 1:
        return _("An inner room carries one identification sign only (rule 3).")
    return ""


def sign_record(
    *,
    actor: User,
    community: Organization,
    place: str,
    kind: str,
    text: str,
    room: str = "",
    requested_by: str = "",
    photo: UploadedFile | None = None,
) -> Sign:
    """Record a sign (with its photo); flag it for removal where rule 3 is broken."""
    require_community(community)
    require(actor, (Perm.COMMUNITY_RECORD,), community)
    if place not in SignPlace.values:
        raise InvalidInput(_("Choose inside or outside."), field="place")
    if kind not in SignKind.values:
        raise InvalidInput(_("Choose the kind of sign."), field="kind")
    text = clean_text(text, field="text", max_length=200)
    room = clean_text(room, field="room", required=place == SignPlace.INSIDE, max_length=60)
    if photo is not None:
        check_photo(photo, field="photo")
    with transaction.atomic():
        in_room = 0
        if place == SignPlace.INSIDE:
            in_room = Sign.objects.filter(
                community=community, place=SignPlace.INSIDE, room=room, removed_on__isnull=True
            ).count()
        reason = sign_flag_reason(place=place, kind=kind, signs_in_room=in_room)
        sign = Sign.objects.create(
            community=community,
            place=place,
            kind=kind,
            text=text,
            room=room,
            requested_by=requested_by.strip()[:100],
            is_flagged=bool(reason),
            flag_reason=reason,
            recorded_by=actor,
            photo=photo or "",
        )
        audit(
            actor=actor, action="community.sign.record", obj=sign, detail={"flagged": bool(reason)}
        )
    return sign


def sign_remove(*, actor: User, sign: Sign, removed_on: date | None = None) -> Sign:
    require(actor, (Perm.COMMUNITY_RECORD,), sign.community)
    if sign.removed_on is not None:
        raise InvalidInput(_("This sign has already been removed."), field="removed_on")
    with transaction.atomic():
        sign.removed_on = removed_on or timezone.localdate()
        sign.save(update_fields=["removed_on"])
        audit(actor=actor, action="community.sign.remove", obj=sign)
    return sign
