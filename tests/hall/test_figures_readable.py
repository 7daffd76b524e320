"""The hall figures read like the other dashboards (issue 20, part 3): the summary row first,
anchored sections, and the period as YYYY-MM-DD text inputs with the local date picker."""

from __future__ import annotations

import pytest
from django.test import Client

from xiaoneng.core.roles import Role

pytestmark = pytest.mark.django_db
FIGURES = "/workbench/hall/figures/"


def test_summary_row_first_then_anchored_sections(hall_desk, personas, client: Client):  # type: ignore[no-untyped-def]
    client.force_login(personas[Role.LEADER])
    html = client.get(FIGURES, {"start": "2026-06-01", "end": "2026-06-30"}).content.decode()
    summary = html.index('class="summary-row"')
    assert html.index('class="filters"') < summary < html.index('id="appointments"')
    nav = html[html.index('class="section-nav"') :]
    nav = nav[: nav.index("</nav>")]
    for anchor in ("appointments", "by-0", "by-1", "by-2", "ratings"):
        assert f'href="#{anchor}"' in nav and f'id="{anchor}"' in html


def test_period_is_iso_text_with_the_local_picker(hall_desk, personas, client: Client):  # type: ignore[no-untyped-def]
    client.force_login(personas[Role.LEADER])
    html = client.get(FIGURES, {"start": "2026-06-01", "end": "2026-06-30"}).content.decode()
    assert 'type="text" name="start" value="2026-06-01"' in html
    assert "data-datepicker" in html and 'type="date"' not in html
    assert "/static/vendor/flatpickr-4.6.13/flatpickr.min.js" in html
