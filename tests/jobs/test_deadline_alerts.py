"""Every deadline queue's timed alerts (jobs.deadlines): yellow when at most
`SupervisionSettings.yellow_days` working days are left, red the day after the last day, nothing
for a finished item or one far from its deadline; once per item and level; to the people who
must act and those who supervise them, nobody else."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from tests.community.conftest import cm  # noqa: F401  (fixture)
from tests.complaints.factories import make_complaint
from xiaoneng.community.models import Violation
from xiaoneng.community.services import compliance as compliance_services
from xiaoneng.community.services import inspections as inspection_services
from xiaoneng.complaints import services as complaint_services
from xiaoneng.core.models import Notification, User
from xiaoneng.core.roles import Role
from xiaoneng.evaluation.models import TaskSource
from xiaoneng.evaluation.services.tasks import (
    notice_issue,
    notice_report,
    task_create,
    task_set_status,
)
from xiaoneng.evaluation.workflow import TaskStatus
from xiaoneng.jobs.deadlines import QUEUES, deadline_alerts_send
from xiaoneng.notifications.kinds import Channel, MessageKind
from xiaoneng.notifications.services import template_save
from xiaoneng.supervision.models import SupervisionSettings
from xiaoneng.workdays import add_workdays

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)  # a Monday
YESTERDAY_WORKED = date(2026, 2, 27)  # the Friday before


@pytest.fixture(autouse=True)
def _frozen(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-03-02 09:00 +0800", tick=False)


@dataclass
class Cast:
    """Everyone who could be told, by name; each queue's table says who must be."""

    people: dict[str, User]

    def names(self, users: set[int]) -> set[str]:
        known = {user.pk: name for name, user in self.people.items()}
        assert users <= set(known), "told someone outside the cast"
        return {known[pk] for pk in users}


@pytest.fixture
def cast(org_tree, make_user, cm) -> Cast:  # type: ignore[no-untyped-def]  # noqa: F811
    t = org_tree
    return Cast(
        {
            # complaints: the centre's handlers of the unit's government
            "complaint_handler": make_user(Role.COMPLAINT_HANDLER, organization=t.complaint_centre),
            "other_city_handler": make_user(
                Role.COMPLAINT_HANDLER, organization=t.other_city_department
            ),
            # consultations, supervision tasks and notices: the unit's own staff
            "reviewer": make_user(Role.REVIEWER, organization=t.department),
            "department_head": make_user(Role.DEPARTMENT_HEAD, organization=t.department),
            "other_department_reviewer": make_user(Role.REVIEWER, organization=t.other_department),
            "window_clerk": make_user(Role.WINDOW_CLERK, organization=t.service_centre),
            # supervision: the efficiency office of the owning government
            "supervisor": cm.supervisor,
            "other_city_supervisor": make_user(
                Role.EFFICIENCY_SUPERVISOR, organization=t.other_city
            ),
            # community accountability: the offending department and the supervisors
            "offender_head": cm.district_staff,
            "community_staff": cm.community_staff,
            "street_staff": cm.street_staff,
            "street_head": cm.street_head,
            "other_community_staff": cm.other_community_staff,
            "street_department_staff": cm.department_staff,
            "street_department_head": cm.department_head_of_street_department,
            "civil_affairs_head": cm.bureau_head,
            # never told about deadlines
            "leader": make_user(Role.LEADER, organization=t.city),
            "system_admin": make_user(Role.SYSTEM_ADMIN, organization=t.efficiency_office),
        }
    )


# --- one open item per queue, and how it is finished ------------------------------------------


def _complaint(t: Any, cast: Cast) -> Any:
    return make_complaint(handler=cast.people["complaint_handler"], unit=t.department)


def _complaint_finish(item: Any, cast: Cast) -> None:
    handler = cast.people["complaint_handler"]
    for step in (
        lambda c: complaint_services.complaint_accept(actor=handler, complaint=c),
        lambda c: complaint_services.complaint_transfer(actor=handler, complaint=c),
        lambda c: complaint_services.complaint_investigate(
            actor=handler, complaint=c, record="已核实"
        ),
        lambda c: complaint_services.complaint_conclude(
            actor=handler, complaint=c, conclusion="founded"
        ),
        lambda c: complaint_services.complaint_reply(actor=handler, complaint=c, text="已整改"),
    ):
        item = step(item)


def _consultation(t: Any, cast: Cast) -> Any:
    return complaint_services.consultation_ask(department=t.department, question="需要什么材料？")


def _consultation_finish(item: Any, cast: Cast) -> None:
    complaint_services.consultation_answer(
        actor=cast.people["reviewer"], consultation=item, answer="身份证。"
    )


def _task(t: Any, cast: Cast) -> Any:
    return task_create(
        actor=cast.people["supervisor"],
        title="企业开办一日办结",
        source=TaskSource.KEY_DECISION,
        goal="压缩开办时间",
        deadline=date(2026, 6, 30),
        owner=t.city,
        lead_unit=t.department,
    )


def _task_finish(item: Any, cast: Cast) -> None:
    task_set_status(actor=cast.people["supervisor"], task=item, status=TaskStatus.COMPLETED)


def _notice(t: Any, cast: Cast) -> Any:
    return notice_issue(
        actor=cast.people["supervisor"],
        unit=t.department,
        problem="窗口工作人员离岗",
        deadline=date(2026, 6, 30),
        owner=t.city,
    )


def _notice_finish(item: Any, cast: Cast) -> None:
    notice_report(actor=cast.people["reviewer"], notice=item, rectification="已建立离岗登记制度")


def _accountability(t: Any, cast: Cast) -> Any:
    inspection_services.inspection_record(
        actor=cast.people["community_staff"],
        inspector=t.county_department,
        inspected=t.community,
        inspected_on=date(2026, 2, 26),
        subject="安全检查",
    )
    return compliance_services.accountability_open(
        actor=cast.people["supervisor"],
        violation=Violation.objects.get(),
        instruction="停止直接检查社区",
    )


def _accountability_finish(item: Any, cast: Cast) -> None:
    compliance_services.accountability_report_rectification(
        actor=cast.people["offender_head"], record=item, rectification="已停止"
    )
    compliance_services.accountability_close(
        actor=cast.people["supervisor"], record=item, accepted=True
    )


@dataclass(frozen=True)
class Queue:
    name: str
    make: Callable[[Any, Cast], Any]
    finish: Callable[[Any, Cast], None]
    told: frozenset[str]  # who must act and who supervises; everyone else in the cast is not


QUEUE_TABLE = [
    # 12345 rules: the complaint centre's handlers of the unit's government act on it
    # (and the assigned handler, here the same person).
    Queue("complaint", _complaint, _complaint_finish, frozenset({"complaint_handler"})),
    # The asked department answers (reviewer, head); the service centre's clerks answer for
    # every department of their government ("one window", access._scope).
    Queue(
        "consultation",
        _consultation,
        _consultation_finish,
        frozenset({"reviewer", "department_head", "window_clerk"}),
    ),
    # The lead unit reports progress; the owner's efficiency office manages the task.
    Queue(
        "supervision_task",
        _task,
        _task_finish,
        frozenset({"reviewer", "department_head", "supervisor"}),
    ),
    # The unit concerned reports its rectification; the issuer's efficiency office verifies.
    Queue(
        "rectification_notice",
        _notice,
        _notice_finish,
        frozenset({"reviewer", "department_head", "supervisor"}),
    ),
    # Rule 10: the offending unit reports its rectification (community.record or
    # community.approve there, compliance.accountability_report_rectification); the efficiency
    # office that opened the record supervises.
    Queue(
        "community_accountability",
        _accountability,
        _accountability_finish,
        frozenset({"offender_head", "supervisor"}),
    ),
]
DUE_FIELD = {q.name: q.due_field for q in QUEUES}


def test_the_table_covers_every_queue():
    assert sorted(q.name for q in QUEUE_TABLE) == sorted(DUE_FIELD)


def _set_due(item: Any, queue: str, due_on: date) -> None:
    type(item).objects.filter(pk=item.pk).update(**{DUE_FIELD[queue]: due_on})


def _told(queue: str, item: Any, level: str) -> set[int]:
    key = f"deadline:{queue}:{item.pk}:{level}"
    return set(Notification.objects.filter(dedupe_key=key).values_list("recipient", flat=True))


def _yellow_days() -> int:
    return SupervisionSettings.current().yellow_days


@pytest.mark.parametrize("queue", QUEUE_TABLE, ids=lambda q: q.name)
@pytest.mark.parametrize(
    ("due_on", "level"),
    [
        ("far", None),  # one working day beyond the yellow window: nothing yet
        ("edge", "yellow"),  # exactly yellow_days working days left
        (TODAY, "yellow"),  # the last day itself is still in time
        (YESTERDAY_WORKED, "red"),  # the working day after the last day
    ],
)
def test_an_open_item_is_alerted_at_its_level_to_the_right_people(
    org_tree, cast, queue, due_on, level
):
    item = queue.make(org_tree, cast)
    if due_on == "far":
        due_on = add_workdays(TODAY, _yellow_days() + 1)
    elif due_on == "edge":
        due_on = add_workdays(TODAY, _yellow_days())
    _set_due(item, queue.name, due_on)

    sent = deadline_alerts_send(as_of=TODAY)

    keys = set(
        Notification.objects.filter(dedupe_key__startswith="deadline:").values_list(
            "dedupe_key", flat=True
        )
    )
    if level is None:
        assert sent == 0 and keys == set()
        return
    assert keys == {f"deadline:{queue.name}:{item.pk}:{level}"}
    assert cast.names(_told(queue.name, item, level)) == queue.told
    assert sent == len(queue.told)
    # Once: the sweep runs every few minutes.
    assert deadline_alerts_send(as_of=TODAY) == 0
    assert Notification.objects.filter(dedupe_key__startswith="deadline:").count() == sent


@pytest.mark.parametrize("queue", QUEUE_TABLE, ids=lambda q: q.name)
def test_yellow_then_red_each_once(org_tree, cast, queue):
    item = queue.make(org_tree, cast)
    _set_due(item, queue.name, TODAY)
    assert deadline_alerts_send(as_of=TODAY) == len(queue.told)
    assert deadline_alerts_send(as_of=TODAY) == 0
    day_after = add_workdays(TODAY, 1)
    assert deadline_alerts_send(as_of=day_after) == len(queue.told)
    assert deadline_alerts_send(as_of=day_after) == 0
    assert cast.names(_told(queue.name, item, "yellow")) == queue.told
    assert cast.names(_told(queue.name, item, "red")) == queue.told


@pytest.mark.parametrize("queue", QUEUE_TABLE, ids=lambda q: q.name)
def test_a_finished_item_is_not_alerted(org_tree, cast, queue):
    item = queue.make(org_tree, cast)
    queue.finish(item, cast)
    _set_due(item, queue.name, YESTERDAY_WORKED)
    assert deadline_alerts_send(as_of=TODAY) == 0
    assert not Notification.objects.filter(dedupe_key__startswith="deadline:").exists()


def test_the_complaint_yellow_alert_is_rendered_from_the_editable_template(org_tree, cast):
    complaint = _complaint(org_tree, cast)
    _set_due(complaint, "complaint", TODAY)
    template_save(
        actor=cast.people["system_admin"],
        kind=MessageKind.COMPLAINT_REPLY_DUE,
        channel=Channel.IN_SITE,
        subject="请在{due_on}前答复投诉{complaint_number}",
        body="事由：{subject}",
    )
    deadline_alerts_send(as_of=TODAY)
    message = Notification.objects.get(dedupe_key=f"deadline:complaint:{complaint.pk}:yellow")
    assert message.title == f"请在{TODAY.isoformat()}前答复投诉{complaint.number}"
    assert message.body == f"事由：{complaint.title}"


def test_the_complaint_red_alert_and_the_other_queues_are_not_templated(org_tree, cast):
    complaint = _complaint(org_tree, cast)
    _set_due(complaint, "complaint", YESTERDAY_WORKED)
    template_save(
        actor=cast.people["system_admin"],
        kind=MessageKind.COMPLAINT_REPLY_DUE,
        channel=Channel.IN_SITE,
        subject="请在{due_on}前答复投诉{complaint_number}",
        body="事由：{subject}",
    )
    deadline_alerts_send(as_of=TODAY)
    message = Notification.objects.get(dedupe_key=f"deadline:complaint:{complaint.pk}:red")
    assert complaint.number in message.title and "请在" not in message.title
