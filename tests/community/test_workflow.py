"""Every row of the status tables, allowed and refused."""

from __future__ import annotations

import pytest

from xiaoneng.community.workflow import (
    ACCOUNTABILITY_TRANSITIONS,
    ADMISSION_TRANSITIONS,
    MEETING_TRANSITIONS,
    check_transition,
)
from xiaoneng.core.errors import Conflict

TABLES = [ADMISSION_TRANSITIONS, MEETING_TRANSITIONS, ACCOUNTABILITY_TRANSITIONS]
CASES = [(table, current, target) for table in TABLES for current in table for target in table]


@pytest.mark.parametrize(("table", "current", "target"), CASES)
def test_transition_table(table, current, target):
    if target in table[current]:
        check_transition(table, current, target)
    else:
        with pytest.raises(Conflict):
            check_transition(table, current, target)
