"""Overdue is marked the same way on every page: the light's colour and a text label, so that
the state does not rely on colour alone (WCAG 2.1 success criterion 1.4.1)."""

from __future__ import annotations

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation


@pytest.mark.parametrize(
    ("light", "expected"),
    [
        ("red", '<span class="light red">已超期</span> 2025-09-30'),
        ("yellow", '<span class="light yellow">即将到期</span> 2025-09-30'),
        ("green", '<span class="light green">未到期</span> 2025-09-30'),
        ("", " 2025-09-30"),
    ],
)
def test_deadline_mark_has_colour_and_text(light, expected):
    template = Template("{% load xiaoneng %}{% deadline_mark light due_on %}")
    with translation.override("zh-hans"):
        html = template.render(Context({"light": light, "due_on": datetime.date(2025, 9, 30)}))
    assert html.strip() == expected.strip()


def test_deadline_mark_carries_a_note():
    template = Template('{% load xiaoneng %}{% deadline_mark "red" note="超 3 个工作日" %}')
    with translation.override("zh-hans"):
        html = template.render(Context({}))
    assert html.strip() == '<span class="light red">已超期</span> 超 3 个工作日'
