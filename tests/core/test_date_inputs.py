"""Dates are entered as YYYY-MM-DD with the local Chinese calendar everywhere (issue 20, part 3):
never the browser's native date input, which shows mm/dd/yyyy in an English browser and
differs from browser to browser. Every date field of every form is an IsoDateInput (text,
placeholder YYYY-MM-DD, data-datepicker for static/xiaoneng/filters.js), and no template writes
a native one by hand."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from django import forms

import xiaoneng
from xiaoneng.core.filter_fields import IsoDateInput

SRC = Path(xiaoneng.__file__).parent


def _form_classes() -> list[type[forms.BaseForm]]:
    for info in pkgutil.walk_packages(xiaoneng.__path__, "xiaoneng."):
        if info.name.rsplit(".", 1)[-1] in {"forms", "staffing", "registers"}:
            importlib.import_module(info.name)
    found: list[type[forms.BaseForm]] = []
    todo: list[type] = [forms.Form, forms.ModelForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("xiaoneng."):
                found.append(sub)
    return found


def test_every_date_field_is_typed_as_yyyy_mm_dd():
    classes = _form_classes()
    assert len(classes) > 50  # the walk found the project's forms
    wrong = [
        f"{cls.__module__}.{cls.__qualname__}.{name}"
        for cls in classes
        for name, field in getattr(cls, "base_fields", {}).items()
        if isinstance(field, forms.DateField)
        and not isinstance(field, forms.DateTimeField)
        and not isinstance(field.widget, IsoDateInput)
    ]
    assert not wrong, wrong


def test_no_template_or_module_writes_a_native_date_input():
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*")
        if path.suffix in {".html", ".py", ".js"}
        and (
            'type="date"' in (text := path.read_text(encoding="utf-8")) or '"type": "date"' in text
        )
    ]
    assert not offenders, offenders


def test_the_widget_renders_text_with_the_calendar_hook():
    html = IsoDateInput().render("d", "2026-12-08")
    assert 'type="text"' in html and "data-datepicker" in html
    assert 'placeholder="YYYY-MM-DD"' in html and 'value="2026-12-08"' in html
