"""The cockpit's tables as Excel sheets (one sheet of headlines, one of trends, one of rankings)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from xiaoneng.cockpit.selectors import Cockpit
from xiaoneng.core.excel import Sheet


def cockpit_sheets(cockpit: Cockpit) -> list[Sheet]:
    headlines = Sheet(
        title=_("Headlines"),
        headers=[
            _("Context"),
            _("Figure"),
            _("Value"),
            _("Same period last year"),
            _("Year on year"),
            _("Previous period"),
            _("Period on period"),
        ],
        rows=[
            [
                h.context,
                h.label,
                h.value,
                h.year_ago,
                h.year_on_year,
                h.previous,
                h.period_on_period,
            ]
            for h in cockpit.headlines
        ],
        widths=[16, 34, 12, 14, 12, 14, 12],
    )
    labels = [p.label for p in cockpit.headlines[0].trend] if cockpit.headlines else []
    trends = Sheet(
        title=_("Trend"),
        headers=[_("Figure"), *labels],
        rows=[[h.label, *[p.value for p in h.trend]] for h in cockpit.headlines],
    )
    ranking = Sheet(
        title=_("Ranking of units"),
        headers=[_("Figure"), pgettext("ranking", "Place"), _("Unit"), _("Value")],
        rows=[[h.label, r.rank, r.unit, r.value] for h in cockpit.headlines for r in h.ranking],
        widths=[34, 8, 30, 12],
    )
    return [headlines, trends, ranking]
