"""Compliance dashboard: the figures of the ten rules per community and per street (rule 10)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from xiaoneng.community import selectors
from xiaoneng.community.models import CertificateOutcome
from xiaoneng.community.workflow import COUNTED_MEETING_STATUSES, AccountabilityStatus
from xiaoneng.core.charts import stacked_bar_chart
from xiaoneng.core.excel import Sheet
from xiaoneng.core.models import Organization, User

FIGURES = (
    "meetings",
    "inspections",
    "admissions",
    "certificates_issued",
    "certificates_refused",
    "burden_reports",
    "violations",
    "open_accountability",
)


def figure_labels() -> dict[str, str]:
    return {
        "meetings": _("Meetings summoned"),
        "inspections": _("Inspections received"),
        "admissions": _("Admission requests"),
        "certificates_issued": _("Certificates issued"),
        "certificates_refused": _("Certificates refused"),
        "burden_reports": _("Burden reports"),
        "violations": _("Violations"),
        "open_accountability": _("Open accountability"),
    }


@dataclass
class Row:
    organization: Organization
    figures: Counter = field(default_factory=Counter)

    def get(self, name: str) -> int:
        return self.figures[name]

    @property
    def values(self) -> list[int]:
        return [self.figures[name] for name in FIGURES]


@dataclass
class Dashboard:
    year: int
    communities: list[Row]
    streets: list[Row]

    @property
    def totals(self) -> Counter:
        """The figures summed over the communities shown (the dashboard's summary row)."""
        total: Counter = Counter()
        for row in self.communities:
            total.update(row.figures)
        return total


def compliance_dashboard(*, user: User, year: int, within: Organization | None = None) -> Dashboard:
    """Counts for the year, per community visible to the user and summed per street;
    ``within`` (a street or a community of the user's scope) keeps only its subtree."""
    visible = selectors.communities_visible(user=user)
    if within is not None:
        visible = visible.filter(path__startswith=within.path)
    communities = {c.pk: Row(c) for c in visible.select_related("parent").order_by("path")}

    def add(community_id: int | None, name: str, amount: int = 1) -> None:
        if community_id in communities:
            communities[community_id].figures[name] += amount

    meetings = selectors.meeting_list(user=user).filter(
        held_on__year=year, status__in=COUNTED_MEETING_STATUSES
    )
    for meeting in meetings:
        for community in meeting.communities.all():
            add(community.pk, "meetings")
    for inspection in selectors.inspection_list(user=user).filter(inspected_on__year=year):
        add(inspection.inspected_id, "inspections")
    for request in selectors.admission_list(user=user).filter(submitted_on__year=year):
        for community in request.communities.all():
            add(community.pk, "admissions")
    for certificate in selectors.certificate_list(user=user, year=year):
        add(
            certificate.community_id,
            "certificates_issued"
            if certificate.outcome == CertificateOutcome.ISSUED
            else "certificates_refused",
        )
    for report in selectors.burden_report_list(user=user).filter(pushed_on__year=year):
        add(report.community_id, "burden_reports")
    for violation in selectors.violation_list(user=user).filter(occurred_on__year=year):
        add(violation.community_id, "violations")
        record = getattr(violation, "accountability", None)
        if record is not None and record.status != AccountabilityStatus.CLOSED:
            add(violation.community_id, "open_accountability")
    streets: dict[int, Row] = {}
    for row in communities.values():
        parent = row.organization.parent
        if parent is None:
            continue
        streets.setdefault(parent.pk, Row(parent)).figures.update(row.figures)
    return Dashboard(
        year=year, communities=list(communities.values()), streets=list(streets.values())
    )


def dashboard_chart(dashboard: Dashboard):  # type: ignore[no-untyped-def]
    labels = figure_labels()
    rows = dashboard.streets
    return stacked_bar_chart(
        [r.organization.short_name or r.organization.name for r in rows],
        {
            labels[name]: [r.figures[name] for r in rows]
            for name in ("meetings", "inspections", "burden_reports", "violations")
        },
        title=_("Burden on communities per street, %(year)s") % {"year": dashboard.year},
    )


def dashboard_sheets(dashboard: Dashboard) -> list[Sheet]:
    labels = figure_labels()
    headers = [_("Unit"), *[labels[name] for name in FIGURES]]
    return [
        Sheet(_("Streets"), headers, [[r.organization.name, *r.values] for r in dashboard.streets]),
        Sheet(
            _("Communities"),
            headers,
            [[r.organization.name, *r.values] for r in dashboard.communities],
        ),
    ]
