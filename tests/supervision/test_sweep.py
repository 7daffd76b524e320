"""The sweep: idempotent, one alert per case and level, deemed acceptance, the command."""

from __future__ import annotations

import importlib.util
import threading
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.supervision.factories import make_case, make_version
from xiaoneng.cases.models import Case, CaseEvent
from xiaoneng.cases.workflow import EventKind
from xiaoneng.core.models import Notification
from xiaoneng.core.roles import Role
from xiaoneng.supervision.models import CaseWatch, RuleBreach
from xiaoneng.supervision.sweep import supervise

pytestmark = pytest.mark.django_db
D = date.fromisoformat


@pytest.fixture
def people(org_tree, make_user):
    return {
        "assignee": make_user(Role.REVIEWER, organization=org_tree.department),
        "supervisor": make_user(
            Role.EFFICIENCY_SUPERVISOR, organization=org_tree.efficiency_office
        ),
        "foreign": make_user(
            Role.EFFICIENCY_SUPERVISOR, organization=org_tree.other_city_department
        ),
    }


def test_sweep_twice_gives_no_duplicate_alerts(org_tree, people):
    version = make_version(org_tree.department, committed=5, legal=20)
    red = make_case(version, accepted_on=D("2025-09-01"), assignee=people["assignee"])
    yellow = make_case(version, accepted_on=D("2025-09-04"), assignee=people["assignee"])
    make_case(version, accepted_on=D("2025-09-09"))  # green
    first = supervise(as_of=D("2025-09-09"))
    assert first.alerts == 4  # two cases × (assignee + supervisor)
    second = supervise(as_of=D("2025-09-09"))
    assert second.alerts == 0 and second.new_breaches == 0
    keys = sorted(Notification.objects.values_list("dedupe_key", "recipient__username"))
    assert keys == sorted(
        [
            (f"light:{red.pk}:red", people["assignee"].username),
            (f"light:{red.pk}:red", people["supervisor"].username),
            (f"light:{yellow.pk}:yellow", people["assignee"].username),
            (f"light:{yellow.pk}:yellow", people["supervisor"].username),
        ]
    )
    assert not Notification.objects.filter(recipient=people["foreign"]).exists()
    # 09-12: the yellow case turns red (assignee + supervisor), the green one turns yellow
    # (no assignee: the supervisor only); still no repeats
    assert supervise(as_of=D("2025-09-12")).alerts == 3
    assert supervise(as_of=D("2025-09-12")).alerts == 0
    assert RuleBreach.objects.filter(rule="committed_deadline_missed").count() == 2


def test_alert_is_not_repeated_even_when_the_watch_forgets(org_tree, people):
    version = make_version(org_tree.department)
    make_case(version, accepted_on=D("2025-09-01"), assignee=people["assignee"])
    supervise(as_of=D("2025-09-09"))
    CaseWatch.objects.update(red_alerted_at=None)
    assert supervise(as_of=D("2025-09-09")).alerts == 0  # notify's dedupe key holds


def test_sweep_creates_missing_watches_and_deems_acceptance(org_tree):
    version = make_version(org_tree.department)
    accepted = make_case(version, accepted_on=D("2025-09-01"), refresh=False)
    submitted = make_case(version, accepted_on=None, received_on=D("2025-09-01"), refresh=False)
    report = supervise(as_of=D("2025-09-15"))
    assert report.deemed_accepted == 1
    submitted.refresh_from_db()
    assert submitted.accepted_on == D("2025-09-01") and submitted.is_deemed_accepted
    assert CaseEvent.objects.filter(case=submitted, kind=EventKind.DEEMED_ACCEPTED).exists()
    assert set(CaseWatch.objects.values_list("pk", flat=True)) == {accepted.pk, submitted.pk}
    assert Case.objects.get(pk=submitted.pk).watch.accepted_on == D("2025-09-01")


def test_command_runs_and_refuses_a_bad_date(org_tree):
    out = StringIO()
    call_command("supervise", "--as-of", "2025-09-09", stdout=out)
    assert "2025-09-09" in out.getvalue()
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("supervise", "--as-of", "09/09/2025")


def test_the_web_process_starts_no_sweep_thread():
    """The sweep runs on the task queue (`xiaoneng worker`), never in a thread of the server."""
    assert importlib.util.find_spec("xiaoneng.supervision.periodic") is None
    assert not [t for t in threading.enumerate() if t.name == "supervision-sweep"]
