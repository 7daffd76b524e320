"""Workbench pages: the year view and the notice form."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

import xiaoneng.workdays as workdays
from xiaoneng.core.roles import Role
from xiaoneng.workdays.models import CalendarNotice

pytestmark = pytest.mark.django_db

DAYS_2027 = (
    "2027-01-01 holiday 元旦\n2027-02-05 holiday 春节\n2027-02-08, holiday, 春节\n"
    "2027-02-13 makeup_workday 春节调休\n"
)


def _client(client, user):  # type: ignore[no-untyped-def]
    """Sign ``user`` in; administrators also pass their second factor (TOTP)."""
    client.force_login(user)
    if user.is_administrator:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def test_year_view_marks_holidays_and_sources(client, personas) -> None:  # type: ignore[no-untyped-def]
    response = _client(client, personas[Role.REVIEWER]).get(reverse("workdays:year", args=[2025]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "wd-holiday" in html and "wd-makeup_workday" in html
    assert "国庆节" in html
    assert response.context["workday_count"] == 248
    assert response.context["source"] == "library"
    assert response.context["can_manage"] is False


def test_unknown_year_is_flagged_provisional(client, personas) -> None:  # type: ignore[no-untyped-def]
    response = _client(client, personas[Role.REVIEWER]).get(reverse("workdays:year", args=[2030]))
    assert response.context["is_known"] is False
    assert response.context["source"] == "rule"


def test_year_view_is_for_staff(client, django_user_model) -> None:  # type: ignore[no-untyped-def]
    applicant = django_user_model.objects.create(username="applicant", kind="applicant")
    client.force_login(applicant)
    assert client.get(reverse("workdays:year", args=[2025])).status_code == 403


def test_year_out_of_range_is_not_found(client, personas) -> None:  # type: ignore[no-untyped-def]
    response = _client(client, personas[Role.REVIEWER]).get(reverse("workdays:year", args=[2200]))
    assert response.status_code == 404


def test_notice_form_is_for_the_system_administrator(client, personas) -> None:  # type: ignore[no-untyped-def]
    response = _client(client, personas[Role.REVIEWER]).get(reverse("workdays:notice_new"))
    assert response.status_code == 403


def test_notice_form_previews_then_saves(
    client, personas, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    c = _client(client, personas[Role.SYSTEM_ADMIN])
    url = reverse("workdays:notice_edit", args=[2027])
    assert c.get(url).status_code == 200
    data = {"year": 2027, "document_number": "国办发明电〔2026〕1号", "days": DAYS_2027}
    preview = c.post(url, {**data, "action": "preview"})
    assert preview.status_code == 200
    assert preview.context["preview"].changed_days
    assert not CalendarNotice.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        saved = c.post(url, {**data, "action": "save"})
    assert saved.status_code == 302
    assert CalendarNotice.objects.get().document_number == "国办发明电〔2026〕1号"
    # Feb 5 (Fri) and Feb 8 (Mon) off: the next working day after Feb 4 is Tue Feb 9.
    assert workdays.add_workdays(date(2027, 2, 4), 1) == date(2027, 2, 9)


def test_notice_form_names_bad_lines(client, personas) -> None:  # type: ignore[no-untyped-def]
    c = _client(client, personas[Role.SYSTEM_ADMIN])
    response = c.post(
        reverse("workdays:notice_new"),
        {
            "year": 2027,
            "days": "2027-01-01 holiday\n2027-02-30 holiday\n2027-03-03 rest",
            "action": "save",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["days"]
    assert any("2" in e and "2027-02-30" in e for e in errors)
    assert any("3" in e for e in errors)
    assert not CalendarNotice.objects.exists()


def test_notice_form_refuses_weekday_makeup_days(client, personas) -> None:  # type: ignore[no-untyped-def]
    c = _client(client, personas[Role.SYSTEM_ADMIN])
    response = c.post(
        reverse("workdays:notice_new"),
        {"year": 2027, "days": "2027-01-01 holiday\n2027-03-03 makeup_workday", "action": "save"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not CalendarNotice.objects.exists()


def test_notice_form_accepts_a_file(client, personas, tmp_path) -> None:  # type: ignore[no-untyped-def]
    c = _client(client, personas[Role.SYSTEM_ADMIN])
    upload = SimpleUploadedFile(
        "notice.csv", b"year,day,kind,name\n2027,2027-01-01,holiday,x\n", content_type="text/csv"
    )
    response = c.post(reverse("workdays:notice_new"), {"file": upload, "action": "save"})
    assert response.status_code == 302
    assert CalendarNotice.objects.get().year == 2027
