"""Read China's holidays and make-up working days from the ``holidays`` package.

``holidays.China`` lists statutory holidays and the days off moved by the State Council's
yearly notices; the weekend days turned into working days (调休上班) are collected in the
``weekend_workdays`` attribute while the years are populated.  The library computes
holidays for every year up to 2100 from the statutory rules, but only the years present in
``ChinaStaticHolidays.special_public_holidays`` were checked against a published notice
(2001 onwards, see the class docstring "Checked With").  Only those years are *known*; any
later year is provisional until a local notice is entered.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from importlib.metadata import version

from holidays.countries.china import China, ChinaStaticHolidays

#: The library's language for names: the notices' own wording.
LIBRARY_LANGUAGE = "zh_CN"


def library_version() -> str:
    """The installed ``holidays`` version, shown as the source of library days."""
    return version("holidays")


def library_known_years() -> frozenset[int]:
    """Years for which the library carries a State Council notice (2001–2026 in 0.109)."""
    return frozenset(int(y) for y in ChinaStaticHolidays.special_public_holidays)


@lru_cache(maxsize=4)
def library_days(years: frozenset[int]) -> dict[date, tuple[bool, str]]:
    """Status of every day in ``years`` according to the library.

    Returns ``{day: (is_workday, name)}``; ``name`` is the holiday's name for a day off and
    "" otherwise (the library does not name make-up working days).  Neighbouring years are populated
    too, because a notice can move a day of the previous December.  The result is cached
    (rebuilding a calendar after a notice costs milliseconds); treat it as read-only.
    """
    if not years:
        return {}
    populated = range(min(years), max(years) + 2)
    china = China(years=populated, language=LIBRARY_LANGUAGE)
    result: dict[date, tuple[bool, str]] = {}
    for year in sorted(years):
        day = date(year, 1, 1)
        end = date(year, 12, 31)
        while day <= end:
            is_workday = china.is_working_day(day)
            name = "" if is_workday else china.get(day) or ""
            result[day] = (is_workday, name)
            day += timedelta(days=1)
    return result
