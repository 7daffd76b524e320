"""Form and API field messages in the same plain words naming the field (issue 20, part 6):
a table of the kinds of error, each on an HTML form and on the API's error body, in Chinese
and English."""

from __future__ import annotations

import pytest
from django import forms
from django.utils import translation
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from xiaoneng.core.api.errors import exception_handler
from xiaoneng.core.form_messages import field_messages


class Sample(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    code = forms.CharField(label="编码", min_length=3)
    count = forms.IntegerField(label="数量", max_value=10, min_value=1)
    kind = forms.ChoiceField(label="类别", choices=[("a", "A")])
    day = forms.DateField(label="日期", input_formats=["%Y-%m-%d"])


class SampleSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    code = serializers.CharField(min_length=3)
    count = serializers.IntegerField(max_value=10, min_value=1)
    kind = serializers.ChoiceField(choices=["a"])


CASES = [
    # (field, bad value, zh words, en words)
    ("title", "字" * 5000, "最多 200 个字", "at most 200 characters"),
    ("code", "ab", "至少", "at least 3 characters"),
    ("count", "11", "不能大于 10", "at most 10"),
    ("count", "0", "不能小于 1", "at least 1"),
]
HTML_ONLY = [("kind", "z", "选择", "choose")]  # the API keeps its reason listing the codes
GOOD = {"title": "好", "code": "abc", "count": "5", "kind": "a", "day": "2025-09-30"}


def _html_message(field: str, value: str) -> str:
    form = Sample(data={**GOOD, field: value})
    assert not form.is_valid()
    return " ".join(field_messages(form[field]))


def _api_message(field: str, value: str) -> str:
    data = {**GOOD, field: value}
    serializer = SampleSerializer(data=data)
    assert not serializer.is_valid()
    request = type("R", (), {"data": data, "query_params": {}})()
    response = exception_handler(ValidationError(serializer.errors), {"request": request})
    assert response is not None and response.status_code == 400
    return " ".join(e["reason"] for e in response.data["errors"] if e["field"] == field)


@pytest.mark.parametrize(("field", "value", "zh", "en"), CASES + HTML_ONLY)
def test_html_form_names_the_field_in_plain_words(field, value, zh, en):
    label = str(Sample.base_fields[field].label)
    with translation.override("zh-hans"):
        message = _html_message(field, value)
    assert label in message and zh in message, message
    with translation.override("en"):
        assert en in _html_message(field, value)


@pytest.mark.parametrize(("field", "value", "zh", "en"), CASES)
def test_api_says_the_same_naming_the_field(field, value, zh, en):
    with translation.override("zh-hans"):
        message = _api_message(field, value)
    assert field in message and zh in message, message
    with translation.override("en"):
        assert en in _api_message(field, value)


def test_max_length_says_how_long_it_is_now_on_both_sides():
    with translation.override("zh-hans"):
        assert "5000" in _html_message("title", "字" * 5000)
        assert "5000" in _api_message("title", "字" * 5000)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_required_names_the_field_on_both_sides(language):
    with translation.override(language):
        form = Sample(data={**GOOD, "title": ""})
        form.is_valid()
        html = field_messages(form["title"])[0]
        serializer = SampleSerializer(data={**GOOD, "title": ""})
        serializer.is_valid()
        request = type("R", (), {"data": {**GOOD, "title": ""}, "query_params": {}})()
        body = exception_handler(ValidationError(serializer.errors), {"request": request})
        api = body.data["errors"][0]["reason"]  # type: ignore[union-attr]
    assert "标题" in html and "title" in api
    assert html.replace("标题", "X") == api.replace("title", "X")


def test_bad_date_on_the_form_says_how_to_write_it():
    with translation.override("zh-hans"):
        message = _html_message("day", "09/30/2025")
    assert "日期" in message and "2025-09-30" in message
