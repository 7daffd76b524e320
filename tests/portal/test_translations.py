"""The portal home and guide page in Chinese, the default language: no English left."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.catalog.factories import make_item


def test_home_and_guide_in_chinese(org_tree, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    item = make_item(agency=org_tree.department, name="食品经营许可", is_online=True)
    with translation.override("zh-hans"):
        home = Client().get(reverse("portal:home")).content.decode()
        guide = (
            Client()
            .get(reverse("portal_catalog:detail", kwargs={"code": item.implementation_code}))
            .content.decode()
        )
        listed = Client().get(reverse("portal_catalog:list"), {"event": "birth"}).content.decode()
    for text in ["搜索办事事项", "热门服务", "按生活事件办事", "生育", "退休", "按部门办事"]:
        assert text in home, text
    for text in ["办事指南要点", "承诺办结时限", "办理方式", "到现场次数", "办理地点和时间"]:
        assert text in guide, text
    assert "生活事件" in listed and "拼音首字母" in listed
    for english in ["Popular services", "At a glance", "Where and when", "Life event"]:
        assert english not in home + guide + listed, english
