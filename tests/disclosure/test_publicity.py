"""Publicity (宣传) and work bulletins (工作简报): the rules B1–B3 and M1–M3 of
disclosure/publicity/services.py, who may record and read (HTML and API), the counts the
report and the cockpit show, the Word and Excel files read back, and the portal's bulletins."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.models import AuditRecord
from xiaoneng.core.roles import Role
from xiaoneng.disclosure.models import MediaTopic, OutletLevel
from xiaoneng.disclosure.publicity import exports, selectors, services
from xiaoneng.disclosure.workflow import BulletinStatus

pytestmark = pytest.mark.django_db
D = date.fromisoformat
TODAY = D("2026-06-15")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _today():  # type: ignore[no-untyped-def]
    with time_machine.travel("2026-06-15 10:00 +0800", tick=False):
        yield


@pytest.fixture
def office(personas):  # type: ignore[no-untyped-def]
    return personas[Role.EFFICIENCY_SUPERVISOR]


def _draft(office, unit, title="效能建设工作简报"):  # type: ignore[no-untyped-def]
    return services.bulletin_draft(actor=office, unit=unit, title=title, body="正文。")


def _item(office, **overrides):  # type: ignore[no-untyped-def]
    values = {
        "outlet": "江州日报",
        "outlet_level": OutletLevel.MUNICIPAL,
        "published_on": D("2026-06-01"),
        "title": "市行政服务中心推行即办事项不过夜",
        "topic": MediaTopic.SERVICE,
        "link": "https://news.example.cn/1.html",
    }
    values.update(overrides)
    return services.media_item_record(actor=office, **values)


# --- B1, B2, B3: numbering ----------------------------------------------------------------


def test_b1_numbers_follow_per_unit_and_year_without_gaps(office, org_tree):
    numbers = []
    for _i in range(3):
        numbers.append(
            services.bulletin_issue(
                actor=office, bulletin=_draft(office, org_tree.efficiency_office)
            ).number
        )
    other = services.bulletin_issue(actor=office, bulletin=_draft(office, org_tree.department))
    last_year = services.bulletin_issue(
        actor=office, bulletin=_draft(office, org_tree.efficiency_office), issued_on=D("2025-12-31")
    )
    assert numbers == ["〔2026〕第1期", "〔2026〕第2期", "〔2026〕第3期"]
    assert other.number == "〔2026〕第1期"  # each unit has its own series
    assert last_year.number == "〔2025〕第1期"  # the year of the issue date
    assert AuditRecord.objects.filter(action="disclosure.bulletin_issue").count() == 5


def test_b1_a_draft_has_no_number_and_a_failed_issue_gives_none_away(office, org_tree):
    draft = _draft(office, org_tree.efficiency_office)
    assert draft.number == "" and draft.status == BulletinStatus.DRAFT
    with pytest.raises(InvalidInput):
        services.bulletin_issue(actor=office, bulletin=draft, issued_on=TODAY + timedelta(days=1))
    issued = services.bulletin_issue(actor=office, bulletin=draft)
    assert issued.serial == 1


def test_b2_an_issued_bulletin_is_not_issued_again(office, org_tree):
    issued = services.bulletin_issue(
        actor=office, bulletin=_draft(office, org_tree.efficiency_office)
    )
    with pytest.raises(Conflict):
        services.bulletin_issue(actor=office, bulletin=issued)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"title": " "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"body": " "}, "body"),  # neither text nor attachment
    ],
)
def test_a_bulletin_needs_a_title_and_text(office, org_tree, kwargs, field):
    values = {"title": "简报", "body": "正文", **kwargs}
    with pytest.raises(InvalidInput) as error:
        services.bulletin_draft(actor=office, unit=org_tree.efficiency_office, **values)
    assert error.value.field == field


def test_a_bulletin_may_be_an_attachment_only(office, org_tree):
    bulletin = services.bulletin_draft(
        actor=office,
        unit=org_tree.efficiency_office,
        title="简报",
        file=SimpleUploadedFile("简报.pdf", PDF),
    )
    assert bulletin.attachment_name == "简报.pdf"
    with pytest.raises(InvalidInput):
        services.bulletin_draft(
            actor=office,
            unit=org_tree.efficiency_office,
            title="简报",
            file=SimpleUploadedFile("evil.pdf", b"MZ not a pdf"),
        )


# --- M1, M2, M3: media items --------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"published_on": TODAY + timedelta(days=1)}, "published_on"),  # M1
        ({"link": "javascript:alert(1)"}, "link"),  # M2
        ({"link": "ftp://news.example.cn/1"}, "link"),  # M2
        ({"link": "news.example.cn/1"}, "link"),  # M2
        ({"outlet": " "}, "outlet"),
        ({"title": ""}, "title"),
        ({"topic": "sports"}, "topic"),
        ({"outlet_level": "galactic"}, "outlet_level"),
    ],
)
def test_media_item_rules(office, overrides, field):
    with pytest.raises(InvalidInput) as error:
        _item(office, **overrides)
    assert error.value.field == field


@pytest.mark.parametrize(
    ("overrides", "ok"),
    [
        ({"published_on": TODAY}, True),  # M1: today is not the future
        ({"link": ""}, True),  # M2: a print article has no link
        ({"link": "http://news.example.cn/a"}, True),
    ],
)
def test_media_item_accepted(office, overrides, ok):
    assert bool(_item(office, **overrides).pk) is ok


def test_m3_an_item_in_a_column_is_of_its_outlet_while_it_runs(office):
    column = services.column_open(
        actor=office, name="效能纠风在线", outlet="江州日报", started_on=D("2026-03-01")
    )
    assert _item(office, column=column).column == column
    with pytest.raises(InvalidInput) as error:
        _item(office, column=column, outlet="江州电视台")
    assert error.value.field == "column"
    with pytest.raises(InvalidInput) as error:
        _item(office, column=column, published_on=D("2026-02-28"))
    assert error.value.field == "published_on"
    services.column_close(actor=office, column=column)
    with pytest.raises(InvalidInput) as error:
        _item(office, column=column)
    assert error.value.field == "column"
    with pytest.raises(Conflict):
        services.column_close(actor=office, column=column)
    with pytest.raises(Conflict):  # one column of a name per outlet
        services.column_open(actor=office, name="效能纠风在线", outlet="江州日报")


# --- counts -------------------------------------------------------------------------------


def test_counts_per_period_outlet_and_topic(office, org_tree):
    _item(office, published_on=D("2026-01-05"))
    _item(office, published_on=D("2026-02-05"), outlet="江东日报", outlet_level="provincial")
    _item(office, published_on=D("2026-02-06"), topic=MediaTopic.COMPLAINTS, unit=org_tree.county)
    _item(office, published_on=D("2025-12-31"))  # before the period
    services.bulletin_issue(actor=office, bulletin=_draft(office, org_tree.efficiency_office))
    counts = selectors.media_counts(start=D("2026-01-01"), end=TODAY)
    assert counts.total == 3 and counts.bulletins == 1
    assert [(r.key, r.count) for r in counts.by_level] == [("municipal", 2), ("provincial", 1)]
    assert [(r.name, r.count) for r in counts.by_outlet] == [("江州日报", 2), ("江东日报", 1)]
    assert [(r.key, r.count) for r in counts.by_topic] == [("service", 2), ("complaints", 1)]
    assert [(r.key, r.count) for r in counts.by_month] == [("2026-01", 1), ("2026-02", 2)]
    assert selectors.media_item_count(start=D("2026-02-01"), end=D("2026-02-28")) == 2
    assert selectors.media_item_count(start=D("2026-01-01"), end=TODAY, unit=org_tree.county) == 1


def test_the_situation_report_and_the_cockpit_count_the_same_rows(office, personas):
    from xiaoneng.cockpit.selectors import cockpit_headlines
    from xiaoneng.reports.figures import situation_figures

    for day in ("2026-01-05", "2026-03-05", "2026-06-02"):
        _item(office, published_on=D(day))
    figures = situation_figures(user=office, start=D("2026-01-01"), end=TODAY, as_of=TODAY)
    assert figures.media_items == 3
    leader = personas[Role.LEADER]
    cockpit = cockpit_headlines(user=leader, as_of=TODAY, period="year", trend_periods=1)
    assert cockpit.headline("media_items").value == 3


# --- permissions --------------------------------------------------------------------------

OUTSIDERS = [Role.WINDOW_CLERK, Role.COMMUNITY_STAFF, Role.HR_OFFICER, Role.REVIEWER]
READERS_ONLY = [Role.LEADER, Role.DEPARTMENT_HEAD, Role.EVALUATION_OFFICER]


@pytest.mark.parametrize("role", OUTSIDERS + READERS_ONLY)
def test_only_the_efficiency_office_records(personas, org_tree, client, role):
    user = personas[role]
    with pytest.raises(NotPermitted):
        services.bulletin_draft(actor=user, unit=user.organization, title="t", body="b")
    with pytest.raises(NotPermitted):
        services.column_open(actor=user, name="n", outlet="o")
    with pytest.raises(NotPermitted):
        _item(user)
    client.force_login(user)
    api = {
        "/api/v1/publicity/bulletins/": {"unit": user.organization.pk, "title": "t", "body": "b"},
        "/api/v1/publicity/columns/": {"name": "n", "outlet": "o"},
        "/api/v1/publicity/media-items/": {
            "outlet": "o",
            "outlet_level": "municipal",
            "published_on": "2026-06-01",
            "title": "t",
            "topic": "other",
        },
    }
    for path, body in api.items():
        assert client.post(path, body, content_type="application/json").status_code == 403
    html = {
        reverse("disclosure:bulletins"): {"unit": user.organization.pk, "title": "t", "body": "b"},
        reverse("disclosure:columns"): {"name": "n", "outlet": "o"},
        reverse("disclosure:media_items"): {"outlet": "o", "title": "t"},
    }
    for path, body in html.items():
        assert client.post(path, body).status_code == 403


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_read_nothing(personas, org_tree, office, client, role):
    bulletin = _draft(office, org_tree.efficiency_office)
    client.force_login(personas[role])
    for name in ("disclosure:publicity", "disclosure:bulletins", "disclosure:media_items"):
        assert client.get(reverse(name)).status_code == 403
    assert client.get(reverse("disclosure:bulletin", args=[bulletin.pk])).status_code == 403
    assert client.get(reverse("disclosure:bulletin_docx", args=[bulletin.pk])).status_code == 403
    for path in ("bulletins/", "media-items/", "columns/", "counts/", f"bulletins/{bulletin.pk}/"):
        assert client.get(f"/api/v1/publicity/{path}").status_code == 403, path


def test_readers_see_issued_bulletins_not_drafts(personas, org_tree, office, client):
    draft = _draft(office, org_tree.efficiency_office, title="草稿简报")
    issued = services.bulletin_issue(
        actor=office, bulletin=_draft(office, org_tree.efficiency_office, title="已签发简报")
    )
    leader = personas[Role.LEADER]
    client.force_login(leader)
    assert client.get(reverse("disclosure:bulletin", args=[draft.pk])).status_code == 404
    assert client.get(f"/api/v1/publicity/bulletins/{draft.pk}/").status_code == 404
    assert client.get(f"/api/v1/publicity/bulletins/{issued.pk}/").json()["number"] == (
        "〔2026〕第1期"
    )
    page = client.get(reverse("disclosure:bulletins")).content.decode()
    assert "已签发简报" in page and "草稿简报" not in page and "bulletin-form" not in page
    # a leader may not issue the draft (HTML and API)
    assert client.post(reverse("disclosure:bulletin", args=[draft.pk]), {}).status_code == 404
    assert (
        client.post(
            f"/api/v1/publicity/bulletins/{draft.pk}/issue/", {}, content_type="application/json"
        ).status_code
        == 404
    )


def test_the_office_issues_only_within_its_government(office, org_tree, client):
    with pytest.raises(NotPermitted):
        services.bulletin_draft(
            actor=office, unit=org_tree.other_city_department, title="t", body="b"
        )
    client.force_login(office)
    response = client.post(
        "/api/v1/publicity/bulletins/",
        {"unit": org_tree.other_city_department.pk, "title": "t", "body": "b"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "unit"


# --- API: bad input is a 400 naming the field, in Chinese --------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"published_on": "2026-06-16"}, "published_on"),
        ({"published_on": "yesterday"}, "published_on"),
        ({"link": "javascript:alert(1)"}, "link"),
        ({"topic": "sports"}, "topic"),
        ({"outlet": ""}, "outlet"),
        ({"column": 999999}, "column"),
        ({"unit": "x"}, "unit"),
    ],
)
def test_api_bad_media_item_is_400_naming_the_field(office, client, body, field):
    client.force_login(office)
    payload = {
        "outlet": "江州日报",
        "outlet_level": "municipal",
        "published_on": "2026-06-01",
        "title": "标题",
        "topic": "service",
        **body,
    }
    response = client.post(
        "/api/v1/publicity/media-items/",
        payload,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400, response.content
    error = response.json()["errors"][0]
    assert error["field"] == field
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["reason"]), error


def test_api_flow(office, org_tree, client):
    client.force_login(office)
    created = client.post(
        "/api/v1/publicity/bulletins/",
        {"unit": org_tree.efficiency_office.pk, "title": "第一期", "body": "正文"},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["number"] == ""
    pk = created.json()["id"]
    issued = client.post(
        f"/api/v1/publicity/bulletins/{pk}/issue/", {}, content_type="application/json"
    )
    assert issued.status_code == 200 and issued.json()["number"] == "〔2026〕第1期"
    again = client.post(
        f"/api/v1/publicity/bulletins/{pk}/issue/", {}, content_type="application/json"
    )
    assert again.status_code == 409
    future = client.post(
        "/api/v1/publicity/bulletins/",
        {"unit": org_tree.efficiency_office.pk, "title": "第二期", "body": "正文"},
        content_type="application/json",
    ).json()["id"]
    response = client.post(
        f"/api/v1/publicity/bulletins/{future}/issue/",
        {"issued_on": "2026-07-01"},
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "issued_on"
    column = client.post(
        "/api/v1/publicity/columns/",
        {"name": "效能纠风在线", "outlet": "江州日报"},
        content_type="application/json",
    )
    assert column.status_code == 201
    item = client.post(
        "/api/v1/publicity/media-items/",
        {
            "outlet": "江州日报",
            "outlet_level": "municipal",
            "published_on": "2026-06-01",
            "title": "标题",
            "topic": "service",
            "column": column.json()["id"],
        },
        content_type="application/json",
    )
    assert item.status_code == 201 and item.json()["column_name"] == "效能纠风在线"
    listing = client.get("/api/v1/publicity/media-items/?from=2026-06-01&to=2026-06-30").json()
    assert listing["count"] == 1
    counts = client.get("/api/v1/publicity/counts/?from=2026-01-01&to=2026-06-15").json()
    assert counts["total"] == 1 and counts["bulletins"] == 1
    assert client.get("/api/v1/publicity/counts/?from=2026-06-15&to=2026-01-01").status_code == 400
    assert client.get("/api/v1/publicity/counts/?from=june").status_code == 400


# --- pages, files, portal -----------------------------------------------------------------


def test_workbench_pages_and_forms(office, org_tree, client):
    client.force_login(office)
    for name in ("disclosure:publicity", "disclosure:bulletins", "disclosure:media_items"):
        assert client.get(reverse(name)).status_code == 200
    assert client.get(reverse("disclosure:columns")).status_code == 200
    response = client.post(
        reverse("disclosure:bulletins"),
        {"unit": org_tree.efficiency_office.pk, "title": "简报", "body": "正文", "is_public": "on"},
    )
    assert response.status_code == 302
    pk = int(response["Location"].rstrip("/").split("/")[-1])
    issued = client.post(reverse("disclosure:bulletin", args=[pk]), {})
    assert issued.status_code == 302, issued.context["form"].errors
    page = client.get(reverse("disclosure:bulletin", args=[pk])).content.decode()
    assert "〔2026〕第1期" in page
    bad = client.post(
        reverse("disclosure:media_items"),
        {
            "published_on": "2026-07-01",
            "outlet": "江州日报",
            "outlet_level": "municipal",
            "title": "t",
            "topic": "service",
            "link": "javascript:alert(1)",
        },
    )
    assert bad.status_code == 200 and bad.context["form"].errors
    assert client.get(reverse("disclosure:media_items") + "?start=nope").status_code == 400
    assert (
        client.get(reverse("disclosure:publicity") + "?start=2026-06-01&end=2026-01-01").status_code
        == 400
    )


def test_word_file_of_a_bulletin_reads_back(office, org_tree, client):
    bulletin = services.bulletin_issue(
        actor=office,
        bulletin=services.bulletin_draft(
            actor=office,
            unit=org_tree.efficiency_office,
            title="全市机关效能建设工作部署会召开",
            body="第一段。\n第二段。",
        ),
    )
    client.force_login(office)
    response = client.get(reverse("disclosure:bulletin_docx", args=[bulletin.pk]))
    assert response.status_code == 200
    text = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    assert "〔2026〕第1期" in text
    assert "全市机关效能建设工作部署会召开" in text
    assert "第二段。" in text
    assert f"{org_tree.efficiency_office.name}工作简报" in text


def test_excel_of_media_items_reads_back(office, client):
    _item(office, published_on=D("2026-05-04"), title="第一篇")
    _item(office, published_on=D("2026-06-04"), title="第二篇")
    client.force_login(office)
    response = client.get(
        reverse("disclosure:media_items") + "?start=2026-06-01&end=2026-06-15&format=xlsx"
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("发布日期", "媒体", "媒体级别", "标题")
    assert [r[3] for r in rows[1:]] == ["第二篇"]
    assert rows[1][2] == "市级媒体"
    assert exports.media_items_xlsx([])  # an empty period is still a workbook


def test_portal_shows_issued_public_bulletins_only(office, org_tree, client):
    public = services.bulletin_issue(
        actor=office, bulletin=_draft(office, org_tree.efficiency_office, title="公开简报")
    )
    internal = services.bulletin_issue(
        actor=office,
        bulletin=services.bulletin_draft(
            actor=office,
            unit=org_tree.efficiency_office,
            title="内部简报",
            body="b",
            is_public=False,
        ),
    )
    draft = _draft(office, org_tree.efficiency_office, title="草稿")
    page = client.get(reverse("portal_disclosure:bulletins")).content.decode()
    assert "公开简报" in page and "内部简报" not in page and "草稿" not in page
    assert client.get(reverse("portal_disclosure:bulletin", args=[public.pk])).status_code == 200
    for hidden in (internal, draft):
        assert (
            client.get(reverse("portal_disclosure:bulletin", args=[hidden.pk])).status_code == 404
        )
