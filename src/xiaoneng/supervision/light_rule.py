"""The light of one case as of a day, in Python: the rule of `lights.with_lights`, for the few
cases the summaries read as plain values instead of compiling that SQL for them.

The SQL (`lights._clock`, `lights._as_of`, `RED`, `YELLOW`, `LEGAL_OVERDUE`) stays the
reference; tests/supervision/test_light_rule.py compares the two over a table of cases.
Positions are doubled working-day ordinals (models/watch.py), `here` is pos(day).
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from xiaoneng.supervision.models import Light


class PauseFacts(NamedTuple):
    """The columns of one WatchPause the light needs."""

    started_on: date
    start_position: int
    end_position: int | None  # None while the special procedure runs
    counts_for_committed: bool
    counts_for_legal: bool
    counts_for_committed_unextended: bool
    counts_for_legal_unextended: bool


class WatchFacts(NamedTuple):
    """The columns of one CaseWatch the light needs, with its pauses."""

    has_pauses: bool
    extended_on: date | None
    due_position: int
    yellow_position: int
    legal_position: int
    unextended_due_position: int
    unextended_yellow_position: int
    unextended_legal_position: int
    pauses: tuple[PauseFacts, ...]


def light_from_facts(watch: WatchFacts, *, day: date, here: int) -> tuple[str, bool]:
    """(light, is legally overdue) of a case open on `day`, `here` being pos(day).

    - Before its extension (granted after `day`: `extended_on > day`) the case is measured
      against its unextended positions and moved only by the pauses that moved those
      (`counts_for_*_unextended`); otherwise against its positions and `counts_for_*`
      (Art. 42: an extension counts from the day it was granted).
    - The clock of a deadline is `here` minus, when the case has pauses (`has_pauses`), each
      pause begun strictly before `day` that moves that deadline, counted from its start to
      min(its end, here): an open pause freezes the clock, a later one is not known yet
      (Art. 45).
    - Red when the committed clock is past the due position, yellow from the yellow position
      up to the due position, green before it; legally overdue when the legal clock is past
      the legal position.
    """
    before_extension = watch.extended_on is not None and watch.extended_on > day
    committed_paused = legal_paused = 0
    if watch.has_pauses:
        for pause in watch.pauses:
            if not pause.started_on < day:
                continue
            end = here if pause.end_position is None else min(pause.end_position, here)
            if (
                pause.counts_for_committed_unextended
                if before_extension
                else pause.counts_for_committed
            ):
                committed_paused += end - pause.start_position
            if pause.counts_for_legal_unextended if before_extension else pause.counts_for_legal:
                legal_paused += end - pause.start_position
    if before_extension:
        due_at = watch.unextended_due_position
        yellow_at = watch.unextended_yellow_position
        legal_at = watch.unextended_legal_position
    else:
        due_at, yellow_at, legal_at = (
            watch.due_position,
            watch.yellow_position,
            watch.legal_position,
        )
    clock = here - committed_paused
    if clock > due_at:
        light = Light.RED
    elif clock >= yellow_at:
        light = Light.YELLOW
    else:
        light = Light.GREEN
    return light, here - legal_paused > legal_at
