"""Rule 10 (supervision of the ten rules): the compliance figures join the situation report and
the cockpit — each is community.selectors.compliance_figures for the same period and the same
person's scope, so the three never disagree."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from xiaoneng.cockpit.selectors import cockpit_headlines
from xiaoneng.community import selectors
from xiaoneng.community.models import ViolationRule
from xiaoneng.community.services import compliance as compliance_services
from xiaoneng.community.services import registers as register_services
from xiaoneng.reports.figures import situation_figures

pytestmark = pytest.mark.django_db
JUNE = (date(2026, 6, 1), date(2026, 6, 30))


def _june_in_the_community(cm) -> None:  # type: ignore[no-untyped-def]
    def add(register: str, data: dict[str, object], community=None):  # type: ignore[no-untyped-def]
        return register_services.register_entry_create(
            actor=cm.community_staff if community is None else cm.other_community_staff,
            register=register,
            community=community or cm.community,
            data=data,
        )

    demand = {"department": cm.county_department.pk, "approval": "not_asked"}
    add("ledgers", {**demand, "kind": "ledger", "title": "创城台账", "demanded_on": "2026-06-03"})
    add(
        "ledgers",
        {
            **demand,
            "kind": "report",
            "title": "纸质报表",
            "demanded_on": "2026-06-04",
            "is_paper_removed": "on",
            "removed_on": "2026-06-10",
        },
    )
    # May: outside the period
    add("ledgers", {**demand, "kind": "ledger", "title": "五月台账", "demanded_on": "2026-05-20"})
    for raised, answered in (("2026-06-02", "2026-06-05"), ("2026-06-08", ""), ("2026-06-09", "")):
        add(
            "requests",
            {
                "raised_on": raised,
                "resident_name": "王阿姨",
                "request": "楼道灯坏了",
                "answer": "已修复" if answered else "",
                "answered_on": answered,
            },
        )
    # the other community: a violation its own staff see, the first community's do not
    add(
        "ledgers",
        {**demand, "kind": "ledger", "title": "和平台账", "demanded_on": "2026-06-05"},
        community=cm.other_community,
    )
    violation = selectors.violation_list(user=cm.supervisor).filter(
        rule=ViolationRule.UNAPPROVED_LEDGER, community=cm.community, occurred_on__gte=JUNE[0]
    )[0]
    compliance_services.accountability_open(
        actor=cm.supervisor, violation=violation, instruction="停止要求填报，书面说明"
    )


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        # (violations, accountability open, unapproved ledgers, paper removed, requests, rate)
        ("supervisor", (3, 1, 3, 1, 3, "33.3")),
        ("community_staff", (2, 1, 2, 1, 3, "33.3")),  # own community only
        ("other_community_staff", (1, 0, 1, 0, 0, None)),
    ],
)
def test_report_figures_are_the_compliance_figures_in_the_persons_scope(cm, who, expected):
    _june_in_the_community(cm)
    user = getattr(cm, who)
    own = selectors.compliance_figures(user=user, start=JUNE[0], end=JUNE[1])
    report = situation_figures(user=user, start=JUNE[0], end=JUNE[1], as_of=JUNE[1])
    rate = None if own.requests_answer_rate is None else str(own.requests_answer_rate)
    assert (
        own.violations,
        own.accountability_open,
        own.ledgers_unapproved,
        own.paper_ledgers_removed,
        own.residents_requests,
        rate,
    ) == expected
    assert (
        report.community_accountability_open,
        report.community_ledgers_unapproved,
        report.community_paper_ledgers_removed,
        report.community_requests,
        report.community_requests_answer_rate,
    ) == (
        own.accountability_open,
        own.ledgers_unapproved,
        own.paper_ledgers_removed,
        own.residents_requests,
        own.requests_answer_rate,
    )


def test_report_narrows_to_a_unit(cm):
    _june_in_the_community(cm)
    report = situation_figures(
        user=cm.supervisor,
        start=JUNE[0],
        end=JUNE[1],
        as_of=JUNE[1],
        organization=cm.other_community,
    )
    assert (report.community_ledgers_unapproved, report.community_requests) == (1, 0)


@pytest.mark.parametrize(
    ("code", "expected", "page"),
    [
        ("community_ledgers_unapproved", 3, "/workbench/community/registers/ledgers/"),
        ("community_requests_answer_rate", "33.3", "/workbench/community/registers/requests/"),
    ],
)
def test_cockpit_headline_equals_the_compliance_figure_and_drills_to_its_register(
    cm, code, expected, page
):
    _june_in_the_community(cm)
    headline = cockpit_headlines(user=cm.supervisor, as_of=JUNE[1], period="month").headline(code)
    assert str(headline.value) == str(expected)
    # May: one unapproved ledger (20 May), no requests
    assert headline.previous == {"community_ledgers_unapproved": 1}.get(code)
    assert headline.drill_url == page
    client = Client()
    client.force_login(cm.supervisor)
    assert client.get(headline.drill_url).status_code == 200
