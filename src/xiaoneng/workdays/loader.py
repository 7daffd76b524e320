"""Feed the default calendar from the database (registered in ``WorkdaysConfig.ready``)."""

from __future__ import annotations

import logging
from collections.abc import Hashable

from django.db import DatabaseError

from xiaoneng.workdays import selectors
from xiaoneng.workdays.default import NoticesUnavailable
from xiaoneng.workdays.notices import Notice

logger = logging.getLogger(__name__)


def load_stored_notices() -> list[Notice]:
    """The stored notices, or NoticesUnavailable when the database cannot be read."""
    try:
        return selectors.notices_for_calendar()
    except (DatabaseError, RuntimeError) as exc:  # RuntimeError: a test without DB access
        logger.info("calendar notices unavailable, using the library only: %s", exc)
        raise NoticesUnavailable(str(exc)) from exc


def stored_notices_stamp() -> Hashable:
    """A cheap fingerprint of the stored notices."""
    try:
        return selectors.notice_stamp()
    except (DatabaseError, RuntimeError) as exc:
        raise NoticesUnavailable(str(exc)) from exc
