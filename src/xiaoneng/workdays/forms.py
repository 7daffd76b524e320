"""The system administrator's form for entering a year's notice."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from xiaoneng.core.filter_fields import IsoDateInput
from xiaoneng.workdays.errors import translate_problem
from xiaoneng.workdays.noticefile import KIND_ALIASES, NoticeFileError, read_notice_text
from xiaoneng.workdays.notices import FIRST_NOTICE_YEAR, LAST_NOTICE_YEAR, NoticeDay

_SPLIT = re.compile(r"[,，\t ]+")


def parse_day_lines(text: str) -> tuple[list[NoticeDay], list[str]]:
    """Lines "2027-02-05 holiday 春节" (comma, tab or spaces; kind holiday/makeup_workday,
    or 休/班); returns the days and the problems, each naming its line."""
    days: list[NoticeDay] = []
    problems: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = _SPLIT.split(line, maxsplit=2)
        try:
            day = date.fromisoformat(parts[0])
        except ValueError:
            problems.append(
                str(_("Line %(line)s: “%(value)s” is not a date (YYYY-MM-DD)."))
                % {"line": number, "value": parts[0]}
            )
            continue
        kind = KIND_ALIASES.get(parts[1].lower()) if len(parts) > 1 else None
        if kind is None:
            problems.append(
                str(_("Line %(line)s: the kind must be “holiday” or “makeup_workday”."))
                % {"line": number}
            )
            continue
        days.append(NoticeDay(day=day, kind=kind, name=parts[2].strip() if len(parts) > 2 else ""))
    return days, problems


class NoticeForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"),
        min_value=FIRST_NOTICE_YEAR,
        max_value=LAST_NOTICE_YEAR,
        required=False,
        help_text=_("Required unless a notice file is given."),
    )
    document_number = forms.CharField(
        label=_("Document number"),
        max_length=100,
        required=False,
        help_text=_("As printed on the notice, e.g. 国办发明电〔2025〕7号."),
    )
    published_on = forms.DateField(label=_("Published on"), required=False, widget=IsoDateInput())
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    days = forms.CharField(
        label=_("Days"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
        help_text=_(
            "One day a line: date, kind (holiday or makeup_workday), name. "
            "List every day off and every make-up working day of the year."
        ),
    )
    file = forms.FileField(
        label=_("Or a notice file (CSV or YAML)"),
        required=False,
        help_text=_("The file replaces the fields above; see docs/workdays.md for its format."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload:
            try:
                parsed = read_notice_text(
                    upload.read().decode("utf-8-sig"),
                    is_yaml=upload.name.lower().endswith((".yaml", ".yml")),
                )
            except (NoticeFileError, UnicodeDecodeError) as exc:
                problems = getattr(exc, "problems", [str(exc)])
                raise forms.ValidationError(
                    [translate_problem(p, gettext) for p in problems]
                ) from exc
            data["year"] = parsed.notice.year
            data["document_number"] = parsed.notice.reference
            data["published_on"] = parsed.published_on or data.get("published_on")
            data["note"] = parsed.note or data.get("note", "")
            data["notice_days"] = list(parsed.notice.days)
            return data
        if data.get("year") is None and "year" not in self.errors:
            self.add_error("year", _("Enter the year of the notice."))
        days, problems = parse_day_lines(data.get("days") or "")
        if problems:
            self.add_error("days", problems)
        elif not days:
            self.add_error("days", _("List at least one holiday."))
        data["notice_days"] = days
        return data


def days_as_lines(days: list[NoticeDay]) -> str:
    """The textarea content for ``days``."""
    return "\n".join(f"{d.day.isoformat()} {d.kind.value} {d.name}".rstrip() for d in days)
