"""China's statutory working-day calendar (行政许可法 Art. 82).

Pure Python at its heart: importing this package does not import Django.  The module-level
functions use the process-wide default calendar (:mod:`xiaoneng.workdays.default`).
"""

from xiaoneng.workdays.default import (
    NoticesUnavailable,
    add_workdays,
    add_workdays_array,
    add_workdays_checked,
    count_workdays,
    count_workdays_array,
    count_workdays_checked,
    deadline_with_pauses,
    deadline_with_pauses_checked,
    elapsed_workdays,
    get_calendar,
    invalidate,
    is_workday,
    reload,
    set_notice_loader,
    set_notices,
)
from xiaoneng.workdays.errors import CalendarRangeError, NoticeError
from xiaoneng.workdays.notices import DayKind, Notice, NoticeDay, make_notice, validate_notice
from xiaoneng.workdays.workcalendar import (
    FIRST_DAY,
    LAST_DAY,
    CountResult,
    DayInfo,
    DaySource,
    DayType,
    WorkdayCalendar,
    WorkdayResult,
)

__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "CalendarRangeError",
    "CountResult",
    "DayInfo",
    "DayKind",
    "DaySource",
    "DayType",
    "Notice",
    "NoticeDay",
    "NoticeError",
    "NoticesUnavailable",
    "WorkdayCalendar",
    "WorkdayResult",
    "add_workdays",
    "add_workdays_array",
    "add_workdays_checked",
    "count_workdays",
    "count_workdays_array",
    "count_workdays_checked",
    "deadline_with_pauses",
    "deadline_with_pauses_checked",
    "elapsed_workdays",
    "get_calendar",
    "invalidate",
    "is_workday",
    "make_notice",
    "reload",
    "set_notice_loader",
    "set_notices",
    "validate_notice",
]
