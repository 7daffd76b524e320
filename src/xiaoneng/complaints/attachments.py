"""Attachment checks: count, size, and type judged by content (magic bytes via `filetype`).

A file passes only when its content is one of the allowed types AND its name's extension agrees
with that content, so an executable renamed "photo.jpg" or a text file named "letter.pdf" is
refused. Files are stored under MEDIA_ROOT with random names (core.models.user_upload_path).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

from xiaoneng.core.errors import InvalidInput

MAX_ATTACHMENTS = 5
# extension of the detected type → extensions a file name may carry for it
ALLOWED_TYPES: dict[str, frozenset[str]] = {
    "jpg": frozenset({"jpg", "jpeg"}),
    "png": frozenset({"png"}),
    "pdf": frozenset({"pdf"}),
    "docx": frozenset({"docx"}),
    "mp3": frozenset({"mp3"}),
    "m4a": frozenset({"m4a"}),
    "mp4": frozenset({"mp4"}),
}


def max_attachment_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content: bytes
    content_type: str
    sha256: str


def check_attachments(files: list[IO[bytes]], *, field: str = "attachments") -> list[CheckedFile]:
    """Read and check every file before anything is stored; raise on the first bad one."""
    if len(files) > MAX_ATTACHMENTS:
        raise InvalidInput(
            _("At most %(count)s attachments may be sent.") % {"count": MAX_ATTACHMENTS},
            field=field,
        )
    limit = max_attachment_bytes()
    checked = []
    for upload in files:
        name = PurePath(str(getattr(upload, "name", "") or "file")).name[:200]
        declared_size = getattr(upload, "size", None)
        if declared_size is not None and declared_size > limit:
            raise _too_large(name, limit, field)
        content = upload.read(limit + 1)
        if len(content) > limit:
            raise _too_large(name, limit, field)
        if not content:
            raise InvalidInput(_("“%(name)s” is empty.") % {"name": name}, field=field)
        kind = filetype.guess(content)
        extension = PurePath(name).suffix.lower().lstrip(".")
        if kind is None or kind.extension not in ALLOWED_TYPES:
            raise InvalidInput(
                _(
                    "“%(name)s” is not an allowed file type (JPEG, PNG, PDF, Word .docx, MP3, "
                    "M4A, MP4)."
                )
                % {"name": name},
                field=field,
            )
        if extension not in ALLOWED_TYPES[kind.extension]:
            raise InvalidInput(
                _("“%(name)s” is named as .%(ext)s but its content is %(kind)s.")
                % {"name": name, "ext": extension or "?", "kind": kind.extension.upper()},
                field=field,
            )
        checked.append(
            CheckedFile(
                name=name,
                content=content,
                content_type=kind.mime,
                sha256=hashlib.sha256(content).hexdigest(),
            )
        )
    return checked


def _too_large(name: str, limit: int, field: str) -> InvalidInput:
    return InvalidInput(
        _("“%(name)s” is larger than %(mb)s MB.") % {"name": name, "mb": limit // (1024 * 1024)},
        field=field,
    )
