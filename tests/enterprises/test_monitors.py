"""Efficiency monitors (效能监督员) and media reports: a monitor serving their term submits an
observation (portal or entered by the office), the office accepts it and forwards it to the
responsible unit with the problem's reply deadline, the unit replies, the office closes it; a
media report is recorded and followed up the same way. Refusals on services, API and pages —
another unit's handler, a citizen who is not a monitor, a monitor whose term has ended."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import pytest
import time_machine
from openpyxl import load_workbook
from rest_framework.test import APIClient

from tests.factories import UserFactory
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.models import Applicant, ApplicantKind, Organization, User, UserKind
from xiaoneng.core.roles import Role
from xiaoneng.enterprises.deadlines import light
from xiaoneng.enterprises.models import Monitor, ObservationSource
from xiaoneng.enterprises.monitors import services
from xiaoneng.enterprises.monitors.selectors import monitor_figures
from xiaoneng.enterprises.workflow import (
    OBSERVATION_TRANSITIONS,
    ObservationAction,
    ObservationStatus,
    next_status,
)

RESIDENT_IDS = ("360102198809152049", "36010219920423103X")


@dataclass
class Desk:
    office: Organization
    unit: Organization
    supervisor: User
    replier: User  # the responsible unit's reviewer (complaint.reply)
    other_replier: User  # another unit's reviewer
    account: User  # the monitor's own applicant account
    citizen: User  # a citizen's account who is not a monitor
    expired_account: User  # the account of a monitor whose term has ended
    monitor: Monitor
    expired: Monitor


def _citizen(id_number: str, name: str) -> tuple[User, Applicant]:
    account = UserFactory(kind=UserKind.APPLICANT, organization=None, roles=[])
    applicant = Applicant.objects.create(
        kind=ApplicantKind.NATURAL_PERSON, name=name, id_number=id_number, account=account
    )
    return account, applicant


@pytest.fixture
def desk(org_tree, make_user) -> Desk:  # type: ignore[no-untyped-def]
    t = org_tree
    supervisor = make_user(Role.EFFICIENCY_SUPERVISOR, organization=t.efficiency_office)
    account, applicant = _citizen(RESIDENT_IDS[0], "林秀英")
    expired_account, expired_applicant = _citizen(RESIDENT_IDS[1], "马俊")
    citizen = UserFactory(kind=UserKind.APPLICANT, organization=None, roles=[])
    monitor = services.monitor_appoint(
        actor=supervisor,
        applicant=applicant,
        office=t.efficiency_office,
        appointed_on=date(2025, 1, 1),
        term_ends_on=date(2026, 12, 31),
        affiliation="市人大代表",
    )
    expired = services.monitor_appoint(
        actor=supervisor,
        applicant=expired_applicant,
        office=t.efficiency_office,
        appointed_on=date(2022, 1, 1),
        term_ends_on=date(2023, 12, 31),
    )
    return Desk(
        office=t.efficiency_office,
        unit=t.department,
        supervisor=supervisor,
        replier=make_user(Role.REVIEWER, organization=t.department),
        other_replier=make_user(Role.REVIEWER, organization=t.other_department),
        account=account,
        citizen=citizen,
        expired_account=expired_account,
        monitor=monitor,
        expired=expired,
    )


@pytest.mark.parametrize(("status", "action"), list(OBSERVATION_TRANSITIONS))
def test_every_observation_transition_row(status, action) -> None:  # type: ignore[no-untyped-def]
    assert (
        next_status(status, action, OBSERVATION_TRANSITIONS)
        == OBSERVATION_TRANSITIONS[(status, action)]
    )


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (ObservationStatus.SUBMITTED, ObservationAction.FORWARD),  # accepted first
        (ObservationStatus.ACCEPTED, ObservationAction.REPLY),  # the unit replies once forwarded
        (ObservationStatus.FORWARDED, ObservationAction.CLOSE),  # closed after the reply
        (ObservationStatus.DECLINED, ObservationAction.ACCEPT),  # declined is final
    ],
)
def test_steps_out_of_order_are_refused(status, action) -> None:  # type: ignore[no-untyped-def]
    assert next_status(status, action, OBSERVATION_TRANSITIONS) is None


# The term rule: a monitor submits only from the day of appointment to the last day of the term.
@pytest.mark.parametrize(
    ("day", "allowed"),
    [
        (date(2024, 12, 31), False),  # before the appointment
        (date(2025, 1, 1), True),  # the first day
        (date(2026, 12, 31), True),  # the last day of the term
        (date(2027, 1, 1), False),  # the term has ended
    ],
)
def test_a_monitor_submits_only_during_the_term(desk, day, allowed) -> None:  # type: ignore[no-untyped-def]
    def submit():  # type: ignore[no-untyped-def]
        return services.observation_submit(
            actor=desk.account,
            monitor=desk.monitor,
            title="窗口无人",
            description="午间无人值守。",
            submitted_on=day,
        )

    if allowed:
        assert submit().is_submitted_online
    else:
        with pytest.raises(NotPermitted):
            submit()


@pytest.mark.parametrize(
    ("appointed_on", "term_ends_on", "field"),
    [
        (date(2025, 1, 1), date(2025, 1, 1), "term_ends_on"),  # ends the day it starts
        (date(2025, 1, 1), date(2024, 12, 31), "term_ends_on"),  # ends before it starts
    ],
)
def test_a_term_ends_after_the_appointment(desk, appointed_on, term_ends_on, field) -> None:  # type: ignore[no-untyped-def]
    applicant = Applicant.objects.create(
        kind=ApplicantKind.NATURAL_PERSON, name="王五", id_number="110101199003070011"
    )
    with pytest.raises(InvalidInput) as error:
        services.monitor_appoint(
            actor=desk.supervisor,
            applicant=applicant,
            office=desk.office,
            appointed_on=appointed_on,
            term_ends_on=term_ends_on,
        )
    assert error.value.field == field


def test_appointment_refusals(desk, org_tree) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Conflict):  # already a monitor
        services.monitor_appoint(
            actor=desk.supervisor,
            applicant=desk.monitor.applicant,
            office=desk.office,
            appointed_on=date(2025, 1, 1),
            term_ends_on=date(2026, 1, 1),
        )
    enterprise = Applicant.objects.create(
        kind=ApplicantKind.LEGAL_PERSON, name="江州公司", id_number="91330100MA2B3C4D5E"
    )
    with pytest.raises(InvalidInput):  # a monitor is a citizen
        services.monitor_appoint(
            actor=desk.supervisor,
            applicant=enterprise,
            office=desk.office,
            appointed_on=date(2025, 1, 1),
            term_ends_on=date(2026, 1, 1),
        )
    with pytest.raises(NotPermitted):  # a unit does not appoint monitors
        services.monitor_appoint(
            actor=desk.replier,
            applicant=enterprise,
            office=desk.office,
            appointed_on=date(2025, 1, 1),
            term_ends_on=date(2026, 1, 1),
        )


@time_machine.travel("2025-06-03 10:00 +08:00")
def test_observation_lifecycle_deadline_light_and_figures(desk) -> None:  # type: ignore[no-untyped-def]
    observation = services.observation_submit(
        actor=desk.account,
        monitor=desk.monitor,
        title="窗口玩手机",
        description="工作人员在岗玩手机。",
    )
    with pytest.raises(NotPermitted):  # a unit does not accept for the office
        services.observation_accept(actor=desk.replier, observation=observation)
    services.observation_accept(actor=desk.supervisor, observation=observation)
    services.observation_forward(actor=desk.supervisor, observation=observation, unit=desk.unit)
    assert observation.due_on == date(2025, 6, 17)  # 10 working days, as a transferred complaint
    assert light(observation.due_on, date(2025, 6, 16), None) == "yellow"
    with pytest.raises(NotPermitted):
        services.observation_reply(actor=desk.other_replier, observation=observation, reply="x")
    with pytest.raises(Conflict):  # not replied yet
        services.observation_close(actor=desk.supervisor, observation=observation)
    services.observation_reply(actor=desk.replier, observation=observation, reply="已批评教育。")
    services.observation_close(actor=desk.supervisor, observation=observation)
    assert observation.status == ObservationStatus.CLOSED
    figures = monitor_figures(
        start=date(2025, 1, 1), end=date(2025, 12, 31), as_of=date(2025, 6, 3)
    )
    assert (figures.monitors_serving, figures.observations, figures.from_monitors) == (1, 1, 1)
    assert (figures.replied_on_time, figures.closed, figures.overdue_open) == (1, 1, 0)


def test_a_media_report_is_followed_up_like_an_observation(desk) -> None:  # type: ignore[no-untyped-def]
    report = services.media_report_record(
        actor=desk.supervisor,
        office=desk.office,
        outlet="江州日报",
        published_on=date(2025, 6, 2),
        title="企业开办为何跑三趟",
        issue="企业开办需多次往返窗口。",
        link="https://news.example.cn/1.html",
    )
    observation = services.media_report_follow_up(
        actor=desk.supervisor, report=report, followed_up_on=date(2025, 6, 3)
    )
    assert observation.source == ObservationSource.MEDIA
    assert observation.status == ObservationStatus.ACCEPTED
    with pytest.raises(Conflict):
        services.media_report_follow_up(actor=desk.supervisor, report=report)
    services.observation_forward(
        actor=desk.supervisor,
        observation=observation,
        unit=desk.unit,
        forwarded_on=date(2025, 6, 3),
    )
    assert observation.due_on == date(2025, 6, 17)
    with pytest.raises(InvalidInput) as error:
        services.media_report_record(
            actor=desk.supervisor,
            office=desk.office,
            outlet="x",
            published_on=date(2025, 6, 2),
            title="t",
            issue="i",
            link="javascript:alert(1)",
        )
    assert error.value.field == "link"
    with pytest.raises(NotPermitted):
        services.media_report_record(
            actor=desk.replier,
            office=desk.office,
            outlet="x",
            published_on=date(2025, 6, 2),
            title="t",
            issue="i",
        )


def test_api_submit_handle_and_refusals(desk) -> None:  # type: ignore[no-untyped-def]
    api = APIClient()
    api.force_authenticate(desk.citizen)  # a citizen who is not a monitor
    body = {"title": "窗口无人", "description": "午间无人值守。"}
    assert api.post("/api/v1/monitors/observations/", body, format="json").status_code == 403
    api.force_authenticate(desk.expired_account)  # a monitor whose term has ended
    assert api.post("/api/v1/monitors/observations/", body, format="json").status_code == 403
    api.force_authenticate(desk.account)
    created = api.post("/api/v1/monitors/observations/", body, format="json")
    assert created.status_code == 201, created.content
    number = created.json()["number"]
    assert api.get("/api/v1/monitors/observations/").json()["count"] == 1
    assert api.post(f"/api/v1/monitors/observations/{number}/accept/").status_code == 403
    assert api.get("/api/v1/monitors/").json()["count"] == 0

    api.force_authenticate(desk.supervisor)
    assert api.post(f"/api/v1/monitors/observations/{number}/accept/").status_code == 200
    assert api.post(f"/api/v1/monitors/observations/{number}/accept/").status_code == 409
    bad = api.post(f"/api/v1/monitors/observations/{number}/forward/", {"unit": "x"}, format="json")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "unit"
    forwarded = api.post(
        f"/api/v1/monitors/observations/{number}/forward/", {"unit": desk.unit.pk}, format="json"
    )
    assert forwarded.status_code == 200 and forwarded.json()["due_on"]

    api.force_authenticate(desk.other_replier)  # another unit: cannot see it
    reply = {"reply": "已整改。"}
    path = f"/api/v1/monitors/observations/{number}/reply/"
    assert api.post(path, reply, format="json").status_code == 404
    api.force_authenticate(desk.replier)
    assert api.get("/api/v1/monitors/figures/").status_code == 403
    assert api.post(path, reply, format="json").status_code == 200
    assert api.post(f"/api/v1/monitors/observations/{number}/close/").status_code == 403
    api.force_authenticate(desk.supervisor)
    closed = api.post(f"/api/v1/monitors/observations/{number}/close/")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert api.get("/api/v1/monitors/figures/?start=2000-01-01").json()["closed"] == 1
    assert api.get("/api/v1/monitors/figures/?start=soon").status_code == 400


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            "/api/v1/monitors/",
            {
                "id_number": "123",
                "office": "OFFICE",
                "appointed_on": "2025-01-01",
                "term_ends_on": "2026-01-01",
            },
            "id_number",
        ),
        (
            "/api/v1/monitors/",
            {
                "id_number": RESIDENT_IDS[0],
                "office": "OFFICE",
                "appointed_on": "soon",
                "term_ends_on": "2026-01-01",
            },
            "appointed_on",
        ),
        (
            "/api/v1/monitors/observations/",
            {"monitor": "x", "title": "t", "description": "d"},
            "monitor",
        ),
        ("/api/v1/monitors/observations/", {"title": "", "description": "d"}, "title"),
        ("/api/v1/monitors/observations/", {"title": "t", "description": 0}, "description"),
        (
            "/api/v1/monitors/media-reports/",
            {
                "office": "OFFICE",
                "outlet": "x",
                "published_on": "2025-01-01",
                "title": "t",
                "issue": "i",
                "link": "not a link",
            },
            "link",
        ),
    ],
)
def test_bad_input_is_a_400_naming_the_field_in_chinese(desk, path, body, field) -> None:  # type: ignore[no-untyped-def]
    api = APIClient()
    api.force_authenticate(desk.supervisor)
    body = {k: desk.office.pk if v == "OFFICE" else v for k, v in body.items()}
    response = api.post(path, body, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400, response.content
    errors = {e["field"]: e["reason"] for e in response.json()["errors"]}
    assert field in errors
    assert any("\u4e00" <= ch <= "\u9fff" for ch in errors[field]), errors


def test_portal_submit_and_refusals(client, desk) -> None:  # type: ignore[no-untyped-def]
    client.force_login(desk.citizen)
    assert client.get("/enterprises/monitor/").status_code == 403
    client.force_login(desk.expired_account)
    page = client.get("/enterprises/monitor/")
    assert page.status_code == 200 and 'id="observation-form"' not in page.content.decode()
    refused = client.post("/enterprises/monitor/", {"title": "t", "description": "d"})
    assert refused.status_code == 403 and not desk.expired.observations.exists()
    client.force_login(desk.account)
    assert (
        client.post("/enterprises/monitor/", {"title": "", "description": "d"}).status_code == 400
    )
    done = client.post(
        "/enterprises/monitor/", {"title": "窗口无人", "description": "午间无人值守。"}
    )
    assert done.status_code == 302
    observation = desk.monitor.observations.get()
    assert observation.is_submitted_online
    assert observation.number in client.get("/enterprises/monitor/").content.decode()


def test_pages_handle_and_refusals(client, desk) -> None:  # type: ignore[no-untyped-def]
    observation = services.observation_submit(
        actor=desk.supervisor,
        monitor=desk.monitor,
        title="窗口无人",
        description="午间无人值守。",
        submitted_on=date(2025, 6, 3),
    )
    url = f"/workbench/enterprises/monitors/observations/{observation.number}/"
    client.force_login(desk.replier)  # not forwarded to the unit yet: not visible
    assert client.get(url).status_code == 404
    assert client.get("/workbench/enterprises/monitors/").status_code == 403
    assert client.get("/workbench/enterprises/monitors/media-reports/").status_code == 403
    client.force_login(desk.supervisor)
    assert client.get("/workbench/enterprises/monitors/").status_code == 200
    assert client.post(url, {"step": "reply", "reply-reply": "x"}).status_code == 403
    assert client.post(url, {"step": "accept"}).status_code == 302
    assert client.post(url, {"step": "forward", "forward-unit": ""}).status_code == 400
    assert client.post(url, {"step": "forward", "forward-unit": desk.unit.pk}).status_code == 302
    client.force_login(desk.other_replier)
    assert client.get(url).status_code == 404
    client.force_login(desk.replier)
    page = client.get("/workbench/enterprises/monitors/observations/")
    assert observation.number in page.content.decode()
    assert client.post(url, {"step": "reply", "reply-reply": "已整改。"}).status_code == 302
    observation.refresh_from_db()
    assert observation.status == ObservationStatus.REPLIED

    client.force_login(desk.supervisor)
    recorded = client.post(
        "/workbench/enterprises/monitors/media-reports/",
        {
            "outlet": "江州日报",
            "published_on": "2025-06-02",
            "title": "跑三趟",
            "issue": "多次往返。",
        },
    )
    assert recorded.status_code == 302
    report = desk.office.media_reports.get()
    followed = client.post(
        "/workbench/enterprises/monitors/media-reports/", {"follow_up": report.pk}
    )
    assert followed.status_code == 302 and report.observation.source == ObservationSource.MEDIA
    export = client.get("/workbench/enterprises/monitors/figures/?format=xlsx&start=2000-01-01")
    book = load_workbook(io.BytesIO(export.content))
    values = {row[0]: row[1] for row in book.active.iter_rows(min_row=2, values_only=True)}
    assert values["Observations"] == 2 and values["Media reports"] == 1
    assert values["From media reports"] == 1
