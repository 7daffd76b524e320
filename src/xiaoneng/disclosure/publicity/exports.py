"""Files of publicity: a bulletin as Word (GB/T 9704 layout, core.documents) and the media
items of a period as Excel (core.excel), the columns as the office keeps them."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from xiaoneng.core.documents import OfficialDocument
from xiaoneng.core.excel import Sheet, workbook_bytes
from xiaoneng.disclosure.models import Bulletin, MediaItem


def bulletin_docx(bulletin: Bulletin) -> bytes:
    """The bulletin with its masthead (the unit's 工作简报 and the issue, 〔2026〕第3期)."""
    return OfficialDocument(
        issuer=_("%(unit)s work bulletin") % {"unit": bulletin.unit.name},
        title=bulletin.title,
        number=bulletin.number or _("Draft"),
        paragraphs=[p for p in bulletin.body.splitlines() if p.strip()],
        signature=bulletin.unit.name,
        dated_on=bulletin.issued_on,
    ).render()


def media_items_xlsx(items: Iterable[MediaItem]) -> bytes:
    headers = [
        _("Publication date"),
        _("Outlet"),
        _("Outlet level"),
        _("Title"),
        pgettext("publicity", "Topic"),
        pgettext("publicity", "Column"),
        _("Unit reported on"),
        _("Link"),
    ]
    rows = [
        [
            item.published_on,
            item.outlet,
            item.get_outlet_level_display(),
            item.title,
            item.get_topic_display(),
            item.column.name if item.column else "",
            item.unit.name if item.unit else "",
            item.link,
        ]
        for item in items
    ]
    return workbook_bytes(
        [Sheet(_("Media items"), headers, rows, widths=[14, 18, 12, 48, 14, 18, 20, 40])]
    )
