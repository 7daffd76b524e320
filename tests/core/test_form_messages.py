"""Form messages name the field and say what to do, in plain Chinese (issue: stock wording such as
"确保该变量包含不超过 200 字符" says neither)."""

from __future__ import annotations

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from xiaoneng.core.form_messages import field_messages


class SampleForm(forms.Form):
    title = forms.CharField(label="事项名称", max_length=5)
    summary = forms.CharField(label="办件摘要", min_length=3, required=False)
    count = forms.IntegerField(label="材料份数", min_value=1, max_value=9, required=False)
    accepted_on = forms.DateField(label="受理日期", required=False, widget=forms.DateInput())
    email = forms.EmailField(label="电子邮箱", required=False)
    channel = forms.ChoiceField(label="办理渠道", choices=[("window", "窗口")], required=False)

    def clean_summary(self) -> str:
        summary = self.cleaned_data["summary"]
        if summary == "禁止词":
            raise forms.ValidationError("摘要不得含有敏感词。", code="sensitive")
        return summary


@pytest.mark.parametrize(
    ("data", "field", "expected"),
    [
        ({"title": ""}, "title", "请填写事项名称。"),
        ({"title": "长" * 12}, "title", "事项名称最多 5 个字，现有 12 个，请删减。"),
        ({"title": "a", "summary": "ab"}, "summary", "办件摘要至少需要 3 个字，现有 2 个。"),
        ({"title": "a", "count": "0"}, "count", "材料份数不能小于 1。"),
        ({"title": "a", "count": "10"}, "count", "材料份数不能大于 9。"),
        ({"title": "a", "count": "x"}, "count", "材料份数请填写整数。"),
        (
            {"title": "a", "accepted_on": "09/30/2025"},
            "accepted_on",
            "受理日期请按 2025-09-30 的格式填写日期。",
        ),
        (
            {"title": "a", "email": "nope"},
            "email",
            "电子邮箱请填写电子邮件地址，例如 name@example.cn。",
        ),
        ({"title": "a", "channel": "mail"}, "channel", "请从列表中选择办理渠道。"),
        ({"title": "a", "summary": "禁止词"}, "summary", "办件摘要：摘要不得含有敏感词。"),
    ],
)
def test_field_message_names_the_field_in_plain_chinese(data, field, expected):
    with translation.override("zh-hans"):
        form = SampleForm(data=data)
        assert not form.is_valid()
        messages = field_messages(form[field])
    assert messages == [expected]
    assert "确保" not in messages[0]


def test_shared_form_template_shows_the_plain_message():
    with translation.override("zh-hans"):
        form = SampleForm(data={"title": "长" * 12})
        form.is_valid()
        html = Template('{% include "form_fields.html" %}').render(Context({"form": form}))
    assert "事项名称最多 5 个字，现有 12 个，请删减。" in html
    assert "确保该变量" not in html
