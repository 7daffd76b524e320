"""Events of the working-day calendar.

``calendar_notice_saved`` is sent after the transaction that saved a year's notice commits,
with ``year`` (int), ``notice`` (CalendarNotice) and ``changed_days`` (list of dates whose
working status changed).  Apps that stored values depending on that year (see
``ProvisionalDependency``) recompute them in a receiver.
"""

from __future__ import annotations

from django.dispatch import Signal

calendar_notice_saved = Signal()
