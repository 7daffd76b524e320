"""`xiaoneng workdays …`: query the working-day calendar and import a year's notice.

xiaoneng workdays add 2025-09-30 5
xiaoneng workdays count 2025-09-30 2025-10-14
xiaoneng workdays year 2026
xiaoneng workdays import-notice docs/samples/notice-2026.yaml [--dry-run] [--user NAME]
"""

from __future__ import annotations

import calendar as month_calendar
from argparse import ArgumentParser, ArgumentTypeError
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from xiaoneng.core.errors import DomainError
from xiaoneng.core.models import User
from xiaoneng.workdays import default, services
from xiaoneng.workdays.errors import CalendarRangeError
from xiaoneng.workdays.noticefile import NoticeFileError, read_notice_file
from xiaoneng.workdays.workcalendar import DayInfo, DayType

MARKS = {
    DayType.WORKDAY: " ",
    DayType.WEEKEND: " ",
    DayType.HOLIDAY: "*",
    DayType.MAKEUP_WORKDAY: "+",
}


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from exc


class Command(BaseCommand):
    help = "Working days (行政许可法 Art. 82): add, count, show a year, import a notice."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        add = sub.add_parser("add", help="the N-th working day after START")
        add.add_argument("start", type=_date)
        add.add_argument("n", type=int)
        count = sub.add_parser("count", help="working days in (START, END]")
        count.add_argument("start", type=_date)
        count.add_argument("end", type=_date)
        year = sub.add_parser("year", help="month grids of a year with holidays and make-up days")
        year.add_argument("year", type=int)
        notice = sub.add_parser("import-notice", help="import a year's notice (CSV or YAML)")
        notice.add_argument("file")
        notice.add_argument("--dry-run", action="store_true", help="check and preview only")
        notice.add_argument("--user", help="user name recorded as the one who entered it")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "add":
                self._add(options["start"], options["n"])
            elif action == "count":
                self._count(options["start"], options["end"])
            elif action == "year":
                self._year(options["year"])
            else:
                self._import(options["file"], dry_run=options["dry_run"], username=options["user"])
        except (CalendarRangeError, ValueError) as exc:
            raise CommandError(str(exc)) from exc

    def _add(self, start: date, n: int) -> None:
        result = default.add_workdays_checked(start, n)
        line = f"{start.isoformat()} + {n} working days = {result.day.isoformat()}"
        self.stdout.write(line + self._provisional(result.unknown_years))

    def _count(self, start: date, end: date) -> None:
        result = default.count_workdays_checked(start, end)
        line = f"working days in ({start.isoformat()}, {end.isoformat()}] = {result.workdays}"
        self.stdout.write(line + self._provisional(result.unknown_years))

    @staticmethod
    def _provisional(years: tuple[int, ...]) -> str:
        if not years:
            return ""
        listed = ", ".join(str(y) for y in years)
        return f"  (provisional: no notice for {listed}; weekends only)"

    def _year(self, year: int) -> None:
        calendar = default.get_calendar()
        days = calendar.year_days(year)
        source, reference = calendar.year_source(year)
        self.stdout.write(f"{year}: source {source.value}{f' ({reference})' if reference else ''}")
        if not calendar.is_known_year(year):
            self.stdout.write("provisional: no notice for this year yet (weekends only)")
        self.stdout.write("legend: * holiday, + make-up working day (调休上班)")
        self.stdout.write(_grids(year, days))
        special = [d for d in days if d.day_type in (DayType.HOLIDAY, DayType.MAKEUP_WORKDAY)]
        for info in special:
            kind = "holiday" if info.day_type == DayType.HOLIDAY else "make-up working day"
            self.stdout.write(
                f"{info.day.isoformat()} {info.day.strftime('%a')}  {kind:<19} "
                f"{info.name or '-'}  [{info.source.value}{': ' + info.reference if info.reference else ''}]"
            )
        workdays = sum(1 for d in days if d.is_workday)
        self.stdout.write(f"{workdays} working days")

    def _import(self, path: str, *, dry_run: bool, username: str | None) -> None:
        try:
            parsed = read_notice_file(path)
        except NoticeFileError as exc:
            raise CommandError("nothing imported:\n  " + "\n  ".join(exc.problems)) from exc
        notice = parsed.notice
        preview = services.notice_preview(
            year=notice.year, days=notice.days, document_number=notice.reference
        )
        self.stdout.write(
            f"notice {notice.year} {notice.reference}: {len(notice.days)} days, "
            f"{len(preview.changed_days)} days change"
        )
        for before, after in preview.changed_days:
            self.stdout.write(f"  {_describe(before)} → {_describe(after)}")
        for summary in preview.deadline_shifts:
            if summary.changed:
                self.stdout.write(
                    f"  {summary.limit:>2} working days: {summary.changed} deadlines move"
                )
        for label, total in preview.dependencies:
            self.stdout.write(f"  {total} provisional values of {label} will be recomputed")
        if dry_run:
            self.stdout.write("dry run: nothing imported")
            return
        actor = None
        if username:
            actor = User.objects.filter(username=username).first()
            if actor is None:
                raise CommandError(f"no user named {username!r}")
        try:
            services.notice_import(
                actor=actor,
                year=notice.year,
                days=notice.days,
                document_number=notice.reference,
                published_on=parsed.published_on,
                note=parsed.note,
                actor_name="" if actor else "command line",
            )
        except DomainError as exc:
            reasons = "\n  ".join(str(message) for _field, message in exc.errors)
            raise CommandError("nothing imported:\n  " + reasons) from exc
        self.stdout.write(self.style.SUCCESS(f"imported the {notice.year} notice"))


def _describe(info: DayInfo) -> str:
    state = "working" if info.is_workday else "off"
    return f"{info.day.isoformat()} {state} ({info.source.value})"


def _grids(year: int, days: list[DayInfo]) -> str:
    """Three months a row; each day as its number and a mark (* holiday, + make-up day)."""
    by_day = {d.day: d for d in days}
    width = 7 * 3 + 6
    blocks = []
    for month in range(1, 13):
        lines = [f"{month_calendar.month_name[month]:^{width}}", " Mo  Tu  We  Th  Fr  Sa  Su"]
        for week in month_calendar.Calendar().monthdatescalendar(year, month):
            cells = [
                f"{d.day:>2}{MARKS[by_day[d].day_type]}" if d.month == month else "   "
                for d in week
            ]
            lines.append(" ".join(cells))
        blocks.append(lines)
    out = []
    for first in range(0, 12, 3):
        group = blocks[first : first + 3]
        height = max(len(b) for b in group)
        for i in range(height):
            out.append(
                "   ".join((b[i] if i < len(b) else "").ljust(width) for b in group).rstrip()
            )
        out.append("")
    return "\n".join(out)
