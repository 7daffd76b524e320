"""Rule 3 (signs) and rule 4 (work record book, electronic archive)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from xiaoneng.community import selectors
from xiaoneng.community.models import EntryKind, SignPlace
from xiaoneng.community.rules import SignKind
from xiaoneng.community.services import records as record_services
from xiaoneng.community.services import signs as sign_services
from xiaoneng.core.errors import InvalidInput

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize(
    ("kind", "flagged"),
    [
        # rule 3: 对外只悬挂社区党组织、居委会、服务站三块牌子和民政部统一的社区标识
        (SignKind.PARTY_ORGANIZATION, False),
        (SignKind.RESIDENTS_COMMITTEE, False),
        (SignKind.SERVICE_STATION, False),
        (SignKind.COMMUNITY_MARK, False),
        (SignKind.ROOM, True),
        (SignKind.OTHER, True),
    ],
)
def test_outside_only_the_allowed_set(cm, kind, flagged):
    sign = sign_services.sign_record(
        actor=cm.community_staff,
        community=cm.community,
        place=SignPlace.OUTSIDE,
        kind=kind,
        text="牌子",
        photo=SimpleUploadedFile("a.png", PNG),
    )
    assert sign.is_flagged is flagged
    assert bool(sign.flag_reason) is flagged
    assert sign.photo


def test_one_sign_per_inner_room(cm):
    """Rule 3: 内部功能场室只悬挂一块识别牌."""
    first = sign_services.sign_record(
        actor=cm.community_staff,
        community=cm.community,
        place=SignPlace.INSIDE,
        room="活动室",
        kind=SignKind.ROOM,
        text="居民活动室",
    )
    second = sign_services.sign_record(
        actor=cm.community_staff,
        community=cm.community,
        place=SignPlace.INSIDE,
        room="活动室",
        kind=SignKind.OTHER,
        text="某部门工作站",
    )
    other_room = sign_services.sign_record(
        actor=cm.community_staff,
        community=cm.community,
        place=SignPlace.INSIDE,
        room="阅览室",
        kind=SignKind.ROOM,
        text="阅览室",
    )
    assert (first.is_flagged, second.is_flagged, other_room.is_flagged) == (False, True, False)
    sign_services.sign_remove(actor=cm.community_staff, sign=second)
    assert second.removed_on is not None
    with pytest.raises(InvalidInput):
        sign_services.sign_remove(actor=cm.community_staff, sign=second)


def test_inner_sign_needs_its_room(cm):
    with pytest.raises(InvalidInput) as caught:
        sign_services.sign_record(
            actor=cm.community_staff,
            community=cm.community,
            place=SignPlace.INSIDE,
            kind=SignKind.ROOM,
            text="x",
        )
    assert caught.value.field == "room"


def test_a_photo_must_be_an_image(cm):
    with pytest.raises(InvalidInput) as caught:
        sign_services.sign_record(
            actor=cm.community_staff,
            community=cm.community,
            place=SignPlace.OUTSIDE,
            kind=SignKind.COMMUNITY_MARK,
            text="x",
            photo=SimpleUploadedFile("a.png", b"MZ not a photo"),
        )
    assert caught.value.field == "photo"


def test_record_book_entries_with_photos_and_the_archive_by_year(cm):
    """Rule 4: 推行以工作记载簿替代社区台账…照片及文字说明留档…建立规范的电子档案."""
    entry = record_services.record_entry_create(
        actor=cm.community_staff,
        community=cm.community,
        entry_on=date(2025, 12, 30),
        kind=EntryKind.ACTIVITY,
        title="重阳节敬老活动",
        text="走访慰问高龄老人20户",
        photos=[SimpleUploadedFile("a.png", PNG), SimpleUploadedFile("b.png", PNG)],
    )
    record_services.record_entry_create(
        actor=cm.community_staff,
        community=cm.community,
        entry_on=date(2026, 1, 5),
        kind=EntryKind.WORK,
        title="低保复核",
        text="完成复核",
    )
    assert entry.photos.count() == 2
    assert selectors.archive_years(user=cm.community_staff) == [2026, 2025]
    assert [e.title for e in selectors.record_list(user=cm.community_staff, year=2025)] == [
        "重阳节敬老活动"
    ]
    assert not selectors.record_list(user=cm.other_community_staff).exists()


def test_record_entry_cannot_be_dated_in_the_future(cm):
    with pytest.raises(InvalidInput) as caught:
        record_services.record_entry_create(
            actor=cm.community_staff,
            community=cm.community,
            entry_on=date(2999, 1, 1),
            kind=EntryKind.WORK,
            title="x",
            text="y",
        )
    assert caught.value.field == "entry_on"
