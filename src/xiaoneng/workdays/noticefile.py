"""Read a year's notice from a CSV or YAML file, naming each bad row by its line.

CSV (UTF-8, header required; ``reference`` and ``published_on`` optional and identical on
every row)::

    year,day,kind,name,reference,published_on
    2026,2026-01-01,holiday,元旦,国办发明电〔2025〕7号,2025-11-04
    2026,2026-01-04,makeup_workday,元旦调休,国办发明电〔2025〕7号,2025-11-04

YAML::

    year: 2026
    reference: 国办发明电〔2025〕7号
    published_on: 2025-11-04
    note: free text
    days:
      - {day: 2026-01-01, kind: holiday, name: 元旦}
      - {day: 2026-01-04, kind: makeup_workday, name: 元旦调休}

``kind`` is ``holiday`` or ``makeup_workday`` (also accepted: 休, 放假, 班, 上班).  Nothing is
returned when any row is bad: :class:`NoticeFileError` lists every problem.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from xiaoneng.workdays.errors import NoticeError, Problem, gettext_noop
from xiaoneng.workdays.notices import DayKind, Notice, NoticeDay, notice_problems

KIND_ALIASES: dict[str, DayKind] = {
    "holiday": DayKind.HOLIDAY,
    "休": DayKind.HOLIDAY,
    "放假": DayKind.HOLIDAY,
    "makeup_workday": DayKind.MAKEUP_WORKDAY,
    "班": DayKind.MAKEUP_WORKDAY,
    "上班": DayKind.MAKEUP_WORKDAY,
}


class NoticeFileError(NoticeError):
    """The notice file cannot be used; ``problems`` name the lines at fault."""


@dataclass(frozen=True, slots=True)
class NoticeFile:
    """A parsed notice file."""

    notice: Notice
    published_on: date | None
    note: str


def read_notice_file(path: str | Path) -> NoticeFile:
    """Parse ``path`` as YAML (.yaml/.yml) or CSV (anything else)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise NoticeFileError(
            [Problem(gettext_noop("cannot read %(path)s: %(error)s"), path=str(path), error=exc)]
        ) from exc
    return read_notice_text(text, is_yaml=path.suffix.lower() in {".yaml", ".yml"})


def read_notice_text(text: str, *, is_yaml: bool) -> NoticeFile:
    """Parse the content of a notice file (an upload in the workbench)."""
    return parse_notice_yaml(text) if is_yaml else parse_notice_csv(text)


def parse_notice_csv(text: str) -> NoticeFile:
    """Parse a CSV notice; see the module docstring for the columns."""
    reader = csv.DictReader(io.StringIO(text))
    required = {"year", "day", "kind"}
    header = set(reader.fieldnames or [])
    if not required <= header:
        missing = ", ".join(sorted(required - header))
        raise NoticeFileError(
            [Problem(gettext_noop("line 1: missing column(s) %(columns)s"), columns=missing)]
        )
    problems: list[str] = []
    rows: list[tuple[int, Any, Any, Any, Any]] = []
    years: set[str] = set()
    references: set[str] = set()
    published: set[str] = set()
    for row in reader:
        line = reader.line_num
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        years.add((row.get("year") or "").strip())
        references.add((row.get("reference") or "").strip())
        published.add((row.get("published_on") or "").strip())
        rows.append((line, row.get("day"), row.get("kind"), row.get("name"), None))
    if len(years) != 1:
        problems.append(
            Problem(
                gettext_noop("the file must hold one year, found: %(years)s"),
                years=", ".join(sorted(years)) or "-",
            )
        )
        raise NoticeFileError(problems)
    if len(references) > 1 or len(published) > 1:
        problems.append(
            Problem(gettext_noop("reference and published_on must be the same on every row"))
        )
    year = _parse_year(years.pop(), "year", problems)
    published_on = _parse_optional_date(published.pop() if published else "", problems)
    reference = references.pop() if references else ""
    return _build(year, rows, reference, published_on, "", problems)


def parse_notice_yaml(text: str) -> NoticeFile:
    """Parse a YAML notice; see the module docstring for the keys."""
    try:
        data = yaml.safe_load(text)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise NoticeFileError(
            [Problem(gettext_noop("not valid YAML: %(error)s"), error=exc)]
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("days"), list):
        raise NoticeFileError(
            [Problem(gettext_noop("line 1: expected a mapping with 'year' and a 'days' list"))]
        )
    problems: list[str] = []
    year = _parse_year(data.get("year"), "year", problems)
    day_lines = _yaml_item_lines(root, "days")
    rows = []
    for position, item in enumerate(data["days"]):
        line = day_lines[position] if position < len(day_lines) else 0
        if not isinstance(item, dict):
            problems.append(
                Problem(gettext_noop("line %(line)s: expected day, kind and name"), line=line)
            )
            continue
        rows.append((line, item.get("day"), item.get("kind"), item.get("name"), None))
    published_on = _parse_optional_date(data.get("published_on"), problems)
    reference = str(data.get("reference") or "")
    return _build(year, rows, reference, published_on, str(data.get("note") or ""), problems)


def _build(
    year: int | None,
    rows: list[tuple[int, Any, Any, Any, Any]],
    reference: str,
    published_on: date | None,
    note: str,
    problems: list[str],
) -> NoticeFile:
    days: list[NoticeDay] = []
    seen: dict[date, int] = {}
    for line, raw_day, raw_kind, raw_name, _ in rows:
        day = _parse_date(raw_day)
        kind = KIND_ALIASES.get(str(raw_kind or "").strip().lower())
        if day is None:
            problems.append(
                Problem(
                    gettext_noop("line %(line)s: %(value)r is not a date (YYYY-MM-DD)"),
                    line=line,
                    value=raw_day,
                )
            )
        if kind is None:
            problems.append(
                Problem(
                    gettext_noop(
                        "line %(line)s: kind %(value)r is not 'holiday' or 'makeup_workday'"
                    ),
                    line=line,
                    value=raw_kind,
                )
            )
        if day is None or kind is None:
            continue
        if day in seen:
            problems.append(
                Problem(
                    gettext_noop("line %(line)s: %(day)s is already listed on line %(first)s"),
                    line=line,
                    day=day.isoformat(),
                    first=seen[day],
                )
            )
            continue
        seen[day] = line
        item = NoticeDay(day=day, kind=kind, name=str(raw_name or "").strip())
        if year is not None:
            for problem in notice_problems(Notice(year=year, days=(item,))):
                if "lists no holiday" not in problem:
                    problems.append(
                        Problem(
                            gettext_noop("line %(line)s: %(problem)s"), line=line, problem=problem
                        )
                    )
        days.append(item)
    if year is None or problems:
        raise NoticeFileError(problems)
    notice = Notice(year=year, days=tuple(sorted(days, key=lambda d: d.day)), reference=reference)
    problems.extend(notice_problems(notice))
    if problems:
        raise NoticeFileError(problems)
    return NoticeFile(notice=notice, published_on=published_on, note=note)


def _yaml_item_lines(root: yaml.Node | None, key: str) -> list[int]:
    if not isinstance(root, yaml.MappingNode):
        return []
    for key_node, value_node in root.value:
        if getattr(key_node, "value", None) == key and isinstance(value_node, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value_node.value]
    return []


def _parse_year(raw: object, label: str, problems: list[str]) -> int | None:
    try:
        return int(str(raw).strip())
    except (TypeError, ValueError):
        problems.append(
            Problem(gettext_noop("%(field)s %(value)r is not a year"), field=label, value=raw)
        )
        return None


def _parse_date(raw: object) -> date | None:
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw).strip())
    except ValueError:
        return None


def _parse_optional_date(raw: object, problems: list[str]) -> date | None:
    if raw in (None, ""):
        return None
    parsed = _parse_date(raw)
    if parsed is None:
        problems.append(
            Problem(gettext_noop("published_on %(value)r is not a date (YYYY-MM-DD)"), value=raw)
        )
    return parsed
